import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { initPlatform } from '@/api/platform';
import { applyTheme, currentTheme } from '@/theme';
// NutUI icons are SVG masks; this 7 KB sheet sizes them. NutUI component styles are imported beside
// each component we use (src/components/nutui.ts), never the whole 230 KB sheet.
import '@nutui/icons-react-taro/dist/style_icon.css';
import './styles/common.scss';
import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    initPlatform();
    // the member's union's colour from the last run, until this run's home data says otherwise
    applyTheme(currentTheme());
  });
  return children;
}

export default App;
