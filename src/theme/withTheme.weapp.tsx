import { useSyncExternalStore, type ComponentType } from 'react';
import { View } from '@tarojs/components';
import type { CSSProperties } from 'react';
import { currentTheme, onThemeChange } from './store';
import { themeVariables } from './colors';

/**
 * weapp: a page (`export default withTheme(SomePage)`) inside one view that carries the theme variables
 * (`--union-theme*` and NutUI's `--nutui-color-primary*`), repainted when the union's colour arrives or changes.
 * WeChat's `page` node cannot take a style from script, hence the view.
 */
export function withTheme<P extends object>(Page: ComponentType<P>): ComponentType<P> {
  function ThemedPage(props: P) {
    const theme = useSyncExternalStore(onThemeChange, currentTheme);
    return (
      <View className='theme-root' style={themeVariables(theme) as CSSProperties}>
        <Page {...props} />
      </View>
    );
  }
  ThemedPage.displayName = `withTheme(${Page.displayName ?? Page.name})`;
  return ThemedPage;
}
