import type { Channel } from './delivery';
import { cachedTokens, fetchAccessToken } from './tokens';
import { wecomNoticeChannel } from './wecom-notice';
import {
  cloudbaseSubscribeTransport,
  httpSubscribeTransport,
  parseSubscribeTemplates,
  wechatSubscribeChannel,
  type SubscribeTransport,
  type WxOpenApi,
} from './wechat-subscribe';
import { cloudbaseSdk } from '../cloudbase-sdk';

/** Production hosts; the platform stand-in (tests, `PU_PLATFORM_STANDIN=1 npm start`) sets loopback bases. */
export const wecomApiBase = (env: NodeJS.ProcessEnv = process.env) => env.PU_WECOM_API_BASE || 'https://qyapi.weixin.qq.com';
export const wechatApiBase = (env: NodeJS.ProcessEnv = process.env) => env.PU_WECHAT_API_BASE || 'https://api.weixin.qq.com';

let configured: Channel[] | null = null;
/** Hosts and tests install the channels; `null` goes back to the environment's. */
export function configureNoticeChannels(channels: Channel[] | null): void {
  configured = channels;
}

const inCloudBase = (env: NodeJS.ProcessEnv) => Boolean(env.TCB_ENV || env.SCF_NAMESPACE);

/**
 * The push channels in force: the configured ones, else those the environment sets up —
 * - WeCom app messages with `WECOM_CORP_ID`, `WECOM_APP_SECRET` and `PU_MINIPROGRAM_APPID` (the mini-program linked
 *   to the WeCom app);
 * - WeChat subscription messages with `PU_SUBSCRIBE_TEMPLATES`, sent through CloudBase's open API inside a
 *   CloudBase function, or the HTTP API with `PU_MINIPROGRAM_APPID` + `WX_APP_SECRET` elsewhere.
 * With none, every notice stays in-app (recorded as such).
 */
export function noticeChannels(env: NodeJS.ProcessEnv = process.env, log = (l: string) => console.warn(l)): Channel[] {
  if (configured) return configured;
  const channels: Channel[] = [];
  const appid = env.PU_MINIPROGRAM_APPID;
  if (env.WECOM_CORP_ID && env.WECOM_APP_SECRET && appid) {
    const corpId = env.WECOM_CORP_ID;
    const base = wecomApiBase(env);
    const secret = env.WECOM_APP_SECRET;
    const tokens = cachedTokens((key) =>
      fetchAccessToken(`${base}/cgi-bin/gettoken?corpid=${encodeURIComponent(key)}&corpsecret=${encodeURIComponent(secret)}`),
    );
    channels.push(wecomNoticeChannel({ base, appid, corps: (c) => c === corpId, tokens }));
  }
  if (env.PU_SUBSCRIBE_TEMPLATES) {
    const { templates, problems } = parseSubscribeTemplates(env.PU_SUBSCRIBE_TEMPLATES);
    for (const p of problems) log(`[notices] PU_SUBSCRIBE_TEMPLATES: ${p}; that kind stays in-app`);
    let transport: SubscribeTransport | null = null;
    if (inCloudBase(env)) {
      const tcb = cloudbaseSdk();
      transport = cloudbaseSubscribeTransport(tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }) as WxOpenApi);
    } else if (appid && env.WX_APP_SECRET) {
      const base = wechatApiBase(env);
      const secret = env.WX_APP_SECRET;
      const tokens = cachedTokens((key) =>
        fetchAccessToken(
          `${base}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(key)}&secret=${encodeURIComponent(secret)}`,
        ),
      );
      transport = httpSubscribeTransport({ base, appid, tokens });
    }
    if (transport && Object.keys(templates).length > 0) channels.push(wechatSubscribeChannel({ templates, transport }));
  }
  return channels;
}
