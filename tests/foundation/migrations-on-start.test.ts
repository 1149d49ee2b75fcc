import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase, rows, type OpenOptions } from '../../cloudfunctions/core/db/client';
import { migrationFiles } from '../../cloudfunctions/core/db/migrate';
import { engineName } from '../support/db';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database';

/**
 * Production functions run no DDL on a cold start (the deploy runs `npm run migrate`; they only check
 * nothing is pending) unless PU_MIGRATE_ON_START=1; local runs and tests migrate on open.
 * On PGlite (a folder) and, in the postgres project, on a private PostgreSQL database.
 */
const ROOT = path.resolve(__dirname, '..', '..');
jest.setTimeout(180_000); // each open of a PGlite folder migrates from scratch
const saved = { NODE_ENV: process.env.NODE_ENV, PU_MIGRATE_ON_START: process.env.PU_MIGRATE_ON_START };
let dir: string;
let scratch: ScratchDatabase | undefined;
let where: OpenOptions;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-migrate-'));
  scratch = engineName() === 'postgres' ? await createScratchDatabase(process.env.TEST_DATABASE_URL!, 'pu_test') : undefined;
  where = scratch ? { url: scratch.url, poolSize: 2 } : { dataDir: path.join(dir, 'pglite') };
});
afterEach(async () => {
  for (const [k, v] of Object.entries(saved))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  await scratch?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Opens, reads what the open left behind, closes. */
async function tablesAfterOpen(): Promise<string[]> {
  const database = await openDatabase(where);
  try {
    return (
      await rows<{ t: string }>(
        database.db,
        sql`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
      )
    ).map((r) => r.t);
  } finally {
    await database.close();
  }
}
async function tablesNow(): Promise<string[]> {
  const database = await openDatabase({ ...where, migrations: 'none' });
  try {
    return (
      await rows<{ t: string }>(
        database.db,
        sql`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
      )
    ).map((r) => r.t);
  } finally {
    await database.close();
  }
}

test('production: a cold start on an unmigrated database runs no DDL and refuses, naming the deploy step; a local start migrates', async () => {
  process.env.NODE_ENV = 'production';
  await expect(openDatabase(where)).rejects.toThrow(/not migrated \(\d+ pending: 0001_foundation\.sql.*npm run migrate/);
  expect(await tablesNow()).toEqual([]);
  process.env.NODE_ENV = 'development';
  expect(await tablesAfterOpen()).toEqual(expect.arrayContaining(['_migrations', 'unions', 'booking_slots']));
});

test('production with PU_MIGRATE_ON_START=1 migrates on start; afterwards a plain production start only checks', async () => {
  process.env.NODE_ENV = 'production';
  process.env.PU_MIGRATE_ON_START = '1';
  expect(await tablesAfterOpen()).toEqual(expect.arrayContaining(['_migrations', 'unions', 'people', 'members']));
  delete process.env.PU_MIGRATE_ON_START;
  await expect(tablesAfterOpen()).resolves.toContain('unions');
});

test('npm run migrate applies every pending migration once, then has nothing to do; production then starts', async () => {
  const env = { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'production', PU_DATA_DIR: dir, DATABASE_URL: scratch?.url ?? '' };
  if (!scratch) env.NODE_ENV = 'development'; // the local embedded database (production requires DATABASE_URL)
  const run = () => promisify(execFile)('npm', ['run', '--silent', 'migrate'], { cwd: ROOT, env, timeout: 120_000 });
  const first = await run();
  expect(first.stdout).toContain(
    `已执行迁移：${migrationFiles()
      .map((f) => f.name)
      .join(', ')}`,
  );
  expect((await run()).stdout).toContain('数据库已是最新');
  process.env.NODE_ENV = 'production';
  await expect(tablesAfterOpen()).resolves.toContain('members');
}, 240_000);
