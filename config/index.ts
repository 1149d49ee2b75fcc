import path from 'path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

const root = path.resolve(__dirname, '..');

/**
 * Taro build config for weapp and h5. Styles are written at a 375 px design width (the phone's CSS width),
 * the same width NutUI is designed at, so one px value means the same thing in our styles and in NutUI's.
 */
export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'palm-union',
    date: '2025-1-1',
    designWidth: 375,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV}`,
    // NutUI renders icons and some wrappers as HTML elements (<i>, <span>, <div>); on mini-programs those
    // need the html plugin, or WeChat reports "Template tmpl_0_i not found" and the icon stays blank.
    // The browser renders HTML itself: h5 builds go without the plugin's runtime.
    plugins: process.env.TARO_ENV === 'h5' ? [] : ['@tarojs/plugin-html'],
    defineConstants: {},
    alias: {
      '@': path.join(root, 'src'),
      // contracts and domain rules shared by client and server (same alias in tsconfig.json and jest.config.js)
      '@shared': path.join(root, 'src/shared'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    sass: {
      // Tokens and mixins are available in every scss file without an import (they emit no CSS themselves).
      resource: [path.join(root, 'src/styles/variables.scss'), path.join(root, 'src/styles/mixins.scss')],
    },
    mini: {
      // Page styles are independent of each other; their order across shared chunks does not matter.
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
      webpackChain(chain) {
        // Taro splits only initial chunks on h5, so every lazily loaded page would carry its own copy of
        // zod, NutUI and our components. Share what two or more pages use instead.
        const split = chain.optimization.get('splitChunks');
        if (split && split.cacheGroups) {
          chain.optimization.splitChunks({
            ...split,
            cacheGroups: {
              ...split.cacheGroups,
              sharedByPages: { chunks: 'async', minChunks: 2, minSize: 0, priority: 5, reuseExistingChunk: true },
            },
          });
        }
      },
      devServer: {
        // `npm run dev:gateway` hosts the functions; the h5 dev server forwards API calls to it.
        proxy: { '/api': { target: process.env.GATEWAY_URL || 'http://127.0.0.1:8787', changeOrigin: true } },
      },
    },
  };

  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
