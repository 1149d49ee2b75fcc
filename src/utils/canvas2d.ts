/** Type-checking stand-in: Taro resolves `./canvas` to the .weapp.ts or .h5.ts file at build time. */
export { chartCanvas, type ChartCanvas } from './canvas2d.h5';
