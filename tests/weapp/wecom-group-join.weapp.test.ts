/**
 * 仅限本群 on the platform it was built for: a worker in a WeCom group opens the 私密消息 invite card; the weapp build
 * (miniprogram-simulate) reads the card's shareTicket with `wx.qy.getContext`, logs in afresh and hands
 * `wx.qy.getShareInfo`'s encrypted answer to the real server code, which exchanges the code with the platform
 * stand-in's `miniprogram/jscode2session`, decrypts the group and binds the invite to it. Opened other than from
 * the card, the page says so and joins nobody.
 */
import { DEMO_ROSTER } from '../../cloudfunctions/core/membership/seed';
import { startPlatformStandIn, type PlatformStandIn } from '../../cloudfunctions/gateway/platform-standin';
import { canRunWeapp } from './support/miniprogram';
import { useWeappStage } from './support/stage';

const suite = canRunWeapp() ? describe : describe.skip;
jest.setTimeout(180_000);

const CORP = 'wwgroupweapp';
const APPID = 'wxgroupweapptest';
const worker = DEMO_ROSTER[7]; // on 星火电子工会's roster, not yet a member
let inviteCode = '';
let ticket: string | null = 'shareticket-group-1';

suite('a WeCom worker joins through a group-only invite card (weapp in WeCom)', () => {
  let standIn: PlatformStandIn;
  const saved = { ...process.env };
  beforeAll(async () => {
    standIn = await startPlatformStandIn({
      corps: [{ corpId: CORP, secret: 'group-weapp-secret', users: { zhuo: { name: worker.name } } }],
    });
    Object.assign(process.env, {
      WECOM_CORP_ID: CORP,
      WECOM_APP_SECRET: 'group-weapp-secret',
      PU_WECOM_API_BASE: standIn.wecomBase,
      PU_MINIPROGRAM_APPID: APPID,
    });
  });
  const stage = useWeappStage(null, {
    environment: 'wxwork',
    qyLoginCode: () => standIn.loginCode(CORP, 'zhuo'),
    qyShareTicket: () => ticket,
    qyShareInfo: (code) => standIn.groupShareInfo(code, 'wrkHRGroup', inviteCode, APPID),
  });
  afterAll(async () => {
    process.env = saved;
    await standIn?.close();
  });

  it('opened from the card it joins and binds the group; opened elsewhere it says so and calls nothing', async () => {
    const home = await stage.api('wangFang', 'unions.home', {});
    const invite = await stage.api('wangFang', 'membership.createInvite', {
      unionId: home.membership!.union.id,
      autoApprove: true,
      groupOnly: true,
    });
    inviteCode = invite.code;

    // opened from somewhere else (a forwarded link): no shareTicket
    ticket = null;
    let join = await stage.app.open('pages/membership/join/index', { invite: invite.code });
    expect(join.text()).toContain('仅限本群成员');
    await join.type('.join-form__input', worker.name, 0);
    await join.type('.join-form__input', worker.mobile, 1);
    await join.type('.join-form__input', worker.idNumber, 2);
    const before = stage.wx.calls.length;
    await join.tap('.join-submit');
    const after = stage.wx.calls.slice(before);
    expect(JSON.stringify(after.filter((c) => c.api === 'showToast'))).toContain('本邀请仅限群内成员');
    expect(after.some((c) => c.api === 'cloud.callFunction' && JSON.stringify(c.options).includes('membership.join'))).toBe(
      false,
    );
    join.unload();

    // from the card in the group
    ticket = 'shareticket-group-1';
    join = await stage.app.open('pages/membership/join/index', { invite: invite.code });
    await join.type('.join-form__input', worker.name, 0);
    await join.type('.join-form__input', worker.mobile, 1);
    await join.type('.join-form__input', worker.idNumber, 2);
    await join.tap('.join-submit');
    expect(join.errors).toEqual([]);
    expect(stage.wx.calls.some((c) => c.api === 'qy.getShareInfo')).toBe(true);
    const listed = await stage.api('wangFang', 'membership.listInvites', { unionId: home.membership!.union.id });
    expect(listed.invites.find((i) => i.id === invite.id)).toMatchObject({ groupOnly: true, groupBound: true, usedCount: 1 });
    const card = await stage.app.open('pages/membership/card/index');
    expect(card.text()).toContain(worker.name);
    expect(card.text()).toContain('星火电子工会');
  });
});
