import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FUNCTIONS, bundleSuite as suite, callBundle } from '../support/bundles';

/**
 * The deployable bundles (`npm run build:functions`) run on their own: each loads in a plain Node
 * process, finds its migrations, opens a database and answers `{ action, input }` as CloudBase calls it.
 */
suite('deployable function bundles', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-bundle-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test.each(FUNCTIONS)('%s refuses an unknown action with a Chinese message', (fn) => {
    const res = callBundle<{ ok: boolean; error?: { code: string; message: string } }>(
      fn,
      { action: `${fn}.noSuchThing`, input: {} },
      dataDir,
    );
    expect(res.ok).toBe(false);
    expect(res.error?.code).toBe('UNKNOWN_ACTION');
    expect(res.error?.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  test('a bundle migrates an empty database and answers a real query', () => {
    const res = callBundle<{ ok: boolean; error?: { code: string } }>(
      'unions',
      { action: 'unions.brand', input: { unionId: '00000000-0000-4000-8000-000000000000' } },
      dataDir,
    );
    expect(res.ok).toBe(false);
    expect(res.error?.code).toBe('NOT_FOUND');
    expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(true);
  });
});
