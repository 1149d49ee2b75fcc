import Taro from '@tarojs/taro';
import { themeOr } from './colors';

const STORAGE_KEY = 'pu.theme';

/** The theme colour in force and who wants to hear when it changes (weapp's page roots, see withTheme). */
let current: string | undefined;
const listeners = new Set<() => void>();

/** The theme in force: the signed-in member's union's, remembered across launches. */
export function currentTheme(): string {
  if (current) return current;
  try {
    current = themeOr(Taro.getStorageSync(STORAGE_KEY) as string);
  } catch {
    current = themeOr(null);
  }
  return current;
}

/** Make `color` the theme, remember it for the next launch and tell every listener. */
export function setTheme(color: string): void {
  const changed = color !== current;
  current = color;
  try {
    Taro.setStorageSync(STORAGE_KEY, color);
  } catch {
    // storage full or unavailable: the theme still applies for this run
  }
  if (changed) for (const listener of listeners) listener();
}

/** Listen for theme changes (the shape React's useSyncExternalStore takes); returns the unsubscribe. */
export function onThemeChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
