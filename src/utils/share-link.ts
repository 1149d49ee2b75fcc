/** Type-checking stand-in: Taro resolves `./share-link` to the .weapp.ts or .h5.ts file at build time. */
export { canShareLink, shareLink } from './share-link.h5';
