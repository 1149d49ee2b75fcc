import { SignJWT, jwtVerify } from 'jose';
import { AppError } from '../errors';
import { dataDir, localSecret } from '../local-data';

/** How a session was obtained: the local 开发登录 page, or a WeCom code exchange in production. */
export type SessionKind = 'dev' | 'wecom';

export interface SessionClaims {
  personId: string;
  kind: SessionKind;
}

const ISSUER = 'palm-union';

/**
 * The signing secret: SESSION_SECRET in production; locally a random one generated into the data folder
 * on first use (`core/local-data.ts`), so no secret ever sits in the repository.
 */
export function loadSessionSecret(dir: string = dataDir()): Uint8Array {
  return new TextEncoder().encode(localSecret('session-secret', 'SESSION_SECRET', dir));
}

export async function issueSession(secret: Uint8Array, claims: SessionClaims, ttl = '12h'): Promise<string> {
  return new SignJWT({ kind: claims.kind })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.personId)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(secret);
}

const isProduction = () => process.env.NODE_ENV === 'production';

/** Verify a session token; dev sessions are refused in production whatever their signature. */
export async function verifySession(secret: Uint8Array, token: string): Promise<SessionClaims> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, secret, { issuer: ISSUER, algorithms: ['HS256'] }));
  } catch {
    throw new AppError('UNAUTHENTICATED', '登录已失效，请重新登录');
  }
  const kind = payload.kind as SessionKind;
  if (kind !== 'dev' && kind !== 'wecom') throw new AppError('UNAUTHENTICATED', '登录凭证无效');
  if (kind === 'dev' && isProduction()) throw new AppError('UNAUTHENTICATED', '开发登录在生产环境不可用');
  if (!payload.sub) throw new AppError('UNAUTHENTICATED', '登录凭证无效');
  return { personId: payload.sub, kind };
}
