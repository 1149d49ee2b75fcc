import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The deployable bundles (`npm run build:functions`) as CloudBase runs them: each call is a fresh Node process
 * that loads `build/functions/<fn>/index.js` and calls `main(event, context)` with the platform's environment.
 * CI builds them first (PU_REQUIRE_E2E=1 there makes a missing build a failure).
 */
export const ROOT = path.resolve(__dirname, '..', '..');
export const BUILD = path.join(ROOT, 'build', 'functions');
export const FUNCTIONS = ['unions', 'membership', 'aid', 'congress', 'booking', 'perks'];

export const bundlesBuilt = FUNCTIONS.every((f) => fs.existsSync(path.join(BUILD, f, 'index.js')));
if (!bundlesBuilt && process.env.PU_REQUIRE_E2E === '1')
  throw new Error('build/functions is missing: run npm run build:functions');
/** Bundle suites run on the embedded database only (each child opens the PGlite folder the test prepared). */
export const bundleSuite = bundlesBuilt && process.env.PU_TEST_ENGINE !== 'postgres' ? describe : describe.skip;

export function callBundle<T = any>(
  fn: string,
  event: unknown,
  dataDir: string,
  opts: { env?: Record<string, string>; context?: Record<string, unknown> } = {},
): T {
  const script =
    `require(${JSON.stringify(path.join(BUILD, fn, 'index.js'))})` +
    `.main(${JSON.stringify(event)}, ${JSON.stringify(opts.context ?? {})})` +
    `.then((r) => { process.stdout.write(JSON.stringify(r)); process.exit(0); })`;
  const out = execFileSync(process.execPath, ['-e', script], {
    env: { ...process.env, PU_DATA_DIR: dataDir, DATABASE_URL: '', NODE_OPTIONS: '', TRIGGER_SRC: '', ...opts.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out);
}
