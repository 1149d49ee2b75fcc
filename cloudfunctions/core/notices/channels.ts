import type { Channel } from './delivery';
import { wecomBase, wecomCorpClient } from '../platform/wecom-api';
import { wechatTokens } from '../platform/wechat-api';
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
    // the same client (and token cache) as WeCom sign-in: one token per corp per instance
    const client = wecomCorpClient({ corpId: env.WECOM_CORP_ID, secret: env.WECOM_APP_SECRET, base: wecomBase(env) });
    channels.push(wecomNoticeChannel({ appid, clientFor: (c) => (c === client.corpId ? client : null) }));
  }
  if (env.PU_SUBSCRIBE_TEMPLATES) {
    const { templates, problems } = parseSubscribeTemplates(env.PU_SUBSCRIBE_TEMPLATES);
    for (const p of problems) log(`[notices] PU_SUBSCRIBE_TEMPLATES: ${p}; that kind stays in-app`);
    let transport: SubscribeTransport | null = null;
    if (inCloudBase(env)) {
      const tcb = cloudbaseSdk();
      transport = cloudbaseSubscribeTransport(tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }) as WxOpenApi);
    } else {
      const app = wechatTokens(env);
      if (app) transport = httpSubscribeTransport(app);
    }
    if (transport && Object.keys(templates).length > 0) channels.push(wechatSubscribeChannel({ templates, transport }));
  }
  return channels;
}
