import { sql } from 'drizzle-orm';
import { configureRuntime } from '../../cloudfunctions/core/runtime';
import { main as unionsMain } from '../../cloudfunctions/unions';
import { main as membershipMain } from '../../cloudfunctions/membership';
import { rows } from '../../cloudfunctions/core/db/client';
import { wecomExchangeFromEnv } from '../../cloudfunctions/core/auth/wecom';
import { resetWecomTokens } from '../../cloudfunctions/core/platform/wecom-api';
import { DEMO_ROSTER } from '../../cloudfunctions/core/membership/seed';
import { startPlatformStandIn, type PlatformStandIn } from '../../cloudfunctions/gateway/platform-standin';
import { createHarness, type Harness } from '../support/harness';
import type { ApiResponse } from '@shared/contracts';

process.env.PU_HASH_KEY ??= 'membership-test-hash-key';

/**
 * WeCom sign-in and joining through the real client code against the platform stand-in (loopback HTTP, documented
 * errcodes): token cache and refresh, setup problems, the contact's name or the join form's, never a placeholder.
 */
const CORP = 'wwxinghuo';
const SECRET = 'xinghuo-app-secret';
const NOSECRET = 'quiet-app-secret';
const QUIET = 'wwquietcorp'; // an app that may not read the contact (user/get → 48002)
const SESSION_SECRET = new TextEncoder().encode('test-secret-test-secret-test-secret'); // the harness's;
const deng = DEMO_ROSTER[9]; // 邓辉, on 星火电子工会's roster
const xu = DEMO_ROSTER[8]; // 许婷

let h: Harness;
let standIn: PlatformStandIn;
const logs: string[] = [];

function useCorp(corpId: string, secret: string) {
  resetWecomTokens();
  const wecom = wecomExchangeFromEnv({
    WECOM_CORP_ID: corpId,
    WECOM_APP_SECRET: secret,
    PU_WECOM_API_BASE: standIn.wecomBase,
  } as NodeJS.ProcessEnv);
  configureRuntime({ db: h.database.db, clock: () => h.now, secret: SESSION_SECRET, wecom, writeBudget: null });
}

type Res<T> = ApiResponse<T>;
const login = (code: string) =>
  unionsMain({ action: 'unions.wecomLogin', input: { code } }, { local: true }) as Promise<
    Res<{ token: string; newcomer: boolean }>
  >;
const asSession = <T>(fn: typeof unionsMain, token: string, action: string, input: unknown) =>
  fn({ action, input }, { local: true, sessionToken: token }) as Promise<Res<T>>;
