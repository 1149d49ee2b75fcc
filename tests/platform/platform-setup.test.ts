import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { configureRuntime } from '../../cloudfunctions/core/runtime';
import { rows } from '../../cloudfunctions/core/db/client';
import { wecomExchangeFromEnv, wecomWebFromEnv } from '../../cloudfunctions/core/auth/wecom';
import { resetWecomTokens } from '../../cloudfunctions/core/platform/wecom-api';
import { openSecret } from '../../cloudfunctions/core/platform/sealed-secret';
import { startPlatformStandIn, type PlatformStandIn } from '../../cloudfunctions/gateway/platform-standin';
import { createHarness, type Harness } from '../support/harness';
import { expectCode } from '../membership/support';

/** h5 WeCom sign-in (OAuth2 + JS-SDK), the federation's corps and setup problems, posters: through the stand-in. */
const CORP = 'wwfederation';
const SECRET = 'federation-app-secret';
const APPID = 'wxposterapp';
let h: Harness;
let standIn: PlatformStandIn;
const saved = { ...process.env };

beforeAll(async () => {
  h = await createHarness();
  standIn = await startPlatformStandIn({
    corps: [
      { corpId: CORP, secret: SECRET, users: { lihua: { name: '李华' } } },
      // an enterprise downstream of the federation (上下游), the federation's app shared to it as agent 2001
      {
        corpId: 'wwdownstream',
        secret: 'unused',
        users: { wanggang: { name: '王刚' } },
        upstream: { corpId: CORP, agentId: '2001' },
      },
      // another, whose contacts only its own self-built app may read (the shared app's user/get → 48002)
      {
        corpId: 'wwownapp',
        secret: 'own-app-secret',
        users: { zhaomin: { name: '赵敏' }, zhouqi: { name: '周琦' } },
        upstream: { corpId: CORP, agentId: '2001' },
        contactsOnlyToOwnApp: true,
      },
    ],
    wechatApps: { [APPID]: 'poster-app-secret' },
  });
  Object.assign(process.env, {
    WECOM_CORP_ID: CORP,
    WECOM_APP_SECRET: SECRET,
    WECOM_AGENT_ID: '1000002',
    PU_WECOM_API_BASE: standIn.wecomBase,
    PU_WECOM_OAUTH_BASE: standIn.oauthBase,
    PU_WECHAT_API_BASE: standIn.wechatBase,
    PU_MINIPROGRAM_APPID: APPID,
    WX_APP_SECRET: 'poster-app-secret',
    PU_PLATFORM_KEY: 'platform-setup-test-key',
  });
  resetWecomTokens();
  configureRuntime({
    db: h.database.db,
    clock: () => h.now,
    secret: new TextEncoder().encode('test-secret-test-secret-test-secret'),
    wecomWeb: wecomWebFromEnv(),
    writeBudget: null,
  });
});
afterAll(async () => {
  process.env = saved;
  await standIn?.close();
  await h?.close();
});

test('h5 in WeCom: authorize URL (snsapi_base) → the page WeCom redirects to with a code → our session', async () => {
  standIn.oauthAs(CORP, 'lihua');
  const { url } = await h.ok(null, 'unions.wecomAuthorizeUrl', {
    redirectUri: 'http://127.0.0.1:1/index.html',
    state: 'abc',
  });
  expect(url).toContain('scope=snsapi_base');
  expect(url).toContain(`appid=${CORP}`);
  expect(url).toContain('agentid=1000002');
  const back = await fetch(url!.replace('#wechat_redirect', ''), { redirect: 'manual' });
  const location = new URL(back.headers.get('location')!);
  expect(location.searchParams.get('state')).toBe('abc');
  const code = location.searchParams.get('code')!;
  const { token, newcomer } = await h.ok(null, 'unions.wecomWebLogin', { code });
  expect(newcomer).toBe(true);
  const home = await h.callWithToken(token, 'unions.home', {});
  expect(home.ok && home.data.person.name).toBe('李华');
  // a code is good once
  await expectCode(h.call(null, 'unions.wecomWebLogin', { code }), 'WECOM_LOGIN_FAILED');
});

test('JS-SDK: wx.config and wx.agentConfig signatures as documented (sha1 over ticket, nonce, timestamp, url)', async () => {
  const url = 'http://127.0.0.1:1/index.html?x=1';
  const s = await h.ok(h.base.people.zhangWei, 'unions.wecomJsapiSignature', { url: `${url}#/pages/home/index` });
  const sha1 = (ticket: string) =>
    crypto
      .createHash('sha1')
      .update(`jsapi_ticket=${ticket}&noncestr=${s.nonceStr}&timestamp=${s.timestamp}&url=${url}`)
      .digest('hex');
  expect(s.signature).toBe(sha1(standIn.ticket(CORP, 'jsapi')));
  expect(s.agentSignature).toBe(sha1(standIn.ticket(CORP, 'agent_config')));
  expect(s).toMatchObject({ corpId: CORP, agentId: '1000002' });
  await expectCode(h.call(null, 'unions.wecomJsapiSignature', { url }), 'UNAUTHENTICATED');
});

