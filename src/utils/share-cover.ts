/** Type-checking stand-in: Taro resolves `./share-cover` to the .weapp.ts or .h5.ts file at build time. */
export { shareCover } from './share-cover.h5';
