/**
 * Type-checking and test stand-in. At build time Taro resolves `./withTheme` to `withTheme.weapp.tsx` or
 * `withTheme.h5.tsx`; both export the same function.
 */
export { withTheme } from './withTheme.h5';
