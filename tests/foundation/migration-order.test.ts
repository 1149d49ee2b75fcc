import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { MigrationOrderError, RENAMED_MIGRATIONS, migrate, migrationFiles } from '../../cloudfunctions/core/db/migrate';
import { splitSql } from '../../cloudfunctions/core/db/split-sql';
import { rows, sql, type Db } from '../../cloudfunctions/core/db/client';
import { schemaDump } from '../support/schema-dump';

/**
 * Migrations apply in one global order: a database migrated in steps (or by older code, under older file names)
 * ends in the same schema as a fresh one, and a pending file that sorts before an applied one is refused.
 */
const all = migrationFiles();
const dirs: string[] = [];
const clients: PGlite[] = [];

/** A migrations folder holding the given files (PU_MIGRATIONS_DIR points at it while `run` runs). */
function folder(files: { name: string; sql: string }[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-order-'));
  dirs.push(dir);
  for (const f of files) fs.writeFileSync(path.join(dir, f.name), f.sql);
  return dir;
}

async function inFolder<T>(dir: string, run: () => Promise<T>): Promise<T> {
  const before = process.env.PU_MIGRATIONS_DIR;
  process.env.PU_MIGRATIONS_DIR = dir;
  try {
    return await run();
  } finally {
    if (before === undefined) delete process.env.PU_MIGRATIONS_DIR;
    else process.env.PU_MIGRATIONS_DIR = before;
  }
}

async function emptyDb(): Promise<Db> {
  const client = new PGlite();
  clients.push(client);
  return drizzle(client) as unknown as Db;
}

const current = (name: string) => {
  const f = all.find((m) => m.name === name);
  if (!f) throw new Error(`no migration ${name}`);
  return f;
};

/** What the code before the order rule did: apply files in the order given and record the names given. */
async function applyAsOldCode(db: Db, files: { name: string; sql: string }[]) {
  await db.execute(
    sql`CREATE TABLE IF NOT EXISTS _migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  for (const f of files) {
    for (const statement of splitSql(f.sql)) await db.execute(sql.raw(statement));
    await db.execute(sql`INSERT INTO _migrations (name) VALUES (${f.name})`);
  }
}

let fresh: string[];

beforeAll(async () => {
  const db = await emptyDb();
  await migrate(db as never);
  fresh = await schemaDump(db);
});

afterAll(async () => {
  for (const c of clients) await c.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

test('a database migrated up to 0401 and later to the end has the fresh schema', async () => {
  const cut = '0401';
  const db = await emptyDb();
  const first = await inFolder(folder(all.filter((m) => m.name < cut)), () => migrate(db as never));
  const rest = await migrate(db as never);
  expect([...first, ...rest]).toEqual(all.map((m) => m.name));
  expect(await schemaDump(db)).toEqual(fresh);
});

describe('booking providers (once 0402/0403, written after 0501)', () => {
  const old = (now: string, was: string) => ({ name: was, sql: current(now).sql });
  const providers = old('0502_booking_providers.sql', '0402_booking_providers.sql');
  const providerReturn = old('0503_booking_provider_return.sql', '0403_booking_provider_return.sql');
  const upTo0401 = all.filter((m) => m.name < '0402');
  // what came after the historic files: applied on top of any of those databases
  const later = all.filter((m) => m.name > '0503_booking_provider_return.sql').map((m) => m.name);

  test('a database upgraded in the old order (0501, then 0402, 0403) counts them as applied and matches a fresh one', async () => {
    const db = await emptyDb();
    await applyAsOldCode(db, [...upTo0401, current('0501_notices.sql'), providers, providerReturn]);
    expect(await migrate(db as never)).toEqual(later);
    expect(await schemaDump(db)).toEqual(fresh);
  });

  test('a database created fresh under the old names (0402, 0403 before 0501) counts them as applied too', async () => {
    const db = await emptyDb();
    await applyAsOldCode(db, [...upTo0401, providers, providerReturn, current('0501_notices.sql')]);
    expect(await migrate(db as never)).toEqual(later);
    expect(await schemaDump(db)).toEqual(fresh);
  });

  test('a database that had 0402 but not yet 0403 gets 0503 applied, once', async () => {
    const db = await emptyDb();
    await applyAsOldCode(db, [...upTo0401, current('0501_notices.sql'), providers]);
    expect(await migrate(db as never)).toEqual(['0503_booking_provider_return.sql', ...later]);
    expect(await migrate(db as never)).toEqual([]);
    expect(await schemaDump(db)).toEqual(fresh);
  });

  test('every renamed file exists under its new name and sorts after the names it was applied under', () => {
    const names = all.map((m) => m.name);
    for (const [now, before] of Object.entries(RENAMED_MIGRATIONS)) {
      expect(names).toContain(now);
      for (const was of before) {
        expect(names).not.toContain(was);
        expect(was < now).toBe(true);
      }
    }
  });
});

describe('order rule', () => {
  test('a pending file sorting before an applied one is refused (naming both, applying nothing); files numbered after it are applied', async () => {
    const db = await emptyDb();
    await migrate(db as never);
    const late = { name: '0450_late_booking.sql', sql: 'CREATE TABLE late_one (id int);' };
    const added = [
      { name: '9955_z.sql', sql: 'CREATE TABLE z_one (id int);' },
      { name: '9900_a.sql', sql: 'CREATE TABLE a_one (id int);' },
      { name: '9960_shape.sql', sql: 'ALTER TABLE a_one ADD COLUMN z int;' },
    ];
    const err = await inFolder(folder([...all, late, ...added]), () => migrate(db as never)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationOrderError);
    expect((err as Error).message).toContain('0450_late_booking.sql sorts before');
    expect((err as Error).message).toContain(`before ${all[all.length - 1].name}`);
    const [t] = await rows<{ late: string | null; a: string | null }>(
      db,
      sql`SELECT to_regclass('late_one')::text AS late, to_regclass('a_one')::text AS a`,
    );
    expect(t).toEqual({ late: null, a: null });
    // files numbered after the last released migration are accepted, in name order
    expect(await inFolder(folder([...all, ...added]), () => migrate(db as never))).toEqual([
      '9900_a.sql',
      '9955_z.sql',
      '9960_shape.sql',
    ]);
  });
});
