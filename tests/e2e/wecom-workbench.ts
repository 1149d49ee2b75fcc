import type { BrowserContext } from 'playwright-core';
import { startPlatformStandIn, type PlatformStandIn, type StandInCorp } from '../../cloudfunctions/gateway/platform-standin';
import { launchBrowser, startGateway, type Browser, type Gateway } from './support';

export interface WecomBridgeOptions {
  corpId: string;
  /** The workbench app's AgentId (agentConfig); null: only wx.config (preVerifyJSAPI). */
  agentId: string | null;
  /** The corp's current tickets, as the platform stand-in issued them to our server. */
  jsapiTicket: string;
  agentTicket: string | null;
}

/** What the page's bridge saw: each invoke with its parameters and the answer it gave. */
export interface BridgeCall {
  name: string;
  params: Record<string, unknown>;
  answer: Record<string, unknown>;
}

/**
 * A stand-in of WeCom's in-app browser bridge (`WeixinJSBridge`), which `@wecom/jssdk` talks to, as WeCom documents
 * it: `preVerifyJSAPI` (wx.config) and `agentConfig` check the sha1 signature of the page's address (without its
 * #…) under the corp's jsapi / agent_config ticket, and the corp and agent ids; a JSAPI that no verified config
 * granted is refused `permission denied`; `scanQRCode` with needResult answers `resultStr` (on iOS wrapped in JSON,
 * as WeCom does there) — the code the test
 * puts in front of the camera with `window.__wecomCamera = '…'` (none: the user closes the scanner, `:cancel`).
 * Every call is recorded in `window.__wecomBridge` (BridgeCall[]).
 */
export async function installWecomBridge(context: BrowserContext, opts: WecomBridgeOptions): Promise<void> {
  await context.addInitScript((o: WecomBridgeOptions) => {
    const w = window as unknown as {
      WeixinJSBridge: unknown;
      __wecomBridge: BridgeCall[];
      __wecomCamera?: string;
    };
    const calls: BridgeCall[] = [];
    w.__wecomBridge = calls;
    const granted = new Set<string>();
    const sha1 = async (text: string) =>
      [...new Uint8Array(await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text)))]
        .map((b) => b.toString(16).padStart(2, '0'))
        .join('');
    const signedRight = async (ticket: string | null, nonce: unknown, timestamp: unknown, signature: unknown) =>
      !!ticket &&
      signature ===
        (await sha1(
          `jsapi_ticket=${ticket}&noncestr=${String(nonce)}&timestamp=${String(timestamp)}&url=${location.href.split('#')[0]}`,
        ));
    const answer = async (name: string, p: Record<string, unknown>): Promise<Record<string, unknown>> => {
      if (name === 'preVerifyJSAPI') {
        const ok =
          p.verifyAppId === o.corpId &&
          p.verifySignType === 'sha1' &&
          (await signedRight(o.jsapiTicket, p.verifyNonceStr, p.verifyTimestamp, p.verifySignature));
        if (!ok) return { err_msg: 'preVerifyJSAPI:fail_invalid signature' };
        for (const api of (p.verifyJsApiList as string[]) ?? []) granted.add(api);
        return { err_msg: 'preVerifyJSAPI:ok' };
      }
      if (name === 'agentConfig') {
        const ok =
          p.corpid === o.corpId &&
          o.agentId !== null &&
          p.agentid === o.agentId &&
          (await signedRight(o.agentTicket, p.nonceStr, p.timestamp, p.signature));
        if (!ok) return { err_msg: 'agentConfig:fail_invalid signature' };
        for (const api of (p.jsApiList as string[]) ?? []) granted.add(api);
        return { err_msg: 'agentConfig:ok' };
      }
      if (!granted.has(name)) return { err_msg: `${name}:permission denied` };
      if (name === 'scanQRCode') {
        const seen = w.__wecomCamera;
        if (!seen) return { err_msg: 'scanQRCode:cancel' };
        if (p.needResult !== 1) return { err_msg: 'scanQRCode:ok' };
        // WeCom on iOS wraps the result in JSON (the SDK unwraps it); Android and desktop give the text itself
        const ios = /\b(iPhone|iPad|iPod)\b/i.test(navigator.userAgent);
        return {
          err_msg: 'scanQRCode:ok',
          resultStr: ios ? JSON.stringify({ scan_code: { scan_type: 'qrcode', scan_result: seen } }) : seen,
        };
      }
      return { err_msg: `${name}:ok` };
    };
    w.WeixinJSBridge = {
      on() {},
      invoke(name: string, params: Record<string, unknown>, callback: (r: Record<string, unknown>) => void) {
        void answer(name, params ?? {}).then((r) => {
          calls.push({ name, params, answer: r });
          callback(r);
        });
      },
    };
  }, opts);
}

/** One suite's WeCom workbench (filled in before its tests). */
export interface WecomWorkbench {
  standIn: PlatformStandIn;
  gateway: Gateway;
  browser: Browser;
}

/**
 * For one suite: the platform stand-in serving `corp`, our gateway configured for it (as WECOM_CORP_ID /
 * WECOM_APP_SECRET / WECOM_AGENT_ID with the stand-in's base URLs), and Chromium as WeCom's in-app browser (its
 * `wxwork/…` user agent), with the JS bridge stand-in when `bridge` is set. `before` runs once the stand-in is up,
 * before the gateway starts (e.g. who the OAuth2 page signs in). Everything is closed and the env restored after.
 */
export function useWecomWorkbench(opts: {
  corp: StandInCorp;
  agentId?: string;
  bridge?: boolean;
  before?: (standIn: PlatformStandIn) => void;
}): WecomWorkbench {
  const bench = {} as WecomWorkbench;
  const saved = { ...process.env };
  beforeAll(async () => {
    bench.standIn = await startPlatformStandIn({ corps: [opts.corp] });
    opts.before?.(bench.standIn);
    Object.assign(process.env, {
      WECOM_CORP_ID: opts.corp.corpId,
      WECOM_APP_SECRET: opts.corp.secret,
      ...(opts.agentId ? { WECOM_AGENT_ID: opts.agentId } : {}),
      PU_WECOM_API_BASE: bench.standIn.wecomBase,
      PU_WECOM_OAUTH_BASE: bench.standIn.oauthBase,
    });
    bench.gateway = await startGateway();
    bench.browser = await launchBrowser();
    // WeCom's in-app browser says so in its user agent
    await bench.browser.context.addInitScript(() => {
      const ua = `${navigator.userAgent} wxwork/4.1.22 MicroMessenger/7.0.1`;
      Object.defineProperty(navigator, 'userAgent', { get: () => ua });
    });
    if (opts.bridge)
      await installWecomBridge(bench.browser.context, {
        corpId: opts.corp.corpId,
        agentId: opts.agentId ?? null,
        jsapiTicket: bench.standIn.ticket(opts.corp.corpId, 'jsapi'),
        agentTicket: opts.agentId ? bench.standIn.ticket(opts.corp.corpId, 'agent_config') : null,
      });
  });
  afterAll(async () => {
    await bench.browser?.close();
    await bench.gateway?.close();
    await bench.standIn?.close();
    process.env = saved;
  });
  return bench;
}
