import Taro from '@tarojs/taro';
import { session } from './session';

let cloudReady = false;

/** Connects to CloudBase once; the env comes from TARO_APP_CLOUD_ENV (.env files) or the DevTools default. */
export function initPlatform(): void {
  if (cloudReady) return;
  const env = process.env.TARO_APP_CLOUD_ENV;
  Taro.cloud.init(env ? { env, traceUser: true } : { traceUser: true });
  cloudReady = true;
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
