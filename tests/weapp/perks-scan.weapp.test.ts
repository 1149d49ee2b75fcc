/**
 * At the door and at the counter, on the weapp build in miniprogram-simulate: the officer's 扫码 reads the code on
 * the member's screen with `wx.scanCode` and checks them in (their points follow); 扫码核销 uses a coupon once. A
 * closed scanner calls nothing and says to type the code.
 */
import { canRunWeapp } from './support/miniprogram';
import { useWeappStage } from './support/stage';

const suite = canRunWeapp() ? describe : describe.skip;
jest.setTimeout(180_000);

let scanned: string | null = null;

suite('perks: check-in and redemption by scan (weapp)', () => {
  const stage = useWeappStage('wangFang', { scanResult: () => scanned });
  const start = Date.now(); // one clock reading: the sign-up must close before the activity starts
  const hours = (h: number) => new Date(start + h * 3600_000).toISOString();

  it('scans a member in at an activity and redeems a coupon once', async () => {
    const home = await stage.api('wangFang', 'unions.home', {});
    const unionId = home.membership!.union.id;
    const activity = await stage.api('wangFang', 'perks.publishActivity', {
      unionId,
      audience: 'members',
      title: '扫码签到演练',
      startsAt: hours(1),
      endsAt: hours(3),
      capacity: 5,
      signupOpensAt: hours(-1),
      signupClosesAt: hours(0.5),
      mode: 'first_come',
      pointsOnCheckin: 7,
      fields: [],
      online: false,
    });
    const mine = await stage.api('zhangWei', 'perks.signUp', { activityId: activity.id, answers: {} });
    expect(mine.status).toBe('confirmed');
    const before = (await stage.api('zhangWei', 'perks.myPoints', {})).balance;

    const manage = await stage.app.open('pages/perks/manage/index');
    expect(manage.text()).toContain('扫码签到演练');
    scanned = null; // the officer closes the scanner: nothing is called
    const calls = stage.wx.calls.length;
    await manage.tap('.perks-scan-checkin');
    const after = stage.wx.calls.slice(calls).map((c) => c.api);
    expect(after).toContain('scanCode');
    expect(after).not.toContain('cloud.callFunction');
    expect(JSON.stringify(stage.wx.calls.slice(calls))).toContain('未能扫码，请手动输入会员出示的 8 位签到码');

    scanned = mine.checkinCode;
    await manage.tap('.perks-scan-checkin');
    expect(manage.errors).toEqual([]);
    const detail = await stage.api('zhangWei', 'perks.activity', { activityId: activity.id });
    expect(detail.mine).toMatchObject({ status: 'confirmed', checkedIn: true });
    expect((await stage.api('zhangWei', 'perks.myPoints', {})).balance).toBe(before + 7);

    const batch = await stage.api('wangFang', 'perks.publishBatch', {
      unionId,
      title: '扫码核销演练',
      total: 1,
      perPerson: 1,
      pricePoints: 0,
      startsAt: hours(-1),
    });
    const grabbed = await stage.api('zhangWei', 'perks.grab', { batchId: batch.id, requestId: 'weapp-scan-1' });
    scanned = grabbed.code;
    await manage.tap('.perks-scan-redeem');
    const coupons = await stage.api('zhangWei', 'perks.myCoupons', {});
    expect(coupons.coupons.find((c) => c.code === scanned)?.redeemedAt).toBeTruthy();
    // the same coupon scanned again is refused, with the reason shown to the merchant
    const shown = stage.wx.calls.length;
    await manage.tap('.perks-scan-redeem');
    const toasts = stage.wx.calls.slice(shown).filter((c) => c.api === 'showToast');
    expect(JSON.stringify(toasts)).toContain('该券已核销，不能重复使用');
    manage.unload();
  });
});
