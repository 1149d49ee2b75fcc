import { configureRuntime } from '../../cloudfunctions/core/runtime';
import { main as unionsMain } from '../../cloudfunctions/unions';
import type { ApiResponse } from '@shared/contracts';
import type { CallContext } from '../../cloudfunctions/core/auth/identity';
import { wecomExchangeFromEnv, type WecomCodeExchange } from '../../cloudfunctions/core/auth/wecom';
import { sql } from 'drizzle-orm';
import { AppError } from '../../cloudfunctions/core/errors';
import { rows } from '../../cloudfunctions/core/db/client';
import { createHarness, type Harness } from '../support/harness';

/** A mini-program call to the unions function is answered with the ApiResponse itself. */
const handleUnions = (event: unknown, context: CallContext) => unionsMain(event, context) as Promise<ApiResponse<unknown>>;

const SECRET = new TextEncoder().encode('wecom-login-test-secret-0123456789');

describe('WeCom code exchange against the WeCom API', () => {
  const env = { WECOM_CORP_ID: 'ww-corp', WECOM_APP_SECRET: 's3cret' } as NodeJS.ProcessEnv;

  test('is off unless the corp id and app secret are configured', () => {
    expect(wecomExchangeFromEnv({} as NodeJS.ProcessEnv)).toBeNull();
    expect(wecomExchangeFromEnv({ WECOM_CORP_ID: 'x' } as NodeJS.ProcessEnv)).toBeNull();
  });

  test('fetches the access token once, then exchanges each code for (corp id, user id, session key)', async () => {
    const urls: string[] = [];
    const exchange = wecomExchangeFromEnv(env, async (url) => {
      urls.push(url);
      if (url.includes('/gettoken')) return { errcode: 0, access_token: 'tok-1', expires_in: 7200 };
      if (url.includes('/user/get')) return { errcode: 48002, errmsg: 'api forbidden' };
      const code = new URL(url).searchParams.get('js_code');
      return { errcode: 0, corpid: 'ww-corp', userid: `user-${code}`, session_key: 'k' } as never;
    })!;
    await expect(exchange('a')).resolves.toEqual({ corpId: 'ww-corp', userId: 'user-a', name: null, sessionKey: 'k' });
    await expect(exchange('b')).resolves.toEqual({ corpId: 'ww-corp', userId: 'user-b', name: null, sessionKey: 'k' });
    expect(urls.filter((u) => u.includes('/gettoken'))).toHaveLength(1);
    expect(urls.filter((u) => u.includes('/user/get?'))).toHaveLength(2);
    expect(urls[1]).toContain('access_token=tok-1');
    expect(urls[0]).toContain('corpsecret=s3cret');
  });

  test('an invalid code or an unreachable WeCom is a Chinese error, and an expired token is fetched anew', async () => {
    let tokens = 0;
    let down = false;
    const exchange = wecomExchangeFromEnv(env, async (url) => {
      if (down) throw new Error('ECONNRESET');
      if (url.includes('/gettoken')) return { errcode: 0, access_token: `tok-${++tokens}`, expires_in: 7200 };
      return url.includes('tok-1')
        ? { errcode: 42001, errmsg: 'access_token expired' }
        : { errcode: 40029, errmsg: 'invalid code' };
    })!;
    await expect(exchange('x')).rejects.toMatchObject({
      code: 'WECOM_LOGIN_FAILED',
      message: expect.stringContaining('登录码无效'),
    });
    await expect(exchange('y')).rejects.toMatchObject({ code: 'WECOM_LOGIN_FAILED' });
    expect(tokens).toBe(2);
    down = true;
    await expect(exchange('z')).rejects.toMatchObject({
      code: 'WECOM_LOGIN_FAILED',
      message: expect.stringContaining('无法连接'),
    });
  });
});

describe('unions.wecomLogin', () => {
  let h: Harness;
  const known = new Map<string, { corpId: string; userId: string }>([
    ['code-new', { corpId: 'ww-xinghuo', userId: 'zhang.san' }],
  ]);
  const fakeWecom: WecomCodeExchange = async (code) => {
    const who = known.get(code);
    if (!who) throw new AppError('WECOM_LOGIN_FAILED', '企业微信登录失败：登录码无效或已过期，请重新进入');
    return who;
  };
  const login = (code: string) => handleUnions({ action: 'unions.wecomLogin', input: { code } }, { local: true });

  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h?.close());

  test('is refused with a clear message where WeCom login is not configured', async () => {
    configureRuntime({ db: h.database.db, clock: () => h.now, secret: SECRET, wecom: null });
    const res = await login('code-new');
    expect(res.ok ? 'ok' : res.error).toMatchObject({ code: 'WECOM_NOT_CONFIGURED' });
  });

  test('the first login creates the person bound to (corp, user); later logins find the same person', async () => {
    configureRuntime({ db: h.database.db, clock: () => h.now, secret: SECRET, wecom: fakeWecom });
    const first = await login('code-new');
    if (!first.ok) throw new Error(first.error.message);
    expect(first.data).toMatchObject({ newcomer: true });
    const again = await login('code-new');
    if (!again.ok) throw new Error(again.error.message);
    expect(again.data).toMatchObject({ newcomer: false });

    // The session identifies the same person for every later call; nothing in a payload could.
    const home1 = await handleUnions(
      { action: 'unions.home', input: {}, sessionToken: (first.data as { token: string }).token },
      { local: true },
    );
    const home2 = await handleUnions(
      { action: 'unions.home', input: {}, sessionToken: (again.data as { token: string }).token },
      { local: true },
    );
    expect(home1.ok && home2.ok).toBe(true);
    const id1 = home1.ok ? (home1.data as { person: { id: string } }).person.id : null;
    const id2 = home2.ok ? (home2.data as { person: { id: string } }).person.id : null;
    expect(id1).toBeTruthy();
    expect(id1).toBe(id2);
    expect(home1.ok && (home1.data as { membership: unknown }).membership).toBeNull();
  });

  test('an unknown code signs nobody in and creates nobody', async () => {
    configureRuntime({ db: h.database.db, clock: () => h.now, secret: SECRET, wecom: fakeWecom });
    const count = async () => (await rows<{ n: number }>(h.database.db, sql`SELECT count(*)::int AS n FROM people`))[0].n;
    const before = await count();
    const res = await login('forged');
    expect(res.ok ? 'ok' : res.error.code).toBe('WECOM_LOGIN_FAILED');
    expect(await count()).toBe(before);
  });
});