test('a federation admin maps an enterprise corp to its unions; the secret is sealed and never shown back', async () => {
  const admin = h.base.people.chenJing; // 东湖区, above 星火
  const input = {
    unionId: h.base.unions.east,
    corpId: 'wwxinghuoelec',
    name: '星火电子',
    secret: 'xinghuo-corp-secret-123',
    unionIds: [h.base.unions.xinghuo],
  };
  const saved1 = await h.ok(admin, 'unions.saveWecomCorp', input);
  expect(saved1).toMatchObject({ corpId: 'wwxinghuoelec', unionIds: [h.base.unions.xinghuo], hasSecret: true });
  expect(JSON.stringify(saved1)).not.toContain(input.secret);
  const [row] = await rows<{ secret_sealed: string }>(h.database.db, sql`SELECT secret_sealed FROM wecom_corps`);
  expect(row.secret_sealed).not.toContain(input.secret);
  expect(openSecret(row.secret_sealed)).toBe(input.secret);
  // renaming keeps the secret
  await h.ok(admin, 'unions.saveWecomCorp', { ...input, name: '星火电子科技', secret: undefined });
  const [again] = await rows<{ secret_sealed: string }>(h.database.db, sql`SELECT secret_sealed FROM wecom_corps`);
  expect(openSecret(again.secret_sealed)).toBe(input.secret);
  expect((await h.ok(admin, 'unions.wecomCorps', { unionId: h.base.unions.east })).corps).toHaveLength(1);
  // a union outside the federation, another federation taking the corp, a member: refused
  await expectCode(
    h.call(admin, 'unions.saveWecomCorp', { ...input, unionIds: [h.base.unions.school, h.base.unions.westTown] }),
    'INVALID_INPUT',
  );
  await expectCode(
    h.call(h.base.people.sunLi, 'unions.saveWecomCorp', {
      ...input,
      unionId: h.base.unions.west,
      unionIds: [h.base.unions.west],
    }),
    'CORP_TAKEN',
  );
  await expectCode(h.call(h.base.people.zhangWei, 'unions.saveWecomCorp', input), 'FORBIDDEN');
});

test('setup problems reach the federation admin: 60020 names the egress IP step', async () => {
  standIn.trustCaller(false);
  standIn.oauthAs(CORP, 'lihua');
  resetWecomTokens();
  configureRuntime({
    db: h.database.db,
    clock: () => h.now,
    secret: new TextEncoder().encode('test-secret-test-secret-test-secret'),
    wecomWeb: wecomWebFromEnv(),
    writeBudget: null,
  });
  await expectCode(h.call(null, 'unions.wecomWebLogin', { code: 'whatever' }), 'WECOM_LOGIN_FAILED');
  standIn.trustCaller(true);
  const { problems } = await h.ok(h.base.people.zhaoLei, 'unions.platformProblems', { unionId: h.base.unions.city });
  expect(problems).toEqual([expect.objectContaining({ account: CORP, errcode: 60020, hint: expect.stringContaining('NAT') })]);
  await expectCode(h.call(h.base.people.wangFang, 'unions.platformProblems', { unionId: h.base.unions.xinghuo }), 'FORBIDDEN');

  // 已处理: only a federation admin, once; the list no longer shows it; audited; it comes back when reported again
  const problemId = problems[0].id;
  await expectCode(
    h.call(h.base.people.wangFang, 'unions.resolvePlatformProblem', { unionId: h.base.unions.xinghuo, problemId }),
    'FORBIDDEN',
  );
  expect(await h.ok(h.base.people.zhaoLei, 'unions.resolvePlatformProblem', { unionId: h.base.unions.city, problemId })).toEqual({
    resolvedAt: h.now.toISOString(),
  });
  await expectCode(
    h.call(h.base.people.zhaoLei, 'unions.resolvePlatformProblem', { unionId: h.base.unions.city, problemId }),
    'NOT_FOUND',
  );
  expect((await h.ok(h.base.people.zhaoLei, 'unions.platformProblems', { unionId: h.base.unions.city })).problems).toEqual([]);
  const audited = await rows<{ actor_id: string }>(
    h.database.db,
    sql`SELECT actor_id FROM audit_log WHERE action = 'unions.resolvePlatformProblem' AND target_id = ${problemId}`,
  );
  expect(audited).toEqual([{ actor_id: h.base.people.zhaoLei }]);
  standIn.trustCaller(false);
  resetWecomTokens();
  await expectCode(h.call(null, 'unions.wecomWebLogin', { code: 'whatever' }), 'WECOM_LOGIN_FAILED');
  standIn.trustCaller(true);
  const again = (await h.ok(h.base.people.zhaoLei, 'unions.platformProblems', { unionId: h.base.unions.city })).problems;
  expect(again).toEqual([expect.objectContaining({ id: problemId, errcode: 60020, times: 2 })]);
});

