/**
 * Type-checking stand-in. At build time Taro resolves `./subscribe` to `subscribe.weapp.ts` or
 * `subscribe.h5.ts`; both export the same function.
 */
export { askReminderConsent } from './subscribe.h5';
