import { SignJWT } from 'jose';
import { issueSession, verifySession } from '../../cloudfunctions/core/auth/session';

const secret = new TextEncoder().encode('0123456789abcdef0123456789abcdef');
const other = new TextEncoder().encode('fedcba9876543210fedcba9876543210');
const personId = '00000000-0000-4000-8000-000000000001';

describe('signed sessions', () => {
  const env = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = env;
  });

  test('a dev session verifies locally', async () => {
    const token = await issueSession(secret, { personId, kind: 'dev', version: 0 });
    await expect(verifySession(secret, token)).resolves.toEqual({ personId, kind: 'dev', version: 0 });
  });

  test('dev sessions are refused in production, WeCom sessions are not', async () => {
    const dev = await issueSession(secret, { personId, kind: 'dev', version: 0 });
    const wecom = await issueSession(secret, { personId, kind: 'wecom', version: 0 });
    process.env.NODE_ENV = 'production';
    await expect(verifySession(secret, dev)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: '开发登录在生产环境不可用',
    });
    await expect(verifySession(secret, wecom)).resolves.toEqual({ personId, kind: 'wecom', version: 0 });
  });

  test('a token signed with another secret, tampered or expired is refused', async () => {
    const foreign = await issueSession(other, { personId, kind: 'dev', version: 0 });
    await expect(verifySession(secret, foreign)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const token = await issueSession(secret, { personId, kind: 'dev', version: 0 });
    const [head, , sig] = token.split('.');
    const body = Buffer.from(JSON.stringify({ sub: 'someone-else', kind: 'dev', iss: 'palm-union' })).toString('base64url');
    await expect(verifySession(secret, `${head}.${body}.${sig}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const expired = await issueSession(secret, { personId, kind: 'dev', version: 0 }, '-1s');
    await expect(verifySession(secret, expired)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  test('a token without exp, or one that lives longer than the configured lifetime, is refused despite a valid signature', async () => {
    const base = () =>
      new SignJWT({ kind: 'dev', sv: 0 })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(personId)
        .setIssuer('palm-union')
        .setIssuedAt();
    await expect(verifySession(secret, await base().sign(secret))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(verifySession(secret, await base().setExpirationTime('3650d').sign(secret))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    await expect(verifySession(secret, await base().setExpirationTime('13h').sign(secret))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    await expect(verifySession(secret, await base().setExpirationTime('11h').sign(secret))).resolves.toEqual({
      personId,
      kind: 'dev',
      version: 0,
    });
    // No iat: the lifetime cannot be checked.
    const noIat = await new SignJWT({ kind: 'dev', sv: 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(personId)
      .setIssuer('palm-union')
      .setExpirationTime('1h')
      .sign(secret);
    await expect(verifySession(secret, noIat)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    // PU_SESSION_HOURS shortens (or lengthens) the lifetime.
    process.env.PU_SESSION_HOURS = '2';
    try {
      await expect(verifySession(secret, await base().setExpirationTime('3h').sign(secret))).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
      });
      await expect(
        verifySession(secret, await issueSession(secret, { personId, kind: 'dev', version: 0 })),
      ).resolves.toMatchObject({ personId });
    } finally {
      delete process.env.PU_SESSION_HOURS;
    }
  });

  test('a token without a session version is refused', async () => {
    const legacy = await new SignJWT({ kind: 'dev' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(personId)
      .setIssuer('palm-union')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(secret);
    await expect(verifySession(secret, legacy)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
