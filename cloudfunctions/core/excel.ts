import type ExcelJS from 'exceljs';

let excelModule: typeof ExcelJS | undefined;
/**
 * exceljs, loaded on first use (keeps cold starts light). Under tsx on Node ≥ 20.19 its dependency chain
 * (get-intrinsic → async-function's "module-sync" export) fails to load; the self-contained dist bundle
 * does the same work, so fall back to it. The one loader for every area that reads or writes .xlsx.
 */
export function excel(): typeof ExcelJS {
  if (!excelModule) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      excelModule = require('exceljs') as typeof ExcelJS;
    } catch {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      excelModule = require('exceljs/dist/exceljs.min.js') as typeof ExcelJS;
    }
  }
  return excelModule;
}

/**
 * exceljs's streaming reader (stream.xlsx), for reading a large upload row by row. Only the package entry
 * has it (the dist bundle is the browser build), so there is no fallback: under tsx on Node ≥ 20.19 the
 * host must make the package entry loadable first (bench/support.ts does).
 */
export function excelStreaming(): typeof ExcelJS.stream.xlsx {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('exceljs') as typeof ExcelJS).stream.xlsx;
}
