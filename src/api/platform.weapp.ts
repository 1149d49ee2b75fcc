import Taro from '@tarojs/taro';
import type { WecomLoginOutput } from '@shared/contracts/unions';
import { session } from './session';
import { send } from './transport';

let cloudReady = false;

/** Connects to CloudBase once; the env comes from TARO_APP_CLOUD_ENV (.env files) or the DevTools default. */
export function initPlatform(): void {
  if (cloudReady) return;
  const env = process.env.TARO_APP_CLOUD_ENV;
  Taro.cloud.init(env ? { env, traceUser: true } : { traceUser: true });
  cloudReady = true;
}

/** `wx.qy` exists only inside WeCom (企业微信); there CloudBase gives no OPENID, so we sign in ourselves. */
interface WecomApi {
  login(options: { success(res: { code: string }): void; fail(err: unknown): void }): void;
}
const wecomApi = (): WecomApi | null => {
  try {
    if (Taro.getSystemInfoSync().environment !== 'wxwork') return null;
  } catch {
    return null;
  }
  return ((globalThis as { wx?: { qy?: WecomApi } }).wx?.qy ?? null) as WecomApi | null;
};

let signingIn: Promise<void> | null = null;

async function wecomSignIn(qy: WecomApi): Promise<void> {
  const { code } = await new Promise<{ code: string }>((resolve, reject) => qy.login({ success: resolve, fail: reject }));
  const res = await send({ fn: 'unions', action: 'unions.wecomLogin', input: { code }, token: null });
  if (res.ok) session.set((res.data as WecomLoginOutput).token);
}

/**
 * Before the first call inside WeCom: exchange a `wx.qy.login` code for our session, once, shared by
 * every call waiting on it. A failed sign-in leaves the calls to fail with the server's message.
 */
export function platformReady(): Promise<void> {
  const qy = session.get() ? null : wecomApi();
  if (!qy) return Promise.resolve();
  signingIn ??= wecomSignIn(qy)
    .catch(() => undefined)
    .finally(() => {
      signingIn = null;
    });
  return signingIn;
}

/** In WeChat, CloudBase identifies the caller, so a page can always load. */
export function ensureSignedIn(): boolean {
  return true;
}

/** Our WeCom session expired: drop it; the next call falls back to the WeChat identity. */
export function onSessionRejected(): void {
  session.clear();
  void Taro.showToast({ title: '登录已过期，请重新进入', icon: 'none' });
}

/** Sign out; null where the platform signs people in by itself. */
export const signOut: (() => void) | null = null;

/** After a sign-in: the mini-program signs in where it stands, so this only leads home. */
export async function goOnAfterSignIn(): Promise<void> {
  await Taro.switchTab({ url: '/pages/home/index' });
}
