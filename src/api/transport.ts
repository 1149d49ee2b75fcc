/**
 * Type-checking and test stand-in. At build time Taro resolves `./transport` to
 * `transport.weapp.ts` or `transport.h5.ts`; both implement the same `Send` type (./types).
 */
export { send } from './transport.h5';
