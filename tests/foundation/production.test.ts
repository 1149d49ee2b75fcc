import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { assertProductionEnvironment, localSecret } from '../../cloudfunctions/core/local-data';
import { getRuntime, resetRuntime } from '../../cloudfunctions/core/runtime';
import { openDatabase, rows, type Database } from '../../cloudfunctions/core/db/client';
import { seedDemo } from '../../cloudfunctions/core/db/seed';
import { hashIdNumber } from '../../cloudfunctions/core/membership/identity-hash';
import { startGateway } from '../../cloudfunctions/gateway/server';
import { assertPlatformKey } from '../../cloudfunctions/core/platform/platform-key';

/**
 * Production defaults (issue 11 §6): with NODE_ENV=production the process refuses to start without its
 * secrets and database, never writes a key of its own and never seeds the demo federation.
 */
const VARS = [
  'NODE_ENV',
  'DATABASE_URL',
  'SESSION_SECRET',
  'PU_HASH_KEY',
  'PU_AID_KEY',
  'PU_DATA_DIR',
  'PU_MIGRATE_ON_START',
  'PU_PLATFORM_KEY',
] as const;
const saved: Partial<Record<(typeof VARS)[number], string>> = {};
let dataDir: string;

beforeEach(() => {
  for (const v of VARS) {
    saved[v] = process.env[v];
    delete process.env[v];
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-prod-'));
  process.env.PU_DATA_DIR = dataDir;
});
afterEach(() => {
  resetRuntime();
  for (const v of VARS) {
    if (saved[v] === undefined) delete process.env[v];
    else process.env[v] = saved[v];
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const production = (env: Partial<Record<'DATABASE_URL' | 'SESSION_SECRET' | 'PU_HASH_KEY' | 'PU_AID_KEY', string>> = {}) => {
  process.env.NODE_ENV = 'production';
  Object.assign(process.env, env);
};
const ALL = {
  DATABASE_URL: 'postgres://app@db.internal:5432/union',
  SESSION_SECRET: 's'.repeat(40),
  PU_HASH_KEY: 'h'.repeat(40),
  PU_AID_KEY: 'a'.repeat(40),
};

test('a production function refuses to start, naming every missing variable, and writes nothing', async () => {
  production({ SESSION_SECRET: ALL.SESSION_SECRET });
  const started = getRuntime();
  await expect(started).rejects.toThrow(/missing environment variables DATABASE_URL, PU_HASH_KEY, PU_AID_KEY/);
  expect(fs.readdirSync(dataDir)).toEqual([]);
  expect(() => assertProductionEnvironment({ NODE_ENV: 'production', ...ALL })).not.toThrow();
  for (const missing of Object.keys(ALL)) {
    const env = { NODE_ENV: 'production', ...ALL, [missing]: '' };
    expect(() => assertProductionEnvironment(env)).toThrow(new RegExp(`missing environment variable ${missing} `));
  }
  expect(() => assertProductionEnvironment({ NODE_ENV: 'development' })).not.toThrow();
});

test('the gateway refuses to start in production without them too', async () => {
  production({ PU_AID_KEY: ALL.PU_AID_KEY });
  await expect(startGateway({ port: 0, dataDir, seed: true })).rejects.toThrow(/DATABASE_URL, SESSION_SECRET, PU_HASH_KEY/);
  expect(fs.readdirSync(dataDir)).toEqual([]);
});

test('production never generates a local key: hashing an ID number without PU_HASH_KEY fails and writes no file', () => {
  production({ SESSION_SECRET: ALL.SESSION_SECRET });
  expect(() => hashIdNumber('110101199003077777')).toThrow(/PU_HASH_KEY is required/);
  expect(() => localSecret('session-secret', 'NO_SUCH_VARIABLE')).toThrow(/NO_SUCH_VARIABLE is required/);
  expect(fs.readdirSync(dataDir)).toEqual([]);
  process.env.PU_HASH_KEY = ALL.PU_HASH_KEY;
  expect(hashIdNumber('110101199003077777')).toMatch(/^[0-9a-f]{64}$/);
  expect(fs.readdirSync(dataDir)).toEqual([]);
});

test('locally a key is generated once into the data folder and read back', () => {
  const first = localSecret('hash-key', 'PU_HASH_KEY', dataDir);
  expect(first).toMatch(/^[0-9a-f]{64}$/);
  expect(fs.readFileSync(path.join(dataDir, 'hash-key'), 'utf8')).toBe(first);
  expect(fs.statSync(path.join(dataDir, 'hash-key')).mode & 0o777).toBe(0o600);
  expect(localSecret('hash-key', 'PU_HASH_KEY', dataDir)).toBe(first);
});

describe('no demo data in production', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase();
  });
  afterAll(() => database.close());
  const count = async (table: string) =>
    (await rows<{ n: number }>(database.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0].n;

  test('a production gateway asked to seed starts on the empty database, seeds nothing and offers no dev login', async () => {
    production(ALL);
    const gw = await startGateway({ port: 0, dataDir, seed: true, database });
    try {
      expect([await count('unions'), await count('people'), await count('role_grants')]).toEqual([0, 0, 0]);
      expect((await fetch(`${gw.url}/api/dev/people`)).status).toBe(403);
    } finally {
      await gw.close();
    }
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  test('seedDemo itself refuses in production', async () => {
    production(ALL);
    await expect(seedDemo(database.db)).rejects.toThrow(/never seeded/);
    expect(await count('people')).toBe(0);
  });

  test('PU_PLATFORM_KEY is required at production start once a corp secret is stored, and only then', async () => {
    production(ALL);
    const fed = '00000000-0000-4000-8000-000000000001';
    const corp = (id: string, sealed: string) =>
      database.db.execute(sql`INSERT INTO wecom_corps (corp_id, name, secret_sealed, federation_id, agent_id, updated_at)
        VALUES (${id}, ${id}, ${sealed}, ${fed}, ${sealed ? null : '1000002'}, now())`);
    await database.db.execute(sql`INSERT INTO unions (id, level, code, name, short_name, path)
      VALUES (${fed}, 'city', 'PK1', '测试市总工会', '测试市总', ${`/${fed}/`})`);
    try {
      await corp('wwdownstream', ''); // 上下游: the federation's app, no secret of the corp's own
      await expect(assertPlatformKey(database.db)).resolves.toBeUndefined();
      await corp('wwownapp', 'v1.aaaa.bbbb.cccc');
      await expect(assertPlatformKey(database.db)).rejects.toThrow(
        /missing environment variable PU_PLATFORM_KEY \(1 stored WeCom corp secret/,
      );
      await expect(startGateway({ port: 0, dataDir, database })).rejects.toThrow(/PU_PLATFORM_KEY/);
      await expect(assertPlatformKey(database.db, { NODE_ENV: 'development' })).resolves.toBeUndefined();
      process.env.PU_PLATFORM_KEY = 'p'.repeat(40);
      const gw = await startGateway({ port: 0, dataDir, database });
      await gw.close();
    } finally {
      await database.db.execute(sql`DELETE FROM wecom_corps`);
      await database.db.execute(sql`DELETE FROM unions`);
    }
  });
});
