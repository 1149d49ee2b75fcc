/** Type-checking stand-in: Taro resolves `./scan` to the .weapp.ts or .h5.ts file at build time. */
export { canScan, scanCode } from './scan.h5';
