/**
 * The product's main flow on the platform it was built for: a worker inside WeCom (企业微信) opens the invite card
 * shared into their group, the mini-program signs in with `wx.qy.login` (no session yet), the code is exchanged by
 * the real server code with the platform stand-in's documented `miniprogram/jscode2session`, and the worker joins
 * by roster match and sees their e-card. The weapp build runs in miniprogram-simulate; the cloud functions are the
 * real entries over the demo data. The app may not read this corp's contacts (user/get answers 48002), so the name
 * comes from the join form: the placeholder name must never take part in matching (the bug that kept every WeCom
 * worker out).
 */
import { DEMO_ROSTER } from '../../cloudfunctions/core/membership/seed';
import { startPlatformStandIn, type PlatformStandIn } from '../../cloudfunctions/gateway/platform-standin';
import { canRunWeapp } from './support/miniprogram';
import { useWeappStage } from './support/stage';

const suite = canRunWeapp() ? describe : describe.skip;
jest.setTimeout(180_000);

const CORP = 'wwweappcorp';
const worker = DEMO_ROSTER[9]; // on 星火电子工会's roster, not yet a member

suite('a WeCom worker joins from a group card (weapp in WeCom)', () => {
  let standIn: PlatformStandIn;
  const saved = { ...process.env };
  // before the stage starts its cloud process, which reads the WeCom settings from its environment
  beforeAll(async () => {
    standIn = await startPlatformStandIn({
      corps: [{ corpId: CORP, secret: 'weapp-corp-secret', users: { denghui: { name: worker.name } }, contactReadable: false }],
    });
    Object.assign(process.env, {
      WECOM_CORP_ID: CORP,
      WECOM_APP_SECRET: 'weapp-corp-secret',
      PU_WECOM_API_BASE: standIn.wecomBase,
    });
  });
  const stage = useWeappStage(null, { environment: 'wxwork', qyLoginCode: () => standIn.loginCode(CORP, 'denghui') });
  afterAll(async () => {
    process.env = saved;
    await standIn?.close();
  });

  it('signs in with wx.qy.login, matches the roster by the name typed and shows the e-card', async () => {
    const home = await stage.api('wangFang', 'unions.home', {});
    const invite = await stage.api('wangFang', 'membership.createInvite', {
      unionId: home.membership!.union.id,
      autoApprove: true,
    });

    const join = await stage.app.open('pages/membership/join/index', { invite: invite.code });
    // signed in through WeCom before the page's first call, with the code the WeCom client gave
    expect(stage.wx.calls.some((c) => c.api === 'qy.login')).toBe(true);
    expect(standIn.calls.some((c) => c.path === 'cgi-bin/miniprogram/jscode2session' && c.errcode === 0)).toBe(true);
    expect(stage.wx.storage.get('pu.session')).toBeTruthy();
    expect(join.text()).toContain('星火电子科技有限公司工会委员会');
    expect(join.text()).toContain('填写身份信息');
    expect(join.text()).not.toContain('企业微信用户'); // the placeholder is not offered as the worker's name

    await join.type('.join-form__input', worker.name, 0);
    await join.type('.join-form__input', worker.mobile, 1);
    await join.type('.join-form__input', worker.idNumber, 2);
    await join.tap('.join-submit');
    expect(join.errors).toEqual([]);
    expect(join.text()).not.toContain('不一致');

    // joined: the person now holds an active membership with a member number, and the app goes on to the e-card
    const card = await stage.app.open('pages/membership/card/index');
    expect(card.text()).toContain(worker.name);
    expect(card.text()).toMatch(/会员号 ?XC\d{6}/);
    expect(card.text()).toContain('星火电子工会');
    expect(card.errors).toEqual([]);
  });
});
