import { sql } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { createHarness, type Harness } from '../support/harness';
import { rows } from '../../cloudfunctions/core/db/client';
import { identify } from '../../cloudfunctions/core/auth/identity';
import { issueSession } from '../../cloudfunctions/core/auth/session';

/** Sessions end: a lifetime bound on every token, and a per-person session version that revokes them all. */
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const SECRET = new TextEncoder().encode('test-secret-test-secret-test-secret'); // the harness's
const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

test('a validly signed token without exp, or for ten years, is refused at the function entry', async () => {
  const member = h.base.people.zhangWei;
  const forged = (exp?: string) => {
    const jwt = new SignJWT({ kind: 'dev', sv: 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(member)
      .setIssuer('palm-union')
      .setIssuedAt();
    return (exp ? jwt.setExpirationTime(exp) : jwt).sign(SECRET);
  };
  expect(codeOf(await h.callWithToken(await forged(), 'membership.myMembership', {}))).toBe('UNAUTHENTICATED');
  expect(codeOf(await h.callWithToken(await forged('3650d'), 'membership.myMembership', {}))).toBe('UNAUTHENTICATED');
  expect(codeOf(await h.callWithToken(await forged('1h'), 'membership.myMembership', {}))).toBe('ok');
});

test('sign out everywhere revokes every session of the person and no one else’s', async () => {
  const member = h.base.people.zhangWei;
  const other = h.base.people.liNa;
  const phone = await h.tokenFor(member);
  const laptop = await issueSession(SECRET, { personId: member, kind: 'dev', version: 0 });
  const othersToken = await h.tokenFor(other);
  expect(codeOf(await h.callWithToken(laptop, 'membership.myMembership', {}))).toBe('ok');

  expect(await h.callWithToken(phone, 'unions.signOutEverywhere', {})).toMatchObject({ ok: true, data: { signedOut: true } });
  for (const token of [phone, laptop]) {
    const r = await h.callWithToken(token, 'membership.myMembership', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: '登录已失效，请重新登录' } });
  }
  expect(codeOf(await h.callWithToken(othersToken, 'membership.myMembership', {}))).toBe('ok');
  // Signing in again gives a working session.
  expect(codeOf(await h.callWithToken(await h.tokenFor(member), 'membership.myMembership', {}))).toBe('ok');
  const [a] = await rows<{ n: number }>(
    h.database.db,
    sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'unions.signOutEverywhere' AND actor_id = ${member}`,
  );
  expect(a.n).toBe(1);
});

test('a role change revokes the sessions of the person whose roles changed', async () => {
  const vice = h.base.people.liQiang;
  const before = await h.tokenFor(vice);
  await h.ok(h.base.people.wangFang, 'unions.revokeRole', {
    unionId: h.base.unions.xinghuo,
    personId: vice,
    role: 'vice_chair',
    reason: '调整分工',
  });
  expect(codeOf(await h.callWithToken(before, 'unions.home', {}))).toBe('UNAUTHENTICATED');
  const home = await h.ok(vice, 'unions.home', {});
  expect(home.roles.map((r) => r.role)).not.toContain('vice_chair');
});

test('identity, session version and roles are resolved in one query', async () => {
  const chair = h.base.people.wangFang;
  const token = await h.tokenFor(chair);
  const db = h.database.db;
  const execute = jest.spyOn(db, 'execute');
  const select = jest.spyOn(db, 'select');
  try {
    const access = await identify(db, SECRET, token, { local: true });
    expect(access.caller.personId).toBe(chair);
    expect(access.can(['chair'], { id: h.base.unions.xinghuo, path: '/' })).toBe(true);
    expect(access.memberUnionId()).toBe(h.base.unions.xinghuo);
    expect(execute.mock.calls.length + select.mock.calls.length).toBe(1);
  } finally {
    execute.mockRestore();
    select.mockRestore();
  }
});
