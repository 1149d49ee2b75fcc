/**
 * Type-checking stand-in. At build time Taro resolves `./files` to `files.weapp.ts` or `files.h5.ts`;
 * both export the same functions.
 */
export { pickRosterFile, saveTemplate, type PickedFile } from './files.h5';
