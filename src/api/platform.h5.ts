import Taro from '@tarojs/taro';
import type { WecomLoginOutput } from '@shared/contracts/unions';
import type { WecomAuthorizeOutput } from '@shared/contracts/signin';
import { session } from './session';
import { send } from './transport';
import { inWecom } from './wecom-ua';

/** The page where a local developer picks a demo person (h5 only). */
export const SIGN_IN_PAGE = '/pages/dev-login/index';

const RETURN_KEY = 'pu.returnTo';
const STATE_KEY = 'pu.oauthState';

const onSignInPage = (): boolean => {
  const pages = Taro.getCurrentPages();
  const route = pages[pages.length - 1]?.route ?? '';
  return SIGN_IN_PAGE.endsWith(route.replace(/^\//, '')) && route !== '';
};

/** The page a sign-in interrupted (an invite link, say), to come back to afterwards. */
function rememberPage(): void {
  const route = window.location.hash.replace(/^#/, '');
  if (route.startsWith('/pages/') && !route.startsWith(SIGN_IN_PAGE)) window.sessionStorage.setItem(RETURN_KEY, route);
}

/** Where to go after signing in: the remembered page (once), or null for the home page. */
export function takeReturnPage(): string | null {
  const route = window.sessionStorage.getItem(RETURN_KEY);
  window.sessionStorage.removeItem(RETURN_KEY);
  return route && route.startsWith('/pages/') ? route : null;
}

/** After a sign-in: back to the page that needed it, else home. */
export async function goOnAfterSignIn(): Promise<void> {
  const back = takeReturnPage();
  if (back) await Taro.reLaunch({ url: back });
  else await Taro.switchTab({ url: '/pages/home/index' });
}

let signingIn: Promise<void> | null = null;

/** WeCom redirected back with `?code=…&state=…`: exchange the code for our session, then resume the page. */
function finishWecomSignIn(): Promise<void> | null {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('code');
  const state = params.get('state');
  if (!code || !state) return null;
  const expected = window.sessionStorage.getItem(STATE_KEY);
  window.sessionStorage.removeItem(STATE_KEY);
  // the code must not stay in the address bar (nor be sent twice)
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.hash}`);
  if (!expected || expected !== state) return null;
  return (async () => {
    const res = await send({ fn: 'unions', action: 'unions.wecomWebLogin', input: { code }, token: null });
    if (!res.ok) {
      void Taro.showToast({ title: res.error.message, icon: 'none' });
      return;
    }
    session.set((res.data as WecomLoginOutput).token);
    await goOnAfterSignIn();
  })();
}

async function startWecomSignIn(): Promise<void> {
  const state = Math.random().toString(36).slice(2, 12);
  window.sessionStorage.setItem(STATE_KEY, state);
  const redirectUri = `${window.location.origin}${window.location.pathname}`;
  const res = await send({ fn: 'unions', action: 'unions.wecomAuthorizeUrl', input: { redirectUri, state }, token: null });
  const url = res.ok ? (res.data as WecomAuthorizeOutput).url : null;
  if (url) window.location.href = url;
  else if (!onSignInPage()) await Taro.reLaunch({ url: SIGN_IN_PAGE });
}

/** At launch: finish a WeCom sign-in the browser came back from. */
export function initPlatform(): void {
  signingIn = finishWecomSignIn()?.finally(() => (signingIn = null)) ?? null;
}

/** Calls wait for a WeCom sign-in under way. */
export function platformReady(): Promise<void> {
  return signingIn ?? Promise.resolve();
}

/**
 * Without our session: inside WeCom, sign in with WeCom (OAuth2 snsapi_base); elsewhere the dev-login page. The page
 * asking is remembered and opened again after sign-in. Returns whether signed in.
 */
export function ensureSignedIn(): boolean {
  if (session.get()) return true;
  if (signingIn) return false;
  rememberPage();
  if (inWecom()) void startWecomSignIn();
  else if (!onSignInPage()) void Taro.reLaunch({ url: SIGN_IN_PAGE });
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

/** 仅限本群 cards are a WeCom mini-program feature: the browser shares plain links. */
export function shareToOneGroup(_inviteCode: string): boolean {
  return false;
}

/** No group card in the browser: a group-only invite is joined from the WeCom mini-program. */
export async function groupShareProof(): Promise<{ code: string; encryptedData: string; iv: string } | null> {
  return null;
}
