import type { CSSProperties } from 'react';
import Taro from '@tarojs/taro';
import { paintPages } from './apply';
import { themeOr, themeVariables } from './colors';
import { currentTheme, setTheme } from './store';

export { PLATFORM_RED, themeOr, darker } from './colors';
export { currentTheme } from './store';

/**
 * Wear a union's colour everywhere: page variables (buttons, tags, switches, empty states follow through NutUI's
 * `--nutui-color-primary`; h5 on the document, weapp on each page's root — see withTheme), the tab bar's selected
 * item, and remembered for the next launch.
 */
export function applyTheme(color: string | null | undefined): void {
  const theme = themeOr(color);
  setTheme(theme);
  paintPages(theme);
  void Promise.resolve(Taro.setTabBarStyle?.({ selectedColor: theme })).catch(() => undefined);
}

/** The theme variables as an inline style (weapp has no shared root: withTheme puts them on each page). */
export const themeStyle = (color: string = currentTheme()): CSSProperties => themeVariables(color) as CSSProperties;
export { withTheme } from './withTheme';
