import { SignJWT, jwtVerify } from 'jose';
import { AppError } from '../errors';
import { dataDir, localSecret } from '../local-data';

/** How a session was obtained: the local 开发登录 page, or a WeCom code exchange in production. */
export type SessionKind = 'dev' | 'wecom';

export interface SessionClaims {
  personId: string;
  kind: SessionKind;
  /** The person's `people.session_version` when the session was issued; a newer version revokes it. */
  version: number;
}

const ISSUER = 'palm-union';

/** Longest a session may live: PU_SESSION_HOURS (default 12). A token must expire within it of being issued. */
export function sessionLifetimeSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const hours = Number(env.PU_SESSION_HOURS ?? 12);
  return Number.isFinite(hours) && hours > 0 ? Math.round(hours * 3600) : 12 * 3600;
}

/** Tolerated clock difference between hosts when checking iat / exp. */
const CLOCK_SKEW_SECONDS = 60;

/**
 * The signing secret: SESSION_SECRET in production; locally a random one generated into the data folder
 * on first use (`core/local-data.ts`), so no secret ever sits in the repository.
 */
export function loadSessionSecret(dir: string = dataDir()): Uint8Array {
  return new TextEncoder().encode(localSecret('session-secret', 'SESSION_SECRET', dir));
}

export async function issueSession(
  secret: Uint8Array,
  claims: SessionClaims,
  ttl: string | number = `${sessionLifetimeSeconds()}s`,
): Promise<string> {
  return new SignJWT({ kind: claims.kind, sv: claims.version })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.personId)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(secret);
}

const isProduction = () => process.env.NODE_ENV === 'production';

const expired = () => new AppError('UNAUTHENTICATED', '登录已失效，请重新登录');

/**
 * Verify a session token: signature, issuer, an `iat` and an `exp` no further apart than the configured
 * lifetime (a token without end, or one for ten years, is refused even with a valid signature), and
 * the session version it was issued under. Dev sessions are refused in production whatever their signature.
 * Whether that version is still the person's current one is checked with the caller lookup (identity.ts).
 */
export async function verifySession(
  secret: Uint8Array,
  token: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<SessionClaims> {
  const lifetime = sessionLifetimeSeconds();
  let payload;
  try {
    ({ payload } = await jwtVerify(token, secret, {
      issuer: ISSUER,
      algorithms: ['HS256'],
      requiredClaims: ['iat', 'exp', 'sub'],
      currentDate: new Date(nowSeconds * 1000),
    }));
  } catch {
    throw expired();
  }
  const { iat, exp } = payload as { iat: number; exp: number };
  if (
    exp - iat > lifetime + CLOCK_SKEW_SECONDS ||
    exp > nowSeconds + lifetime + CLOCK_SKEW_SECONDS ||
    iat > nowSeconds + CLOCK_SKEW_SECONDS
  )
    throw expired();
  const kind = payload.kind as SessionKind;
  if (kind !== 'dev' && kind !== 'wecom') throw new AppError('UNAUTHENTICATED', '登录凭证无效');
  if (kind === 'dev' && isProduction()) throw new AppError('UNAUTHENTICATED', '开发登录在生产环境不可用');
  if (!payload.sub || !Number.isSafeInteger(payload.sv)) throw new AppError('UNAUTHENTICATED', '登录凭证无效');
  return { personId: payload.sub, kind, version: payload.sv as number };
}
