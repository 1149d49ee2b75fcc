import type { CSSProperties } from 'react';
import Taro from '@tarojs/taro';
import { paintPages } from './apply';
import { themeOr, themeVariables } from './colors';

export { PLATFORM_RED, themeOr, darker } from './colors';

const STORAGE_KEY = 'pu.theme';

/** The theme in force: the signed-in member's union's, remembered across launches. */
export function currentTheme(): string {
  try {
    return themeOr(Taro.getStorageSync(STORAGE_KEY) as string);
  } catch {
    return themeOr(null);
  }
}

/**
 * Wear a union's colour everywhere: page variables (buttons, tags, switches, empty states follow through NutUI's
 * `--nutui-color-primary`), the tab bar's selected item, and remembered for the next launch.
 */
export function applyTheme(color: string | null | undefined): void {
  const theme = themeOr(color);
  try {
    Taro.setStorageSync(STORAGE_KEY, theme);
  } catch {
    // storage full or unavailable: the theme still applies for this run
  }
  paintPages(theme);
  void Promise.resolve(Taro.setTabBarStyle?.({ selectedColor: theme })).catch(() => undefined);
}

/** The theme variables as an inline style, for a page's root view (weapp has no shared root). */
export const themeStyle = (): CSSProperties => themeVariables(currentTheme()) as CSSProperties;
