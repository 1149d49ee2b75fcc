import crypto from 'node:crypto';
import type { ActionContext, ActionOutput } from '../action';
import { getRuntime } from '../runtime';
import { jsapiSignature } from '../platform/jsapi-signature';
import { notConfigured } from './wecom-login';

/** h5 on the WeCom workbench: where WeCom's web OAuth2 starts, and the JS-SDK signatures (wx.config, agentConfig). */

/** WeCom's authorize URL (snsapi_base) that comes back to `redirectUri` with a code; null when WeCom web sign-in is off. */
export async function authorizeUrl({
  input,
}: ActionContext<'unions.wecomAuthorizeUrl', 'public'>): Promise<ActionOutput<'unions.wecomAuthorizeUrl'>> {
  const web = (await getRuntime()).wecomWeb;
  if (!web) return { url: null };
  const q = new URLSearchParams({
    appid: web.corpId,
    redirect_uri: input.redirectUri,
    response_type: 'code',
    scope: 'snsapi_base',
    state: input.state,
  });
  if (web.agentId) q.set('agentid', web.agentId);
  return { url: `${web.authorizeBase}/connect/oauth2/authorize?${q}#wechat_redirect` };
}

/** The page's wx.config signature and, with an agent configured, its wx.agentConfig signature. */
export async function jsapiSignatureFor({
  input,
  now,
}: ActionContext<'unions.wecomJsapiSignature', 'signedIn'>): Promise<ActionOutput<'unions.wecomJsapiSignature'>> {
  const web = (await getRuntime()).wecomWeb;
  if (!web) throw notConfigured();
  const timestamp = Math.floor(now.getTime() / 1000);
  const nonceStr = crypto.randomBytes(8).toString('hex');
  return {
    corpId: web.corpId,
    agentId: web.agentId,
    timestamp,
    nonceStr,
    signature: jsapiSignature(await web.ticket('jsapi'), nonceStr, timestamp, input.url),
    agentSignature: web.agentId ? jsapiSignature(await web.ticket('agent_config'), nonceStr, timestamp, input.url) : null,
  };
}