test('a poster: the mini-program code for scene i=<12 chars> (≤ 32), and the scene leads back to the invite', async () => {
  const chair = h.base.people.wangFang;
  const invite = await h.ok(chair, 'membership.createInvite', { unionId: h.base.unions.xinghuo });
  const poster = await h.ok(chair, 'membership.invitePoster', { inviteId: invite.id });
  expect(poster.scene).toMatch(/^i=[A-Za-z0-9]{12}$/);
  expect(poster.scene.length).toBeLessThanOrEqual(32);
  expect(poster.dataUrl).toMatch(/^data:image\/jpeg;base64,/);
  const call = standIn.calls.filter((c) => c.path === 'wxa/getwxacodeunlimit').pop()!;
  expect(call.body).toMatchObject({ scene: poster.scene, page: 'pages/membership/join/index' });
  // the same invite keeps its scene (printed posters stay valid); a stale token is refreshed once
  standIn.expireTokens();
  expect((await h.ok(chair, 'membership.invitePoster', { inviteId: invite.id })).scene).toBe(poster.scene);
  expect(await h.ok(null, 'membership.inviteByScene', { scene: poster.scene })).toEqual({ inviteCode: invite.code });
  await expectCode(h.call(null, 'membership.inviteByScene', { scene: 'i=AAAAAAAAAAAA' }), 'INVITE_INVALID');
  await expectCode(h.call(h.base.people.zhangWei, 'membership.invitePoster', { inviteId: invite.id }), 'FORBIDDEN');
});

test('上下游: a member of a downstream enterprise signs in through the federation app once the federation configured the corp', async () => {
  standIn.trustCaller(true);
  resetWecomTokens();
  configureRuntime({
    db: h.database.db,
    clock: () => h.now,
    secret: new TextEncoder().encode('test-secret-test-secret-test-secret'),
    wecom: wecomExchangeFromEnv(),
    writeBudget: null,
  });
  const login = (code: string) => h.call(null, 'unions.wecomLogin', { code });
  const refused = await login(standIn.loginCode('wwdownstream', 'wanggang'));
  expect(refused.ok ? 'ok' : refused.error.message).toContain('尚未接入');
  await h.ok(h.base.people.chenJing, 'unions.saveWecomCorp', {
    unionId: h.base.unions.east,
    corpId: 'wwdownstream',
    name: '下游企业',
    agentId: '2001',
    unionIds: [h.base.unions.xinghuo],
  });
  const res = await login(standIn.loginCode('wwdownstream', 'wanggang'));
  if (!res.ok) throw new Error(res.error.message);
  const [p] = await rows<{ name: string; wecom_corp_id: string; wecom_user_id: string }>(
    h.database.db,
    sql`SELECT name, wecom_corp_id, wecom_user_id FROM people WHERE wecom_corp_id = 'wwdownstream'`,
  );
  expect(p).toEqual({ name: '王刚', wecom_corp_id: 'wwdownstream', wecom_user_id: 'wanggang' });
  const paths = standIn.calls.map((c) => c.path);
  expect(paths).toContain('cgi-bin/corpgroup/corp/gettoken');
  expect(paths).toContain('cgi-bin/miniprogram/transfer_session');
});

test("上下游 with the corp's own app secret stored: the contact's name is read through that app", async () => {
  const login = (user: string) => h.call(null, 'unions.wecomLogin', { code: standIn.loginCode('wwownapp', user) });
  const nameOf = async (user: string) =>
    (
      await rows<{ name: string; name_source: string }>(
        h.database.db,
        sql`SELECT name, name_source FROM people WHERE wecom_corp_id = 'wwownapp' AND wecom_user_id = ${user}`,
      )
    )[0];
  const save = (secret?: string) =>
    h.ok(h.base.people.chenJing, 'unions.saveWecomCorp', {
      unionId: h.base.unions.east,
      corpId: 'wwownapp',
      name: '自建应用企业',
      agentId: '2001',
      unionIds: [h.base.unions.school],
      ...(secret ? { secret } : {}),
    });
  // only the shared app: the contact cannot be read, the join form will give the name
  await save();
  expect((await login('zhaomin')).ok).toBe(true);
  expect(await nameOf('zhaomin')).toEqual({ name: '企业微信用户', name_source: 'placeholder' });
  // the federation stores the corp's own app secret (sealed): the name comes from the contact
  await save('own-app-secret');
  expect((await login('zhouqi')).ok).toBe(true);
  expect(await nameOf('zhouqi')).toEqual({ name: '周琦', name_source: 'wecom' });
  const own = standIn.calls.filter((c) => c.path === 'cgi-bin/gettoken' && c.query.corpid === 'wwownapp');
  expect(own.map((c) => c.query.corpsecret)).toEqual(['own-app-secret']);
  const [stored] = await rows<{ secret_sealed: string }>(
    h.database.db,
    sql`SELECT secret_sealed FROM wecom_corps WHERE corp_id = 'wwownapp'`,
  );
  expect(stored.secret_sealed).not.toContain('own-app-secret');
});
