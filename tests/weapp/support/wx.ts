/**
 * A `wx` stand-in for running the built mini-program in jest: storage in memory, `wx.cloud.callFunction`
 * answered by the local cloud functions (the very `main` CloudBase would call), and every UI or navigation
 * call recorded so a test can see what a page asked the phone to do.
 */
import type { LocalCloud } from './cloud';
import { recordingCanvas } from './recording-canvas';

export interface WxCall {
  api: string;
  options: unknown;
}

export interface WxStandIn {
  /** The object installed as the global `wx`. */
  wx: Record<string, unknown>;
  storage: Map<string, unknown>;
  /** Every API called, in order (cloud calls included, as `cloud.callFunction`). */
  calls: WxCall[];
  /** Cloud function calls still being answered. */
  pending(): number;
}

type Callbacks = { success?: (res: unknown) => void; fail?: (err: unknown) => void; complete?: (res: unknown) => void };

/** Like the wire: what crosses between the phone and CloudBase is JSON (a Date becomes a string). */
const overTheWire = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

/** Where the mini-program runs: WeChat (default) or WeCom, whose `wx.qy.login` gives a code from `qyLoginCode`. */
export interface WxOptions {
  environment?: 'wxwork';
  /** The code WeCom's client would hand `wx.qy.login` (from the platform stand-in, which later exchanges it). */
  qyLoginCode?: () => string;
  /** The 私密消息 card the app was opened from: its shareTicket for `wx.qy.getContext` (none: opened elsewhere). */
  qyShareTicket?: () => string | null;
  /** What `wx.qy.getShareInfo` answers for the ticket, encrypted under the session key of the last `qy.login` code. */
  qyShareInfo?: (lastLoginCode: string) => { encryptedData: string; iv: string };
  /** What the camera reads when a page calls `wx.scanCode` (none: the user closed the scanner, `fail`). */
  scanResult?: () => string | null;
  /** The <Canvas type="2d"> nodes a selector query finds by id (others find nothing: no layout in jsdom). */
  canvasNode?: (id: string) => { node: unknown; width: number; height: number } | null;
}

