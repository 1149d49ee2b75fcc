import { cachedTokens, fetchAccessToken } from '../notices/tokens';
import { TOKEN_ERRORS, type TokenSource } from '../notices/wecom-notice';
import { reportPlatformProblem } from './problems';

/** Production host of WeChat's server API; the stand-in replaces it with PU_WECHAT_API_BASE. */
export const wechatBase = (env: NodeJS.ProcessEnv = process.env) => env.PU_WECHAT_API_BASE || 'https://api.weixin.qq.com';

export class WechatApiError extends Error {
  constructor(
    readonly api: string,
    readonly errcode: number,
  ) {
    super(`WeChat ${api} errcode ${errcode}`);
  }
}

const caches = new Map<string, TokenSource>();

/**
 * The mini-program's code for a scene (wxa/getwxacodeunlimit, the "unlimited" codes for posters): the image bytes,
 * or WechatApiError with the errcode (a stale token is fetched anew once). PU_MINIPROGRAM_APPID + WX_APP_SECRET.
 */
export function wxacodeFromEnv(env: NodeJS.ProcessEnv = process.env) {
  const appid = env.PU_MINIPROGRAM_APPID;
  const secret = env.WX_APP_SECRET;
  if (!appid || !secret) return null;
  const base = wechatBase(env);
  const key = `${base} ${appid}`;
  const tokens =
    caches.get(key) ??
    cachedTokens((id) =>
      fetchAccessToken(
        `${base}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(id)}&secret=${encodeURIComponent(secret)}`,
      ),
    );
  caches.set(key, tokens);
  return async (scene: string, page: string): Promise<Buffer> => {
    for (let tryNo = 0; ; tryNo++) {
      const token = await tokens.token(appid);
      const res = await fetch(`${base}/wxa/getwxacodeunlimit?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          scene,
          page,
          check_path: false,
          env_version: env.PU_MINIPROGRAM_ENV_VERSION || 'release',
          width: 430,
        }),
        signal: AbortSignal.timeout(10_000),
      });
      if ((res.headers.get('content-type') ?? '').startsWith('image/')) return Buffer.from(await res.arrayBuffer());
      const code = Number(((await res.json()) as { errcode?: number }).errcode ?? -1);
      if (TOKEN_ERRORS.has(code) && tryNo === 0) {
        tokens.invalidate(appid);
        continue;
      }
      console.warn(`[wechat] app ${appid} getwxacodeunlimit: errcode ${code}`);
      if (code === 48002 || code === 40001 || code === 40013)
        reportPlatformProblem({
          platform: 'wechat',
          account: appid,
          api: 'getwxacodeunlimit',
          errcode: code,
          hint: '小程序的 AppSecret 或接口权限配置有误',
        });
      throw new WechatApiError('getwxacodeunlimit', code);
    }
  };
}
