import { AppError } from '../errors';
import { WecomApiError, wecomCorpClient, type FetchJson, type WecomCorpClient } from '../platform/wecom-api';

/** Who WeCom says the caller is: the enterprise (corp id), the user inside it, and their contact name if readable. */
export interface WecomIdentity {
  corpId: string;
  userId: string;
  /** From `user/get` where the app may read the contact; null otherwise (the join form gives it). */
  name?: string | null;
  /** The session key of this login (jscode2session), which decrypts what the client's open-data APIs give. */
  sessionKey?: string;
}

/**
 * Turns the 5-minute code of `wx.qy.login` into the caller's WeCom identity. `downstreamAgent` names the shared app's
 * agent id in a downstream corp (上下游) the federation configured, or null for a corp it did not.
 */
export type WecomCodeExchange = (
  code: string,
  ctx?: {
    downstreamAgent?: (corpId: string) => Promise<string | null>;
    /** The secret of the corp's own self-built app, where the federation stored one (reads its contacts). */
    corpSecret?: (corpId: string) => Promise<string | null>;
  },
) => Promise<WecomIdentity>;

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
  return async (code, ctx) => {
    let reply: Record<string, unknown>;
    try {
      reply = await client.get('miniprogram/jscode2session', { js_code: code, grant_type: 'authorization_code' });
    } catch (e) {
      throw wecomFailure(e);
    }
    const corpId = String(reply.corpid ?? '');
    const userId = String(reply.userid ?? '');
    if (!userId) throw failed('该账号不是企业成员，无法登录');
    const sessionKey = typeof reply.session_key === 'string' ? reply.session_key : undefined;
    if (corpId === client.corpId) return { corpId, userId, name: await contactName(client, userId), sessionKey };
    // 上下游: a member of a downstream enterprise the federation's app is shared to, and only one it configured
    const agentId = (await ctx?.downstreamAgent?.(corpId)) ?? null;
    if (!agentId) throw failed('所在企业尚未接入本平台，请联系工会');
    const down = downstreamClient(client, corpId, agentId);
    try {
      const turned = await down.post('miniprogram/transfer_session', { userid: userId, session_key: reply.session_key });
      const realId = String(turned.userid ?? '');
      if (!realId) throw failed('该账号不是企业成员，无法登录');
      const key = typeof turned.session_key === 'string' ? turned.session_key : sessionKey;
      // the contact's name: through the corp's own app where its secret is stored (it may read the contacts the
      // shared app may not), else through the shared app
      const secret = (await ctx?.corpSecret?.(corpId)) ?? null;
      const own = secret ? corpClient(client, corpId, secret) : null;
      const name = (own && (await contactName(own, realId))) ?? (await contactName(down, realId));
      return { corpId, userId: realId, name, sessionKey: key };
    } catch (e) {
      throw wecomFailure(e);
    }
  };
}

/** Clients made for other corps, kept so each keeps its token cache across sign-ins. */
const madeClients = new Map<string, WecomCorpClient>();
const kept = (key: string, make: () => WecomCorpClient): WecomCorpClient => {
  if (!madeClients.has(key)) madeClients.set(key, make());
  return madeClients.get(key)!;
};

/** A corp's own self-built app (gettoken with its own secret), one client per corp and secret. */
const corpClient = (upstream: WecomCorpClient, corpId: string, secret: string): WecomCorpClient =>
  kept(`own ${corpId} ${secret}`, () => wecomCorpClient({ corpId, secret, base: upstream.base }));

/** A downstream corp's API with the token the upstream app gets for it (corpgroup/corp/gettoken, business_type 1). */
const downstreamClient = (upstream: WecomCorpClient, corpId: string, agentId: string): WecomCorpClient =>
  kept(`down ${upstream.corpId} ${corpId} ${agentId}`, () =>
    wecomCorpClient({
      corpId,
      secret: '',
      base: upstream.base,
      token: async () => {
        const r = await upstream.post('corpgroup/corp/gettoken', { corpid: corpId, business_type: 1, agentid: Number(agentId) });
        return { token: String(r.access_token ?? ''), expiresIn: Number(r.expires_in ?? 7200) };
      },
    }),
  );

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

/** The WeCom web sign-in (OAuth2 snsapi_base on the workbench) and JS-SDK signing for h5, for one corp's app. */
export interface WecomWeb {
  corpId: string;
  agentId: string | null;
  /** https://open.weixin.qq.com, or the stand-in's. */
  authorizeBase: string;
  /** The OAuth2 `code` → the member's identity (auth/getuserinfo, then the contact's name). */
  exchange: WecomCodeExchange;
  /** `jsapi` (wx.config) or `agent_config` (wx.agentConfig) ticket, cached until shortly before it expires. */
  ticket(type: 'jsapi' | 'agent_config'): Promise<string>;
}

export function wecomWeb(
  client: WecomCorpClient,
  opts: { agentId: string | null; authorizeBase: string; now?: () => number },
): WecomWeb {
  const now = opts.now ?? Date.now;
  const tickets = new Map<string, { value: string; until: number }>();
  return {
    corpId: client.corpId,
    agentId: opts.agentId,
    authorizeBase: opts.authorizeBase,
    async exchange(code) {
      let reply: Record<string, unknown>;
      try {
        reply = await client.get('auth/getuserinfo', { code });
      } catch (e) {
        throw wecomFailure(e);
      }
      const userId = typeof reply.userid === 'string' ? reply.userid : '';
      // a non-member (an external contact) gets openid / external_userid instead: no sign-in
      if (!userId) throw failed('仅本企业成员可以登录');
      return { corpId: client.corpId, userId, name: await contactName(client, userId) };
    },
    async ticket(type) {
      const hit = tickets.get(type);
      if (hit && hit.until > now()) return hit.value;
      let reply: Record<string, unknown>;
      try {
        reply =
          type === 'jsapi' ? await client.get('get_jsapi_ticket', {}) : await client.get('ticket/get', { type: 'agent_config' });
      } catch (e) {
        throw wecomFailure(e);
      }
      const value = String(reply.ticket ?? '');
      tickets.set(type, { value, until: now() + Math.max(0, Number(reply.expires_in ?? 7200) - 300) * 1000 });
      return value;
    },
  };
}

/** The web sign-in of the corp in WECOM_CORP_ID (+ WECOM_AGENT_ID for agentConfig); null when not configured. */
export function wecomWebFromEnv(env: NodeJS.ProcessEnv = process.env): WecomWeb | null {
  const corpId = env.WECOM_CORP_ID;
  const secret = env.WECOM_APP_SECRET;
  if (!corpId || !secret) return null;
  const client = wecomCorpClient({ corpId, secret, base: env.PU_WECOM_API_BASE || 'https://qyapi.weixin.qq.com' });
  return wecomWeb(client, {
    agentId: env.WECOM_AGENT_ID || null,
    authorizeBase: env.PU_WECOM_OAUTH_BASE || 'https://open.weixin.qq.com',
  });
}
