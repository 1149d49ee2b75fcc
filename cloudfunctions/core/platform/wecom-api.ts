import { createHash } from 'node:crypto';
import { cachedTokens } from '../notices/tokens';
import { TOKEN_ERRORS, postJson, type TokenSource } from '../notices/wecom-notice';
import { reportPlatformProblem } from './problems';

/** Production host of WeCom's server API; tests and `PU_PLATFORM_STANDIN=1 npm start` point it at the stand-in. */
export const wecomBase = (env: NodeJS.ProcessEnv = process.env) => env.PU_WECOM_API_BASE || 'https://qyapi.weixin.qq.com';

export type FetchJson = (url: string) => Promise<Record<string, unknown>>;
export const fetchJson: FetchJson = async (url) =>
  (await (await fetch(url, { signal: AbortSignal.timeout(10_000) })).json()) as Record<string, unknown>;

/** WeCom answered with an errcode (HTTP 200, as the platform does). The message never holds a token or secret. */
export class WecomApiError extends Error {
  constructor(
    readonly api: string,
    readonly errcode: number,
  ) {
    super(`WeCom ${api} errcode ${errcode}`);
  }
}

/** errcodes that mean the deployment is set up wrong, not that the user did something: an administrator must act. */
const SETUP_HINTS: Record<number, string> = {
  60020: '云函数的出口 IP 不在企业微信应用的“企业可信IP”中：为云函数配置固定出口 IP（VPC + NAT 网关）并将其加入可信 IP',
  40001: '企业微信应用的 Secret 不正确或已重置：请在联合会的企业配置中更新',
  40013: '企业 ID（corpid）不正确',
  48002: '企业微信应用没有调用该接口的权限：请在管理后台为应用开通对应权限',
  60011: '企业微信应用的可见范围不含该成员，或无通讯录读取权限',
  45009: '企业微信接口调用频率超过限制',
  42001: '访问凭证刷新后仍被拒绝',
  40014: '访问凭证刷新后仍被拒绝',
};

export interface WecomCorpClient {
  corpId: string;
  base: string;
  /** GET `cgi-bin/<api>` with the corp's access token; a stale token is refreshed and the call made once more. */
  get(api: string, query: Record<string, string>): Promise<Record<string, unknown>>;
  /** POST `cgi-bin/<api>` with a JSON body, same token handling. */
  post(api: string, body: unknown): Promise<Record<string, unknown>>;
}

/** One token cache per (host, corp) for the process: every call of a warm function instance shares it. */
const tokenCaches = new Map<string, TokenSource>();

export function resetWecomTokens(): void {
  tokenCaches.clear();
}

/**
 * A WeCom corp's server API as the self-built app (corp id + app secret): access token cached per corp until five
 * minutes before it expires, fetched anew and the call repeated once on 42001/40014/40001; every errcode is logged
 * (api and code only) and a setup errcode is reported as an administrator-visible platform problem.
 */
export function wecomCorpClient(opts: {
  corpId: string;
  /** The app secret; or `token` fetches the access token another way (a downstream corp's, via its upstream). */
  secret: string;
  token?: (corpId: string) => Promise<{ token: string; expiresIn: number }>;
  base?: string;
  fetchJson?: FetchJson;
  now?: () => number;
  log?: (line: string) => void;
}): WecomCorpClient {
  const base = opts.base ?? wecomBase();
  const get = opts.fetchJson ?? fetchJson;
  const log = opts.log ?? ((l: string) => console.warn(l));
  const fail = (api: string, errcode: number) => {
    log(`[wecom] corp ${opts.corpId} ${api}: errcode ${errcode}`);
    const hint = SETUP_HINTS[errcode];
    if (hint) reportPlatformProblem({ platform: 'wecom', account: opts.corpId, api, errcode, hint });
    return new WecomApiError(api, errcode);
  };
  // a caller with its own transport (a unit test) gets its own cache
  const cacheKey =
    opts.fetchJson || opts.token ? null : `${base} ${opts.corpId} ${createHash('sha256').update(opts.secret).digest('hex')}`;
  let tokens = cacheKey ? tokenCaches.get(cacheKey) : undefined;
  if (!tokens) {
    tokens = cachedTokens(
      opts.token ??
        (async (corpId) => {
          const reply = await get(
            `${base}/cgi-bin/gettoken?corpid=${encodeURIComponent(corpId)}&corpsecret=${encodeURIComponent(opts.secret)}`,
          );
          const code = Number(reply.errcode ?? 0);
          if (code || typeof reply.access_token !== 'string') throw fail('gettoken', code || -1);
          return { token: reply.access_token, expiresIn: Number(reply.expires_in ?? 7200) };
        }),
      opts.now,
    );
    if (cacheKey) tokenCaches.set(cacheKey, tokens);
  }
  const source = tokens;
  const call = async (api: string, query: Record<string, string>, body?: unknown) => {
    for (let tryNo = 0; ; tryNo++) {
      const token = await source.token(opts.corpId);
      const qs = new URLSearchParams({ access_token: token, ...query });
      const reply =
        body === undefined ? await get(`${base}/cgi-bin/${api}?${qs}`) : await postJson(`${base}/cgi-bin/${api}?${qs}`, body);
      const code = Number(reply.errcode ?? 0);
      if (code === 0) return reply;
      if (TOKEN_ERRORS.has(code) && tryNo === 0) {
        source.invalidate(opts.corpId);
        continue;
      }
      throw fail(api, code);
    }
  };
  return { corpId: opts.corpId, base, get: (api, query) => call(api, query), post: (api, body) => call(api, {}, body) };
}
