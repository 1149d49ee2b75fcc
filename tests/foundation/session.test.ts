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
    const token = await issueSession(secret, { personId, kind: 'dev' });
    await expect(verifySession(secret, token)).resolves.toEqual({ personId, kind: 'dev' });
  });

  test('dev sessions are refused in production, WeCom sessions are not', async () => {
    const dev = await issueSession(secret, { personId, kind: 'dev' });
    const wecom = await issueSession(secret, { personId, kind: 'wecom' });
    process.env.NODE_ENV = 'production';
    await expect(verifySession(secret, dev)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: '开发登录在生产环境不可用' });
    await expect(verifySession(secret, wecom)).resolves.toEqual({ personId, kind: 'wecom' });
  });

  test('a token signed with another secret, tampered or expired is refused', async () => {
    const foreign = await issueSession(other, { personId, kind: 'dev' });
    await expect(verifySession(secret, foreign)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const token = await issueSession(secret, { personId, kind: 'dev' });
    const [head, , sig] = token.split('.');
    const body = Buffer.from(JSON.stringify({ sub: 'someone-else', kind: 'dev', iss: 'palm-union' })).toString('base64url');
    await expect(verifySession(secret, `${head}.${body}.${sig}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const expired = await issueSession(secret, { personId, kind: 'dev' }, '-1s');
    await expect(verifySession(secret, expired)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
