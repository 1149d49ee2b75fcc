import { AppError } from '../errors';

/** Who WeCom says the caller is: the enterprise (corp id) and the user inside it. */
export interface WecomIdentity {
  corpId: string;
  userId: string;
}

/** Turns the 5-minute code of `wx.qy.login` into the caller's WeCom identity. */
export type WecomCodeExchange = (code: string) => Promise<WecomIdentity>;

const API = 'https://qyapi.weixin.qq.com/cgi-bin';
const failed = (why: string) => new AppError('WECOM_LOGIN_FAILED', `企业微信登录失败：${why}`);

interface WecomReply {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
  corpid?: string;
  userid?: string;
}

/**
 * The exchange against WeCom's server API, for the self-built app linked to the mini-program:
 * gettoken (corp id + app secret, cached until shortly before it expires), then
 * miniprogram/jscode2session. Null when WECOM_CORP_ID / WECOM_APP_SECRET are not configured.
 */
export function wecomExchangeFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  fetchJson: (url: string) => Promise<WecomReply> = async (url) => (await fetch(url)).json() as Promise<WecomReply>,
  now: () => number = Date.now,
): WecomCodeExchange | null {
  const corpId = env.WECOM_CORP_ID;
  const secret = env.WECOM_APP_SECRET;
  if (!corpId || !secret) return null;
  let token: { value: string; until: number } | null = null;

  const accessToken = async (): Promise<string> => {
    if (token && token.until > now()) return token.value;
    const reply = await fetchJson(
      `${API}/gettoken?corpid=${encodeURIComponent(corpId)}&corpsecret=${encodeURIComponent(secret)}`,
    );
    if (reply.errcode || !reply.access_token) throw failed(`无法获取访问凭证（${reply.errcode ?? '无'}）`);
    token = { value: reply.access_token, until: now() + Math.max(0, (reply.expires_in ?? 7200) - 300) * 1000 };
    return token.value;
  };

  return async (code) => {
    let reply: WecomReply;
    try {
      reply = await fetchJson(
        `${API}/miniprogram/jscode2session?access_token=${encodeURIComponent(await accessToken())}&js_code=${encodeURIComponent(code)}&grant_type=authorization_code`,
      );
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw failed('无法连接企业微信');
    }
    if (reply.errcode === 42001 || reply.errcode === 40014) token = null; // token expired or revoked: fetch anew next time
    if (reply.errcode || !reply.corpid || !reply.userid) throw failed('登录码无效或已过期，请重新进入');
    return { corpId: reply.corpid, userId: reply.userid };
  };
}
