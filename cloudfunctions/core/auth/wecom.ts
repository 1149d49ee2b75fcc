import { AppError } from '../errors';
import { WecomApiError, wecomCorpClient, type FetchJson, type WecomCorpClient } from '../platform/wecom-api';

/** Who WeCom says the caller is: the enterprise (corp id), the user inside it, and their contact name if readable. */
export interface WecomIdentity {
  corpId: string;
  userId: string;
  /** From `user/get` where the app may read the contact; null otherwise (the join form gives it). */
  name?: string | null;
}

/** Turns the 5-minute code of `wx.qy.login` into the caller's WeCom identity. */
export type WecomCodeExchange = (code: string) => Promise<WecomIdentity>;

const failed = (why: string) => new AppError('WECOM_LOGIN_FAILED', `企业微信登录失败：${why}`);

/** The contact's name, or null where the app may not read it (48002 / 60011) or WeCom has none. */
export async function contactName(client: WecomCorpClient, userId: string): Promise<string | null> {
  try {
    const reply = await client.get('user/get', { userid: userId });
    const name = typeof reply.name === 'string' ? reply.name.trim() : '';
    // third-party apps get the userid back in place of the name: that is no name
    return name && name !== userId ? name.slice(0, 30) : null;
  } catch (e) {
    if (e instanceof WecomApiError) return null;
    return null;
  }
}

/** WeCom's answer to a failed call, as the caller is told it (the errcode stays in the log and the problem list). */
export function wecomFailure(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof WecomApiError) {
    if (e.errcode === 40029) return failed('登录码无效或已过期，请重新进入');
    if (e.errcode === 60020 || e.errcode === 40001 || e.errcode === 40013 || e.errcode === 48002)
      return failed(`平台的企业微信配置有误（错误码 ${e.errcode}），已通知管理员`);
    return failed(`企业微信返回错误（错误码 ${e.errcode}），请稍后再试`);
  }
  return failed('无法连接企业微信');
}

/**
 * The exchange for the self-built app linked to the mini-program: miniprogram/jscode2session with the corp's
 * token, the corp id it returns checked against the corp the token belongs to, then the contact's name.
 */
export function wecomExchange(client: WecomCorpClient): WecomCodeExchange {
  return async (code) => {
    let reply: Record<string, unknown>;
    try {
      reply = await client.get('miniprogram/jscode2session', { js_code: code, grant_type: 'authorization_code' });
    } catch (e) {
      throw wecomFailure(e);
    }
    const corpId = String(reply.corpid ?? '');
    const userId = String(reply.userid ?? '');
    if (!userId) throw failed('该账号不是企业成员，无法登录');
    if (corpId !== client.corpId) throw failed('企业身份与平台配置不符');
    return { corpId, userId, name: await contactName(client, userId) };
  };
}

/** Null when WECOM_CORP_ID / WECOM_APP_SECRET are not configured; PU_WECOM_API_BASE replaces the host (stand-in). */
export function wecomExchangeFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  fetchJson?: FetchJson,
  now?: () => number,
): WecomCodeExchange | null {
  const corpId = env.WECOM_CORP_ID;
  const secret = env.WECOM_APP_SECRET;
  if (!corpId || !secret) return null;
  return wecomExchange(
    wecomCorpClient({ corpId, secret, base: env.PU_WECOM_API_BASE || 'https://qyapi.weixin.qq.com', fetchJson, now }),
  );
}
