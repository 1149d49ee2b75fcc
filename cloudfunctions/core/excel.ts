import fs from 'node:fs';
import path from 'node:path';
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
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: only membership and aid bundles carry exceljs
      excelModule = require('exceljs') as typeof ExcelJS;
    } catch {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the fallback bundle, see above
      excelModule = require('exceljs/dist/exceljs.min.js') as typeof ExcelJS;
    }
  }
  return excelModule;
}

/**
 * exceljs's streaming reader (stream.xlsx), for reading a large upload row by row. Only the package entry
 * has it (the dist bundle is the browser build). Under tsx on Node ≥ 20.19 the entry fails where a small
 * dependency (`async-function`, `generator-function`) resolves (condition "module-sync") to a require.mjs
 * that tsx cannot load as CommonJS; the index.js beside it is the same function in CommonJS, so those
 * resolutions are redirected while the package loads.
 */
export function excelStreaming(): typeof ExcelJS.stream.xlsx {
  if (!streamingModule) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, as excel()
      streamingModule = require('exceljs') as typeof ExcelJS;
    } catch {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- Node's loader internals, patched for one load (see above)
      const Module = require('node:module') as { _resolveFilename: (...args: unknown[]) => string };
      const original = Module._resolveFilename;
      Module._resolveFilename = function (...args: unknown[]) {
        const file = original.apply(this, args);
        const cjs = path.join(path.dirname(file), 'index.js');
        return path.basename(file) === 'require.mjs' && fs.existsSync(cjs) ? cjs : file;
      };
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the load the redirect is for
        streamingModule = require('exceljs') as typeof ExcelJS;
      } finally {
        Module._resolveFilename = original;
      }
    }
  }
  return streamingModule.stream.xlsx;
}
let streamingModule: typeof ExcelJS | undefined;
