/**
 * Type-checking stand-in. At build time Taro resolves `./file` to `file.h5.ts` (base64 through the
 * actions, in pieces above 180 KB) or `file.weapp.ts` (Taro.cloud.uploadFile, then the fileID).
 */
export { pickFile, UPLOAD_HINT, type PickedFile } from './file.h5';
