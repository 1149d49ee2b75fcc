import http from 'node:http';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in of the WeCom (qyapi.weixin.qq.com) and WeChat (api.weixin.qq.com) server APIs the project
 * calls, answering as the platforms document: HTTP 200 with `errcode`/`errmsg`, tokens that expire (42001) or are
 * unknown (40014), codes used once (40029), a corp secret that is wrong (40001), an egress IP the corp does not trust
 * (60020), an API the app may not call (48002), a rate limit (45009). Tests (and `PU_PLATFORM_STANDIN=1 npm start`)
 * point `PU_WECOM_API_BASE` / `PU_WECHAT_API_BASE` at `wecomBase` / `wechatBase`; production keeps the real hosts.
 */
export interface StandInUser {
  name: string;
  department?: number[];
}
export interface StandInCorp {
  corpId: string;
  /** The self-built app's secret (gettoken's corpsecret). */
  secret: string;
  users: Record<string, StandInUser>;
  /** May the app read the contact's name (user/get)? Otherwise user/get answers 48002. Default true. */
  contactReadable?: boolean;
  /**
   * 上下游: only the corp's own self-built app (a token from its own secret) may read its contacts; the token the
   * upstream app gets for it (corpgroup/corp/gettoken) is answered 48002 on user/get.
   */
  contactsOnlyToOwnApp?: boolean;
  /** 上下游: a downstream corp the upstream corp's app (and its mini-program) is shared to, as agent `agentId`. */
  upstream?: { corpId: string; agentId: string };
}
export interface StandInOptions {
  corps: StandInCorp[];
  /** WeChat mini-programs: appid → secret. */
  wechatApps?: Record<string, string>;
  /** Seconds a token lives (documented 7200). */
  tokenTtl?: number;
  port?: number;
}

/** A call the stand-in answered, for tests to look at (tokens and secrets included: this is the platform's view). */
export interface StandInCall {
  host: 'wecom' | 'wechat';
  path: string;
  query: Record<string, string>;
  body: unknown;
  errcode: number;
}

/** The endpoints errors can be injected into, by their path under the host. */
export type StandInApi =
  | 'cgi-bin/gettoken'
  | 'cgi-bin/miniprogram/jscode2session'
  | 'cgi-bin/user/get'
  | 'cgi-bin/auth/getuserinfo'
  | 'cgi-bin/get_jsapi_ticket'
  | 'cgi-bin/ticket/get'
  | 'cgi-bin/message/send'
  | 'cgi-bin/corpgroup/corp/gettoken'
  | 'cgi-bin/miniprogram/transfer_session'
  | 'cgi-bin/token'
  | 'wxa/getwxacodeunlimit'
  | 'cgi-bin/message/subscribe/send';

const ERRMSG: Record<number, string> = {
  0: 'ok',
  40001: 'invalid credential',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  41008: 'missing code',
  42001: 'access_token expired',
  45009: 'api freq out of limit',
  48002: 'api forbidden',
  60011: 'no privilege to access/modify contact/party/agent',
  60020: 'not allow to access from your ip',
  60111: 'invalid string value `userid`. userid not found',
  41030: 'invalid page',
  40003: 'invalid openid',
};

interface Token {
  host: 'wecom' | 'wechat';
  owner: string;
  until: number;
  /** How it was got: with the owner's own secret, or by the upstream app for a downstream corp. */
  via: 'secret' | 'corpgroup';
}

