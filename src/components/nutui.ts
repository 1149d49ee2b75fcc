/**
 * The NutUI components this app uses, each with its own stylesheet (a few KB each) instead of the
 * whole 230 KB `dist/style.css`. Import NutUI from here, and add a line pair when you need another.
 */
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/skeleton/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/dialog/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/overlay/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/checkbox/style/css';

export { Button, Checkbox, Dialog } from '@nutui/nutui-react-taro';
// Every page's loading placeholder: NutUI's skeleton rows under a visible 加载中 (src/components/Loading).
export { default as Skeleton } from './Loading';
