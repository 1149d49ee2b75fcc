import Taro from '@tarojs/taro';
import { session } from './session';

/** The page where a local developer picks a demo person (h5 only). */
export const SIGN_IN_PAGE = '/pages/dev-login/index';

const onSignInPage = (): boolean => {
  const pages = Taro.getCurrentPages();
  const route = pages[pages.length - 1]?.route ?? '';
  return SIGN_IN_PAGE.endsWith(route.replace(/^\//, '')) && route !== '';
};

/** H5 needs nothing at launch. */
export function initPlatform(): void {}

/** H5 signs in on the dev-login page; nothing to wait for before a call. */
export function platformReady(): Promise<void> {
  return Promise.resolve();
}

/** H5 has no platform identity: without our session, go to the dev-login page. Returns whether signed in. */
export function ensureSignedIn(): boolean {
  if (session.get()) return true;
  if (!onSignInPage()) void Taro.reLaunch({ url: SIGN_IN_PAGE });
  return false;
}

/** The server no longer accepts our session. */
export function onSessionRejected(): void {
  session.clear();
  if (!onSignInPage()) void Taro.reLaunch({ url: SIGN_IN_PAGE });
}

/** Sign out; null where the platform signs people in by itself. */
export const signOut: (() => void) | null = () => {
  session.clear();
  void Taro.reLaunch({ url: SIGN_IN_PAGE });
};
