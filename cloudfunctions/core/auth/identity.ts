import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { AppError } from '../errors';
import { issueSession, verifySession, type SessionKind } from './session';
import { anonymous, type Caller } from './caller';
import { Access, loadPersonAccess } from './access';
import { cloudbaseSdk } from '../cloudbase-sdk';

/**
 * What the host tells us about the call. The local gateway sets `sessionToken` from the
 * Authorization header; CloudBase provides its own context (OPENID etc.) which we read via the SDK.
 */
export interface CallContext {
  sessionToken?: string;
  /** Set only by trusted hosts (gateway, tests): skip the CloudBase SDK lookup. */
  local?: boolean;
  [key: string]: unknown;
}

export interface WxIdentity {
  OPENID?: string;
  UNIONID?: string;
}

/** Reads the WeChat caller from CloudBase (only present when invoked by a mini-program client). */
export function cloudbaseWxContext(context: unknown): WxIdentity {
  try {
    const ctx = cloudbaseSdk().getCloudbaseContext(context);
    return { OPENID: ctx.WX_OPENID || undefined, UNIONID: ctx.WX_UNIONID || undefined };
  } catch {
    return {};
  }
}

const revoked = () => new AppError('UNAUTHENTICATED', '登录已失效，请重新登录');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one place that decides who the caller is and what they may do: a signed session token (dev login
 * or WeCom login, carried by the host or by the client as an opaque credential), else the CloudBase
 * WeChat identity, else anonymous. Person, session version and roles come from ONE query
 * (loadPersonAccess); a token issued under an older session version (revoked) is refused.
 */
export async function identify(
  db: Db,
  secret: Uint8Array | null,
  token: string | undefined,
  context: CallContext,
): Promise<Access> {
  if (token) {
    if (!secret) return new Access(anonymous, []);
    const claims = await verifiedClaims(secret, token);
    const person = await loadPersonAccess(db, { personId: claims.personId });
    if (!person || person.sessionVersion !== claims.version) throw revoked();
    return new Access({ personId: person.id, source: claims.kind === 'dev' ? 'dev' : 'wecom' }, person.grants);
  }
  if (context.local) return new Access(anonymous, []);
  const wx = cloudbaseWxContext(context);
  if (!wx.OPENID) return new Access(anonymous, []);
  const person = await loadPersonAccess(db, { openid: wx.OPENID });
  return new Access(
    { personId: person?.id ?? null, source: 'wechat', openid: wx.OPENID, unionid: wx.UNIONID },
    person?.grants ?? [],
  );
}

async function verifiedClaims(secret: Uint8Array, token: string) {
  const claims = await verifySession(secret, token);
  if (!UUID.test(claims.personId)) throw revoked();
  return claims;
}

/**
 * For a `session: 'inline'` action (core/action.ts): a session token's signature, expiry and kind checked here,
 * without the database; the person's session version is returned for the action's own statement to check, with
 * the roles (pu_caller_refusal_v1). Null when there is no token (or no secret): then `identify` as for any call.
 */
export async function identifyInline(
  secret: Uint8Array | null,
  token: string | undefined,
): Promise<{ access: Access; sessionVersion: number } | null> {
  if (!token || !secret) return null;
  const claims = await verifiedClaims(secret, token);
  const caller: Caller = { personId: claims.personId, source: claims.kind === 'dev' ? 'dev' : 'wecom' };
  return { access: new Access(caller, [], false), sessionVersion: claims.version };
}

/** Who is calling (without their grants); same rules and the same single query as `identify`. */
export async function resolveCaller(
  db: Db,
  secret: Uint8Array | null,
  token: string | undefined,
  context: CallContext,
): Promise<Caller> {
  return (await identify(db, secret, token, context)).caller;
}

/** A fresh session for a person, under their current session version (login: dev page or WeCom). */
export async function issuePersonSession(db: Db, secret: Uint8Array, personId: string, kind: SessionKind): Promise<string> {
  const [p] = await rows<{ session_version: number }>(db, sql`SELECT session_version FROM people WHERE id = ${personId}`);
  if (!p) throw new AppError('UNAUTHENTICATED', '登录凭证无效');
  return issueSession(secret, { personId, kind, version: Number(p.session_version) });
}

/** "Sign out everywhere", leaving, role changes: every session issued so far stops working. */
export async function revokeSessions(db: Db, personId: string): Promise<void> {
  await db.execute(sql`UPDATE people SET session_version = session_version + 1 WHERE id = ${personId}`);
}