export interface PlatformStandIn {
  url: string;
  wecomBase: string;
  wechatBase: string;
  /** Stands for https://open.weixin.qq.com (the OAuth2 authorize page). */
  oauthBase: string;
  calls: StandInCall[];
  /** What `wx.qy.login` gives the mini-program of that corp's user: a code valid once, for 5 minutes. */
  loginCode(corpId: string, userId: string): string;
  /**
   * What `wx.qy.getShareInfo({ shareTicket })` gives a member who opened a 私密消息 card in a group, after the login
   * that gave `loginCode`: the group's id, the card's `state` (set by the sharer's `wx.qy.setShareAttr`) and our
   * appid's watermark, AES-128-CBC under the session key that code's exchange returns.
   */
  groupShareInfo(loginCode: string, groupId: string, state: string, appId: string): { encryptedData: string; iv: string };
  /** What WeCom's OAuth2 redirect carries back (`code` for snsapi_base): valid once, for 5 minutes. */
  oauthCode(corpId: string, userId: string): string;
  /** Who the OAuth2 authorize page (`/open/connect/oauth2/authorize`) signs in as, per corp (the person at the phone). */
  oauthAs(corpId: string, userId: string): void;
  /** The next `times` calls of `api` answer `errcode` (consumed in order, before any other check but routing). */
  failNext(api: StandInApi, errcode: number, times?: number): void;
  /** Every token issued so far expires now (the next call with one answers 42001). */
  expireTokens(): void;
  /** Every token issued so far is forgotten (40014), as after a secret reset. */
  forgetTokens(): void;
  /** While false, every WeCom call answers 60020 (the caller's egress IP is not in the app's trusted IPs). */
  trustCaller(trusted: boolean): void;
  /** How many tokens each corp/app has been issued. */
  tokensIssued(owner: string): number;
  /** The jsapi / agent_config ticket currently valid for a corp. */
  ticket(corpId: string, type: 'jsapi' | 'agent_config'): string;
  close(): Promise<void>;
}

/**
 * What the WeChat client gives the mini-program from `wx.getShareInfo({ shareTicket })` for a card opened in a
 * group: the group's openGId and our appid's watermark, AES-128-CBC under the user's session_key (no server call).
 */
export function shareInfoFor(
  sessionKey: string,
  openGId: string,
  appId: string,
  at = Date.now(),
): { encryptedData: string; iv: string } {
  const iv = crypto.randomBytes(16);
  const c = crypto.createCipheriv('aes-128-cbc', Buffer.from(sessionKey, 'base64'), iv);
  const plain = JSON.stringify({ openGId, watermark: { appid: appId, timestamp: Math.floor(at / 1000) } });
  const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return { encryptedData: data.toString('base64'), iv: iv.toString('base64') };
}

/** A tiny JPEG-looking answer for the mini-program code (the real API returns the image bytes). */
const FAKE_JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

