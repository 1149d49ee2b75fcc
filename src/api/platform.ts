/**
 * Type-checking and test stand-in. At build time Taro resolves `./platform` to `platform.weapp.ts`
 * or `platform.h5.ts`; both export the same functions.
 */
export {
  initPlatform,
  platformReady,
  ensureSignedIn,
  onSessionRejected,
  signOut,
  goOnAfterSignIn,
  SIGN_IN_PAGE,
  shareToOneGroup,
  groupShareProof,
} from './platform.h5';
