import fs from 'node:fs';
import path from 'node:path';
import { ERROR_CODES } from '@shared/contracts/error-codes';

/**
 * The list of refusal codes (src/shared/contracts/error-codes.ts) is the server's vocabulary: AppError only takes
 * those (the type checker holds the server to it), and this test holds the list to the server — no code listed that
 * no server module answers with, no code twice, all in the UPPER_SNAKE form clients match on.
 */
const ROOT = path.join(__dirname, '..', '..');

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourcesUnder(full);
    return /\.(ts|sql)$/.test(entry.name) ? [full] : [];
  });
}

const listFile = path.join(ROOT, 'src/shared/contracts/error-codes.ts');
const serverText = [...sourcesUnder(path.join(ROOT, 'cloudfunctions')), path.join(ROOT, 'src/shared/contracts/zh.ts')]
  .filter((file) => file !== listFile)
  .map((file) => fs.readFileSync(file, 'utf8'))
  .join('\n');

test('every listed code is answered by some server module', () => {
  const unused = ERROR_CODES.filter((code) => !serverText.includes(`'${code}'`));
  expect(unused).toEqual([]);
});

test('codes are unique and UPPER_SNAKE', () => {
  expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  expect(ERROR_CODES.filter((code) => !/^[A-Z][A-Z_]*[A-Z]$/.test(code))).toEqual([]);
});
