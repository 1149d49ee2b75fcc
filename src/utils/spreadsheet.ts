/** Type-checking stand-in: Taro resolves `./spreadsheet` to the .weapp.ts or .h5.ts file at build time. */
export { saveSpreadsheet } from './spreadsheet.h5';
