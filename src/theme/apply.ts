/**
 * Type-checking and test stand-in. At build time Taro resolves `./apply` to `apply.weapp.ts` or `apply.h5.ts`;
 * both export the same function.
 */
export { paintPages } from './apply.h5';