const must = <T>(r: Res<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code} ${r.error.message}`);
  return r.data;
};

beforeAll(async () => {
  h = await createHarness();
  standIn = await startPlatformStandIn({
    corps: [
      {
        corpId: CORP,
        secret: SECRET,
        users: {
          denghui: { name: deng.name },
          other: { name: '别人' },
          zhengli: { name: DEMO_ROSTER[2].name },
          fengtao: { name: DEMO_ROSTER[3].name },
        },
      },
      { corpId: QUIET, secret: NOSECRET, users: { xuting: { name: xu.name } }, contactReadable: false },
    ],
  });
  jest.spyOn(console, 'warn').mockImplementation((line: string) => void logs.push(String(line)));
});
afterAll(async () => {
  jest.restoreAllMocks();
  await standIn?.close();
  await h?.close();
});

test('one token per corp across sign-ins; refreshed once on 42001, 40014 and 40001; an invalid code is refused', async () => {
  useCorp(CORP, SECRET);
  must(await login(standIn.loginCode(CORP, 'other')));
  must(await login(standIn.loginCode(CORP, 'other')));
  expect(standIn.tokensIssued(CORP)).toBe(1);
  let issued = 1;
  for (const stale of [42001, 40014, 40001]) {
    standIn.failNext('cgi-bin/miniprogram/jscode2session', stale);
    must(await login(standIn.loginCode(CORP, 'other')));
    expect(standIn.tokensIssued(CORP)).toBe(++issued);
  }
  standIn.expireTokens();
  must(await login(standIn.loginCode(CORP, 'other')));
  expect(standIn.tokensIssued(CORP)).toBe(++issued);
  // stale twice in a row: one refresh only, then a Chinese error
  standIn.failNext('cgi-bin/miniprogram/jscode2session', 42001, 2);
  const twice = await login(standIn.loginCode(CORP, 'other'));
  expect(twice.ok ? 'ok' : twice.error.code).toBe('WECOM_LOGIN_FAILED');
  const used = standIn.loginCode(CORP, 'other');
  must(await login(used));
  const replay = await login(used);
  expect(replay.ok ? 'ok' : replay.error.message).toContain('登录码无效或已过期');
});

test('60020 (egress IP not trusted) is logged without secrets and becomes a setup problem for the administrator', async () => {
  useCorp(CORP, SECRET);
  standIn.trustCaller(false);
  logs.length = 0;
  const res = await login('any-code');
  standIn.trustCaller(true);
  expect(res.ok ? 'ok' : res.error).toMatchObject({ code: 'WECOM_LOGIN_FAILED', message: expect.stringContaining('60020') });
  expect(logs.join('\n')).toContain('errcode 60020');
  expect(logs.join('\n')).not.toContain(SECRET);
  expect(logs.join('\n')).not.toMatch(/wecom-wwxinghuo-[0-9a-f]{24}/);
  const problems = await rows<{ account: string; errcode: number; hint: string; times: number }>(
    h.database.db,
    sql`SELECT account, errcode, hint, times FROM platform_problems WHERE errcode = 60020`,
  );
  expect(problems).toEqual([
    expect.objectContaining({ account: CORP, errcode: 60020, hint: expect.stringContaining('固定出口 IP'), times: 1 }),
  ]);
});

async function joinInvite() {
  const invite = await h.ok(h.base.people.wangFang, 'membership.createInvite', {
    unionId: h.base.unions.xinghuo,
    autoApprove: true,
  });
  return invite.code;
}

test('the contact name read with user/get is the name; joining matches the roster and shows the e-card', async () => {
  useCorp(CORP, SECRET);
  const { token, newcomer } = must(await login(standIn.loginCode(CORP, 'denghui')));
  expect(newcomer).toBe(true);
  const [p] = await rows<{ name: string; name_source: string }>(
    h.database.db,
    sql`SELECT name, name_source FROM people WHERE wecom_corp_id = ${CORP} AND wecom_user_id = 'denghui'`,
  );
  expect(p).toEqual({ name: deng.name, name_source: 'wecom' });
  const joined = must(
    await asSession<{ outcome: string; match: string }>(membershipMain, token, 'membership.join', {
      inviteCode: await joinInvite(),
      name: deng.name,
      mobile: deng.mobile,
      idNumber: deng.idNumber,
    }),
  );
  expect(joined).toMatchObject({ outcome: 'joined', match: 'union' });
  const mine = must(await asSession<{ card: { memberNo: string } | null }>(membershipMain, token, 'membership.myMembership', {}));
  expect(mine.card?.memberNo).toMatch(/^XC\d+$/);
});

test('without the contact, the placeholder is never matched nor spends attempts: the join form gives the name', async () => {
  useCorp(QUIET, NOSECRET);
  const { token } = must(await login(standIn.loginCode(QUIET, 'xuting')));
  const who = async () =>
    (
      await rows<{ id: string; name: string; name_source: string }>(
        h.database.db,
        sql`SELECT id, name, name_source FROM people WHERE wecom_corp_id = ${QUIET}`,
      )
    )[0];
  expect(await who()).toMatchObject({ name: '企业微信用户', name_source: 'placeholder' });
  const joined = must(
    await asSession<{ outcome: string; match: string }>(membershipMain, token, 'membership.join', {
      inviteCode: await joinInvite(),
      name: xu.name,
      mobile: xu.mobile,
      idNumber: xu.idNumber,
    }),
  );
  expect(joined).toMatchObject({ outcome: 'joined', match: 'union' });
  const person = await who();
  expect(person).toMatchObject({ name: xu.name, name_source: 'given' });
  const attempts = await rows(h.database.db, sql`SELECT 1 FROM identity_attempts WHERE caller_key = ${`p:${person.id}`}`);
  expect(attempts).toHaveLength(0);
});

describe('one worker in both apps is one person', () => {
  const zheng = DEMO_ROSTER[2]; // 郑丽: WeChat first
  const feng = DEMO_ROSTER[3]; // 冯涛: WeCom first
  /** A call from the WeChat mini-program: CloudBase's context carries the OPENID. */
  const fromWechat = <T>(openid: string, action: string, input: unknown) =>
    membershipMain(
      { action, input },
      { environment: JSON.stringify({ WX_CONTEXT_KEYS: 'WX_OPENID,WX_UNIONID', WX_OPENID: openid, WX_UNIONID: `u-${openid}` }) },
    ) as Promise<Res<T>>;
  const form = (w: (typeof DEMO_ROSTER)[number], inviteCode: string) => ({
    inviteCode,
    name: w.name,
    mobile: w.mobile,
    idNumber: w.idNumber,
  });

  test('WeChat first, then WeCom: the WeCom sign-in is linked to the member after the identity check', async () => {
    useCorp(CORP, SECRET);
    const first = must(
      await fromWechat<{ outcome: string; memberNo: string }>('o-zheng', 'membership.join', form(zheng, await joinInvite())),
    );
    expect(first.outcome).toBe('joined');
    const [member] = await rows<{ id: string }>(h.database.db, sql`SELECT id FROM people WHERE openid = 'o-zheng'`);

    const { token } = must(await login(standIn.loginCode(CORP, 'zhengli')));
    // the mobile on file differs: no identity check, nothing linked, one attempt spent
    const wrong = must(
      await asSession<{ outcome: string }>(membershipMain, token, 'membership.join', {
        ...form(zheng, await joinInvite()),
        mobile: '13900000000',
      }),
    );
    expect(wrong.outcome).toBe('mismatch');
    const linked = must(
      await asSession<{ outcome: string; session?: string; memberNo: string | null }>(
        membershipMain,
        token,
        'membership.join',
        form(zheng, await joinInvite()),
      ),
    );
    expect(linked).toMatchObject({ outcome: 'already', memberNo: first.memberNo, session: expect.any(String) });
    const [bound] = await rows<{ id: string }>(
      h.database.db,
      sql`SELECT id FROM people WHERE wecom_corp_id = ${CORP} AND wecom_user_id = 'zhengli'`,
    );
    expect(bound.id).toBe(member.id);
    // the account the first WeCom sign-in made is closed; the next WeCom sign-in is the member
    const old = await asSession(unionsMain, token, 'unions.home', {});
    expect(old.ok ? 'ok' : old.error.code).toBe('UNAUTHENTICATED');
    const home = must(await asSession<{ person: { id: string } }>(unionsMain, linked.session!, 'unions.home', {}));
    expect(home.person.id).toBe(member.id);
    const again = must(await login(standIn.loginCode(CORP, 'zhengli')));
    expect(again.newcomer).toBe(false);
  });

  test('WeCom first, then WeChat: the WeChat identity is linked to the member after the identity check', async () => {
    useCorp(CORP, SECRET);
    const { token } = must(await login(standIn.loginCode(CORP, 'fengtao')));
    const joined = must(
      await asSession<{ outcome: string; memberNo: string }>(
        membershipMain,
        token,
        'membership.join',
        form(feng, await joinInvite()),
      ),
    );
    expect(joined.outcome).toBe('joined');
    const res = must(
      await fromWechat<{ outcome: string; memberNo: string }>('o-feng', 'membership.join', form(feng, await joinInvite())),
    );
    expect(res).toMatchObject({ outcome: 'already', memberNo: joined.memberNo });
    const [p] = await rows<{ openid: string; wecom_user_id: string }>(
      h.database.db,
      sql`SELECT openid, wecom_user_id FROM people WHERE openid = 'o-feng'`,
    );
    expect(p.wecom_user_id).toBe('fengtao');
    // from now on WeChat calls are the member
    const mine = must(await fromWechat<{ card: { memberNo: string } | null }>('o-feng', 'membership.myMembership', {}));
    expect(mine.card?.memberNo).toBe(joined.memberNo);
  });
});
