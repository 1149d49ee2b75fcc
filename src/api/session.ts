import Taro from '@tarojs/taro';

const KEY = 'pu.session';

/** Our own session token (dev login on h5, WeCom login later), kept in local storage. */
export const session = {
  get(): string | null {
    try {
      const value: unknown = Taro.getStorageSync(KEY);
      return typeof value === 'string' && value ? value : null;
    } catch {
      return null;
    }
  },
  set(token: string): void {
    Taro.setStorageSync(KEY, token);
  },
  clear(): void {
    Taro.removeStorageSync(KEY);
  },
};
