import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { people } from '../db/schema';
import { verifySession } from './session';
import { anonymous, type Caller } from './caller';

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
    // Loaded lazily: the local gateway and tests never need the SDK.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tcb = require('@cloudbase/node-sdk');
    const ctx = tcb.getCloudbaseContext(context);
    return { OPENID: ctx.WX_OPENID || undefined, UNIONID: ctx.WX_UNIONID || undefined };
  } catch {
    return {};
  }
}

/**
 * The one place that decides who the caller is: a signed session token (dev login or WeCom
 * login, carried by the host or by the client as an opaque credential), else the CloudBase
 * WeChat identity, else anonymous.
 */
export async function resolveCaller(
  db: Db,
  secret: Uint8Array | null,
  token: string | undefined,
  context: CallContext,
): Promise<Caller> {
  if (token) {
    if (!secret) return anonymous;
    const claims = await verifySession(secret, token);
    return { personId: claims.personId, source: claims.kind === 'dev' ? 'dev' : 'wecom' };
  }
  if (context.local) return anonymous;
  const wx = cloudbaseWxContext(context);
  if (!wx.OPENID) return anonymous;
  const [person] = await db.select({ id: people.id }).from(people).where(eq(people.openid, wx.OPENID)).limit(1);
  return { personId: person?.id ?? null, source: 'wechat', openid: wx.OPENID, unionid: wx.UNIONID };
}
