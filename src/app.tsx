import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { initPlatform } from '@/api/platform';
// NutUI icons are SVG masks; this 7 KB sheet sizes them. NutUI component styles are imported beside
// each component we use (src/components/nutui.ts), never the whole 230 KB sheet.
import '@nutui/icons-react-taro/dist/style_icon.css';
import './styles/common.scss';
import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    initPlatform();
  });
  return children;
}

export default App;
