import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The deployable bundles (`npm run build:functions`) run on their own: each loads in a plain Node
 * process, finds its migrations, opens a database and answers `{ action, input }` as CloudBase calls it.
 * CI builds them first (PU_REQUIRE_E2E=1 there makes a missing build a failure).
 */
const ROOT = path.resolve(__dirname, '..', '..');
const BUILD = path.join(ROOT, 'build', 'functions');
const FUNCTIONS = ['unions', 'membership', 'aid', 'congress', 'booking'];
const built = FUNCTIONS.every((f) => fs.existsSync(path.join(BUILD, f, 'index.js')));
if (!built && process.env.PU_REQUIRE_E2E === '1') throw new Error('build/functions is missing: run npm run build:functions');
const suite = built && process.env.PU_TEST_ENGINE !== 'postgres' ? describe : describe.skip;

function callBundle(fn: string, event: unknown, dataDir: string): { ok: boolean; data?: unknown; error?: { code: string; message: string } } {
  const script = `require(${JSON.stringify(path.join(BUILD, fn, 'index.js'))}).main(${JSON.stringify(event)}, {}).then((r) => { process.stdout.write(JSON.stringify(r)); process.exit(0); })`;
  const out = execFileSync(process.execPath, ['-e', script], {
    env: { ...process.env, PU_DATA_DIR: dataDir, DATABASE_URL: '', NODE_OPTIONS: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out);
}

suite('deployable function bundles', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-bundle-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test.each(FUNCTIONS)('%s refuses an unknown action with a Chinese message', (fn) => {
    const res = callBundle(fn, { action: `${fn}.noSuchThing`, input: {} }, dataDir);
    expect(res.ok).toBe(false);
    expect(res.error?.code).toBe('UNKNOWN_ACTION');
    expect(res.error?.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  test('a bundle migrates an empty database and answers a real query', () => {
    const res = callBundle('unions', { action: 'unions.brand', input: { unionId: '00000000-0000-4000-8000-000000000000' } }, dataDir);
    expect(res.ok).toBe(false);
    expect(res.error?.code).toBe('NOT_FOUND');
    expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(true);
  });
});