export async function startPlatformStandIn(opts: StandInOptions): Promise<PlatformStandIn> {
  const ttl = opts.tokenTtl ?? 7200;
  const corps = new Map(opts.corps.map((c) => [c.corpId, c]));
  const apps = new Map(Object.entries(opts.wechatApps ?? {}));
  const tokens = new Map<string, Token>();
  const issued = new Map<string, number>();
  const codes = new Map<string, { corpId: string; userId: string; kind: 'login' | 'oauth'; until: number; sessionKey: string }>();
  const injected = new Map<string, number[]>();
  const tickets = new Map<string, string>();
  const calls: StandInCall[] = [];
  let trusted = true;
  const oauthUsers = new Map<string, string>();
  const sessions = new Map<string, { corpId: string; userId: string }>();

  const newToken = (host: Token['host'], owner: string, via: Token['via'] = 'secret') => {
    const value = `${host}-${owner}-${crypto.randomBytes(12).toString('hex')}`;
    tokens.set(value, { host, owner, until: Date.now() + ttl * 1000, via });
    issued.set(owner, (issued.get(owner) ?? 0) + 1);
    return value;
  };
  const newCode = (corpId: string, userId: string, kind: 'login' | 'oauth') => {
    if (!corps.get(corpId)?.users[userId]) throw new Error(`stand-in: no user ${userId} in ${corpId}`);
    const code = crypto.randomBytes(16).toString('hex');
    // the session key of a login is fixed when WeCom hands out the code: the client's open-data APIs use it at once
    codes.set(code, { corpId, userId, kind, until: Date.now() + 300_000, sessionKey: crypto.randomBytes(16).toString('base64') });
    return code;
  };
  const ticketOf = (corpId: string, type: string) => {
    const key = `${corpId}:${type}`;
    if (!tickets.has(key)) tickets.set(key, `ticket-${type}-${crypto.randomBytes(8).toString('hex')}`);
    return tickets.get(key)!;
  };

  type Answer = { json: Record<string, unknown> } | { bytes: Buffer; type: string };
  const err = (errcode: number): Answer => ({ json: { errcode, errmsg: ERRMSG[errcode] ?? 'error' } });
  const ok = (o: Record<string, unknown>, host: 'wecom' | 'wechat'): Answer => ({
    json: host === 'wecom' ? { errcode: 0, errmsg: 'ok', ...o } : o,
  });

  /** The token's owner (corp id / appid), or the errcode to answer. */
  const owner = (host: Token['host'], q: Record<string, string>): string | number => {
    const t = tokens.get(q.access_token ?? '');
    if (!q.access_token) return 41001;
    if (!t || t.host !== host) return 40014;
    if (t.until <= Date.now()) return 42001;
    return t.owner;
  };
  const takeCode = (q: Record<string, string>, kind: 'login' | 'oauth', corpId: string) => {
    const c = codes.get(q[kind === 'login' ? 'js_code' : 'code'] ?? '');
    const sharedFrom = corps.get(c?.corpId ?? '')?.upstream?.corpId;
    if (!c || c.kind !== kind || c.until <= Date.now() || (c.corpId !== corpId && sharedFrom !== corpId)) return null;
    codes.delete(q[kind === 'login' ? 'js_code' : 'code']);
    return c;
  };

  function wecom(path: string, q: Record<string, string>, body: Record<string, unknown>): Answer {
    if (!trusted) return err(60020);
    if (path === 'cgi-bin/gettoken') {
      const corp = corps.get(q.corpid ?? '');
      if (!corp) return err(40013);
      if (q.corpsecret !== corp.secret) return err(40001);
      return ok({ access_token: newToken('wecom', corp.corpId), expires_in: ttl }, 'wecom');
    }
    const corpId = owner('wecom', q);
    if (typeof corpId === 'number') return err(corpId);
    const corp = corps.get(corpId)!;
    switch (path) {
      case 'cgi-bin/miniprogram/jscode2session': {
        const c = takeCode(q, 'login', corpId);
        if (!c) return err(40029);
        if (c.corpId !== corpId) {
          // a downstream member: the upstream app sees the corp and an encrypted userid (transfer_session turns it)
          const key = crypto.randomBytes(16).toString('base64');
          const enc = `enc-${crypto.randomBytes(8).toString('hex')}`;
          sessions.set(`${enc} ${key}`, { corpId: c.corpId, userId: c.userId });
          return ok({ corpid: c.corpId, userid: enc, session_key: key }, 'wecom');
        }
        return ok({ corpid: c.corpId, userid: c.userId, session_key: c.sessionKey }, 'wecom');
      }
      case 'cgi-bin/corpgroup/corp/gettoken': {
        const down = corps.get(String(body.corpid ?? ''));
        if (
          !down ||
          down.upstream?.corpId !== corpId ||
          String(body.agentid) !== down.upstream.agentId ||
          Number(body.business_type) !== 1
        )
          return err(60011);
        return ok({ access_token: newToken('wecom', down.corpId, 'corpgroup'), expires_in: ttl }, 'wecom');
      }
      case 'cgi-bin/miniprogram/transfer_session': {
        const hit = sessions.get(`${String(body.userid)} ${String(body.session_key)}`);
        if (!hit || hit.corpId !== corpId) return err(40029);
        return ok({ userid: hit.userId, session_key: crypto.randomBytes(16).toString('base64') }, 'wecom');
      }
      case 'cgi-bin/auth/getuserinfo': {
        const c = takeCode(q, 'oauth', corpId);
        if (!c) return err(40029);
        return ok({ userid: c.userId }, 'wecom');
      }
      case 'cgi-bin/user/get': {
        if (corp.contactReadable === false) return err(48002);
        if (corp.contactsOnlyToOwnApp && tokens.get(q.access_token ?? '')?.via !== 'secret') return err(48002);
        const u = corp.users[q.userid ?? ''];
        if (!u) return err(60111);
        return ok({ userid: q.userid, name: u.name, department: u.department ?? [1], status: 1 }, 'wecom');
      }
      case 'cgi-bin/get_jsapi_ticket':
        return ok({ ticket: ticketOf(corpId, 'jsapi'), expires_in: 7200 }, 'wecom');
      case 'cgi-bin/ticket/get':
        if (q.type !== 'agent_config') return err(40001);
        return ok({ ticket: ticketOf(corpId, 'agent_config'), expires_in: 7200 }, 'wecom');
      case 'cgi-bin/message/send': {
        const invalid = String(body.touser ?? '')
          .split('|')
          .filter((u) => u && !corp.users[u]);
        return ok({ invaliduser: invalid.join('|'), msgid: crypto.randomBytes(6).toString('hex') }, 'wecom');
      }
    }
    return { json: { errcode: 404, errmsg: 'no such api' } };
  }

  function wechat(path: string, q: Record<string, string>, body: Record<string, unknown>): Answer {
    if (path === 'cgi-bin/token') {
      if (q.grant_type !== 'client_credential') return err(40002);
      if (!apps.has(q.appid ?? '') || apps.get(q.appid) !== q.secret) return err(40013);
      return ok({ access_token: newToken('wechat', q.appid), expires_in: ttl }, 'wechat');
    }
    const appid = owner('wechat', q);
    if (typeof appid === 'number') return err(appid);
    if (path === 'wxa/getwxacodeunlimit') {
      const scene = String(body.scene ?? '');
      if (!scene || scene.length > 32 || !/^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/.test(scene)) return err(40169);
      return { bytes: FAKE_JPEG, type: 'image/jpeg' };
    }
    if (path === 'cgi-bin/message/subscribe/send') {
      if (!body.touser) return err(40003);
      return { json: { errcode: 0, errmsg: 'ok', msgid: Date.now() } };
    }
    return { json: { errcode: 404, errmsg: 'no such api' } };
  }

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://standin');
      const [, host, ...rest] = url.pathname.split('/');
      const path = rest.join('/');
      const q = Object.fromEntries(url.searchParams);
      let body: Record<string, unknown> = {};
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        body = {};
      }
      if (host === 'open' && path === 'connect/oauth2/authorize') {
        // WeCom's authorize page: it knows the person at the phone and redirects back with a code.
        const userId = oauthUsers.get(q.appid ?? '');
        const back = q.redirect_uri;
        if (!userId || !back || q.response_type !== 'code' || !/^snsapi_(base|privateinfo)$/.test(q.scope ?? ''))
          return res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid oauth2 request');
        const target = new URL(back);
        target.searchParams.set('code', newCode(q.appid, userId, 'oauth'));
        if (q.state) target.searchParams.set('state', q.state);
        return res.writeHead(302, { location: target.toString() }).end();
      }
      if (host !== 'wecom' && host !== 'wechat') return res.writeHead(404).end();
      const queue = injected.get(path);
      const forced = queue?.shift();
      const answer = forced ? err(forced) : host === 'wecom' ? wecom(path, q, body) : wechat(path, q, body);
      calls.push({ host, path, query: q, body, errcode: 'json' in answer ? Number(answer.json.errcode ?? 0) : 0 });
      if ('bytes' in answer) return res.writeHead(200, { 'content-type': answer.type }).end(answer.bytes);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    wecomBase: `${url}/wecom`,
    wechatBase: `${url}/wechat`,
    oauthBase: `${url}/open`,
    calls,
    loginCode: (corpId, userId) => newCode(corpId, userId, 'login'),
    groupShareInfo(loginCode, groupId, state, appId) {
      const c = codes.get(loginCode);
      if (!c) throw new Error('stand-in: unknown login code');
      const iv = crypto.randomBytes(16);
      const cipher = crypto.createCipheriv('aes-128-cbc', Buffer.from(c.sessionKey, 'base64'), iv);
      const plain = JSON.stringify({
        opengid: groupId,
        state,
        watermark: { appid: appId, timestamp: Math.floor(Date.now() / 1000) },
      });
      return {
        encryptedData: Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]).toString('base64'),
        iv: iv.toString('base64'),
      };
    },
    oauthCode: (corpId, userId) => newCode(corpId, userId, 'oauth'),
    oauthAs(corpId, userId) {
      oauthUsers.set(corpId, userId);
    },
    failNext(api, errcode, times = 1) {
      const queue = injected.get(api) ?? [];
      for (let i = 0; i < times; i++) queue.push(errcode);
      injected.set(api, queue);
    },
    expireTokens() {
      for (const t of tokens.values()) t.until = 0;
    },
    forgetTokens() {
      tokens.clear();
    },
    trustCaller(t) {
      trusted = t;
    },
    tokensIssued: (o) => issued.get(o) ?? 0,
    ticket: (corpId, type) => ticketOf(corpId, type),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}

/** The local run's corp and mini-program (`PU_PLATFORM_STANDIN=1 npm start`): secrets fit only the stand-in. */
export const LOCAL_STANDIN = {
  corpId: 'wwlocalstandin',
  secret: 'local-standin-secret',
  appid: 'wxlocalstandin',
  appSecret: 'local-standin-app-secret',
};
