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
type Callbacks<T> = { success(res: T): void; fail(err: unknown): void };
interface WecomApi {
  login(options: Callbacks<{ code: string }>): void;
  /** Where the app was opened from; a 私密消息 card opened in a group carries its `shareTicket`. */
  getContext?(options: Callbacks<{ shareTicket?: string; entry?: string }>): void;
  getShareInfo?(options: { shareTicket: string } & Callbacks<{ encryptedData: string; iv: string }>): void;
  setShareAttr?(options: { withShareTicket: boolean; state: string } & Partial<Callbacks<unknown>>): void;
}
const promised = <T>(fn: (cb: Callbacks<T>) => void) =>
  new Promise<T>((resolve, reject) => fn({ success: resolve, fail: reject }));
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

/**
 * 仅限本群 (the officer's side): the next share is a 私密消息 card that carries a shareTicket and `state` = the
 * invite code, so only that group's members can open it and the server can tell the group. False outside WeCom.
 */
export function shareToOneGroup(inviteCode: string): boolean {
  const qy = wecomApi();
  if (!qy?.setShareAttr) return false;
  qy.setShareAttr({ withShareTicket: true, state: inviteCode });
  return true;
}

/**
 * 仅限本群 (the joiner's side): the card's shareTicket, a fresh login code and the share info WeCom encrypts under
 * that login's session key, for the server to check; null when the app was not opened from a group card.
 */
export async function groupShareProof(): Promise<{ code: string; encryptedData: string; iv: string } | null> {
  const qy = wecomApi();
  if (!qy?.getContext || !qy.getShareInfo) return null;
  try {
    const { shareTicket } = await promised(qy.getContext.bind(qy));
    if (!shareTicket) return null;
    const { code } = await promised(qy.login.bind(qy));
    const info = await promised<{ encryptedData: string; iv: string }>((cb) => qy.getShareInfo!({ shareTicket, ...cb }));
    return { code, encryptedData: info.encryptedData, iv: info.iv };
  } catch {
    return null;
  }
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
