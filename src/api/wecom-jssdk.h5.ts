import type { JsapiSignatureOutput } from '@shared/contracts/signin';
import { call } from './client';
import { messageOf } from './errors';

export { inWecom } from './wecom-ua';

/**
 * The WeCom JS-SDK (`@wecom/jssdk`) for h5 opened inside WeCom (the workbench app, a link in a chat): registered
 * once with our own signatures (`unions.wecomJsapiSignature`: wx.config's and, where the app's AgentId is set,
 * wx.agentConfig's), then its JSAPIs (scanning, sharing) work as documented. Outside WeCom nothing is loaded: the
 * SDK is its own chunk, fetched on first use.
 */

/** The JSAPIs this app asks for; scanning at the counter, sharing an invite from the workbench. */
const JS_API_LIST = ['scanQRCode', 'shareAppMessage', 'shareWechatMessage'];

type Ww = typeof import('@wecom/jssdk');

let ready: Promise<Ww> | null = null;

/** One signature call serves both configs of a page: the SDK asks for each by the page's address. */
function signer(): (url: string) => Promise<JsapiSignatureOutput> {
  const signed = new Map<string, Promise<JsapiSignatureOutput>>();
  return (url) => {
    if (!signed.has(url)) {
      const p = call('unions.wecomJsapiSignature', { url });
      p.catch(() => signed.delete(url)); // a failure is asked again next time
      signed.set(url, p);
    }
    return signed.get(url)!;
  };
}

/** The SDK, registered; rejects with our error (e.g. not configured) when the page cannot be signed. */
export function wecomJssdk(): Promise<Ww> {
  ready ??= (async () => {
    const sign = signer();
    const url = window.location.href.split('#')[0];
    const first = await sign(url); // the corp and the agent come with the signature
    const ww = await import(/* webpackChunkName: "wecom-jssdk" */ '@wecom/jssdk');
    ww.register({
      corpId: first.corpId,
      jsApiList: JS_API_LIST,
      getConfigSignature: async (u) => {
        const s = await sign(u);
        return { timestamp: s.timestamp, nonceStr: s.nonceStr, signature: s.signature };
      },
      ...(first.agentId
        ? {
            agentId: first.agentId,
            getAgentConfigSignature: async (u: string) => {
              const s = await sign(u);
              return { timestamp: s.timestamp, nonceStr: s.nonceStr, signature: s.agentSignature ?? '' };
            },
          }
        : {}),
    });
    await ww.ensureConfigReady();
    return ww;
  })();
  ready.catch(() => {
    ready = null; // asked again on the next use (a signature refused, the network gone)
  });
  return ready;
}

/** What the SDK rejected with: its errMsg (`scanQRCode:cancel`, `agentConfig:fail…`) or our own error's message. */
export const sdkMessage = (e: unknown): string =>
  typeof (e as { errMsg?: unknown })?.errMsg === 'string' ? (e as { errMsg: string }).errMsg : messageOf(e);

/** The person closed WeCom's scanner or chat picker: nothing to say. */
export const sdkCancelled = (e: unknown): boolean => sdkMessage(e).endsWith(':cancel');