export function createWx(cloudFunctions: Pick<LocalCloud, 'call'>, options: WxOptions = {}): WxStandIn {
  const storage = new Map<string, unknown>();
  const calls: WxCall[] = [];
  let inFlight = 0;
  let lastLoginCode = '';

  const record = (api: string, options: unknown) => calls.push({ api, options });
  /** An asynchronous wx API answering `result` through success/complete, as WeChat does. */
  const asyncApi =
    (api: string, result: (options: Record<string, unknown>) => unknown = () => ({ errMsg: `${api}:ok` })) =>
    (options: Record<string, unknown> & Callbacks = {}) => {
      record(api, options);
      const res = result(options);
      setTimeout(() => {
        options.success?.(res);
        options.complete?.(res);
      }, 0);
    };
  const syncApi =
    (api: string, result: (...args: unknown[]) => unknown = () => undefined) =>
    (...args: unknown[]) => {
      record(api, args);
      return result(...args);
    };

  const systemInfo = {
    brand: 'devtools',
    model: 'iPhone 12',
    pixelRatio: 2,
    screenWidth: 390,
    screenHeight: 844,
    windowWidth: 390,
    windowHeight: 844,
    statusBarHeight: 47,
    language: 'zh_CN',
    version: '8.0.50',
    system: 'iOS 17.0',
    platform: 'devtools',
    SDKVersion: '3.7.0',
    // WeChat leaves it out; inside WeCom (企业微信) the client says 'wxwork'
    environment: options.environment as string | undefined,
    safeArea: { left: 0, right: 390, top: 47, bottom: 810, width: 390, height: 763 },
  };

  const cloud = {
    init: syncApi('cloud.init'),
    async callFunction(options: { name: string; data?: unknown } & Callbacks) {
      record('cloud.callFunction', options);
      inFlight++;
      try {
        // CloudBase passes the client's data as the event; the session token travels inside it.
        const result = await cloudFunctions.call(options.name, overTheWire(options.data ?? {}));
        const res = { errMsg: 'cloud.callFunction:ok', result, requestID: `local-${calls.length}` };
        options.success?.(res);
        options.complete?.(res);
        return res;
      } catch (err) {
        options.fail?.(err);
        options.complete?.(err);
        throw err;
      } finally {
        inFlight--;
      }
    },
  };

  const wx: Record<string, unknown> = {
    cloud,
    // wx.qy exists only inside WeCom
    ...(options.environment === 'wxwork'
      ? {
          qy: {
            login: asyncApi('qy.login', () => {
              lastLoginCode = options.qyLoginCode?.() ?? '';
              return { code: lastLoginCode, errMsg: 'qy.login:ok' };
            }),
            getContext: asyncApi('qy.getContext', () => {
              const shareTicket = options.qyShareTicket?.() ?? null;
              return {
                entry: shareTicket ? 'group_chat_tools' : 'normal',
                ...(shareTicket ? { shareTicket } : {}),
                errMsg: 'qy.getContext:ok',
              };
            }),
            getShareInfo: asyncApi('qy.getShareInfo', () => ({
              ...options.qyShareInfo!(lastLoginCode),
              errMsg: 'qy.getShareInfo:ok',
            })),
            setShareAttr: asyncApi('qy.setShareAttr'),
          },
        }
      : {}),
    getStorageSync: syncApi('getStorageSync', (key) => (storage.has(key as string) ? storage.get(key as string) : '')),
    setStorageSync: syncApi('setStorageSync', (key, value) => void storage.set(key as string, value)),
    removeStorageSync: syncApi('removeStorageSync', (key) => void storage.delete(key as string)),
    getSystemInfoSync: syncApi('getSystemInfoSync', () => ({ ...systemInfo })),
    getWindowInfo: syncApi('getWindowInfo', () => ({ ...systemInfo })),
    getDeviceInfo: syncApi('getDeviceInfo', () => ({ ...systemInfo })),
    getAppBaseInfo: syncApi('getAppBaseInfo', () => ({ ...systemInfo })),
    getMenuButtonBoundingClientRect: syncApi('getMenuButtonBoundingClientRect', () => ({
      width: 87,
      height: 32,
      top: 51,
      right: 383,
      bottom: 83,
      left: 296,
    })),
    canIUse: syncApi('canIUse', () => true),
    nextTick: (fn: () => void) => setTimeout(fn, 0),
    getSystemInfo: asyncApi('getSystemInfo', () => ({ ...systemInfo, errMsg: 'getSystemInfo:ok' })),
    getStorage: asyncApi('getStorage', (o) => ({ data: storage.get(o.key as string), errMsg: 'getStorage:ok' })),
    setStorage: asyncApi('setStorage', (o) => (storage.set(o.key as string, o.data), { errMsg: 'setStorage:ok' })),
    scanCode(o: Record<string, unknown> & Callbacks = {}) {
      record('scanCode', o);
      const result = options.scanResult?.() ?? null;
      setTimeout(() => {
        const res =
          result === null
            ? { errMsg: 'scanCode:fail cancel' }
            : { result, scanType: 'QR_CODE', charSet: 'utf-8', errMsg: 'scanCode:ok' };
        (result === null ? o.fail : o.success)?.(res);
        o.complete?.(res);
      }, 0);
    },
    // a canvas written to a temporary image, as WeChat names them (the drawing itself is in the recording canvas)
    canvasToTempFilePath: asyncApi('canvasToTempFilePath', () => ({
      tempFilePath: `wxfile://tmp_canvas_${calls.length}.png`,
      errMsg: 'canvasToTempFilePath:ok',
    })),
    showToast: asyncApi('showToast'),
    hideToast: asyncApi('hideToast'),
    showLoading: asyncApi('showLoading'),
    hideLoading: asyncApi('hideLoading'),
    showModal: asyncApi('showModal', () => ({ confirm: false, cancel: true, errMsg: 'showModal:ok' })),
    showActionSheet: asyncApi('showActionSheet'),
    navigateTo: asyncApi('navigateTo'),
    redirectTo: asyncApi('redirectTo'),
    switchTab: asyncApi('switchTab'),
    reLaunch: asyncApi('reLaunch'),
    navigateBack: asyncApi('navigateBack'),
    setNavigationBarTitle: asyncApi('setNavigationBarTitle'),
    setNavigationBarColor: asyncApi('setNavigationBarColor'),
    setTabBarStyle: asyncApi('setTabBarStyle'),
    stopPullDownRefresh: asyncApi('stopPullDownRefresh'),
    pageScrollTo: asyncApi('pageScrollTo'),
    setClipboardData: asyncApi('setClipboardData'),
    requestSubscribeMessage: asyncApi('requestSubscribeMessage', () => ({ errMsg: 'requestSubscribeMessage:ok' })),
    getUpdateManager: syncApi('getUpdateManager', () => ({
      onCheckForUpdate() {},
      onUpdateReady() {},
      onUpdateFailed() {},
      applyUpdate() {},
    })),
    onAppShow: syncApi('onAppShow'),
    onAppHide: syncApi('onAppHide'),
    offAppShow: syncApi('offAppShow'),
    offAppHide: syncApi('offAppHide'),
    // jsdom has no canvas: an off-screen one records what is drawn on it (support/recording-canvas)
    createOffscreenCanvas: syncApi('createOffscreenCanvas', () => recordingCanvas().node),
    createSelectorQuery: syncApi('createSelectorQuery', () => selectorQuery(options.canvasNode)),
    createIntersectionObserver: syncApi('createIntersectionObserver', () => ({
      relativeToViewport: () => ({ observe() {} }),
      observe() {},
      disconnect() {},
    })),
  };

  return { wx, storage, calls, pending: () => inFlight };
}

/**
 * A selector query: layout does not exist in jsdom, so it finds nothing, except `select('#id').fields({ node })`
 * of a canvas the test provides (`canvasNode`), answered as WeChat does: `[{ node, width, height }]`.
 */
function selectorQuery(canvasNode: WxOptions['canvasNode']) {
  let selected: string | null = null;
  let wantsNode = false;
  const q = {
    in: () => q,
    select: (selector: string) => ((selected = selector), q),
    selectAll: () => q,
    selectViewport: () => q,
    boundingClientRect: () => q,
    scrollOffset: () => q,
    fields: (f: { node?: boolean }) => ((wantsNode = !!f?.node), q),
    exec: (cb?: (res: unknown[]) => void) =>
      setTimeout(() => {
        const found = wantsNode && selected?.startsWith('#') ? canvasNode?.(selected.slice(1)) : null;
        cb?.(found ? [found] : []);
      }, 0),
  };
  return q;
}
