export { call } from './client';
export { ApiCallError, messageOf } from './errors';
export { session } from './session';
export { ensureSignedIn, signOut, shareToOneGroup, groupShareProof } from './platform';
