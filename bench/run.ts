import fs from 'node:fs';
import path from 'node:path';

/**
 * `npm run bench [-- name]`: runs every `bench/*.bench.ts` (or the named ones) in turn; each prints its figures.
 * Benchmarks measure; they never fail a build on a number.
 */
async function main() {
  const only = process.argv.slice(2);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort();
  for (const file of files) {
    console.log(`\n=== ${file} ===`);
    const mod = await import(path.join(__dirname, file));
    await mod.run();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
