import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { splitSql } from './split-sql';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** Where the .sql files are: beside this file in the source tree, or copied next to a bundled function. */
function migrationsDir(): string {
  const candidates = [
    process.env.PU_MIGRATIONS_DIR,
    path.join(__dirname, 'migrations'),
    path.join(__dirname, 'db', 'migrations'),
  ].filter(Boolean) as string[];
  const found = candidates.find((d) => fs.existsSync(d));
  if (!found) throw new Error(`migrations folder not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** The migration files by name, in the order they apply. */
const migrationNames = (dir: string = migrationsDir()) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();

export function migrationFiles(): { name: string; sql: string }[] {
  const dir = migrationsDir();
  return migrationNames(dir).map((name) => ({ name, sql: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

/**
 * Files renamed after databases had applied them, current name → names it was applied under before. A database that
 * recorded an old name counts the file as applied. Only for history: never rename a released migration again.
 *
 * 0402/0403 (booking providers) were written after 0501 (notices), so upgraded databases applied them after 0501 and
 * fresh ones before it. Numbered after 0501 they now apply in the same order everywhere. They do not touch
 * booking_notices (which 0501 replaced), so they run unchanged after it.
 */
export const RENAMED_MIGRATIONS: Readonly<Record<string, readonly string[]>> = {
  '0502_booking_providers.sql': ['0402_booking_providers.sql'],
  '0503_booking_provider_return.sql': ['0403_booking_provider_return.sql'],
};

/** Thrown when a pending file sorts before one the database already applied: fresh and upgraded databases would differ. */
export class MigrationOrderError extends Error {
  constructor(
    readonly pending: string[],
    readonly lastApplied: string,
  ) {
    super(
      `Migration order: ${pending.join(', ')} ${pending.length > 1 ? 'sort' : 'sorts'} before ${lastApplied}, which this ` +
        'database has already applied. Migrations must apply in one global order, the same for a fresh and an upgraded ' +
        `database: renumber the new file${pending.length > 1 ? 's' : ''} after the last released migration ` +
        '(a disposable dev database under .data/ can instead be deleted). Nothing was applied.',
    );
    this.name = 'MigrationOrderError';
  }
}

type Exec = Pick<PgDatabase<PgQueryResultHKT, Record<string, unknown>>, 'execute'>;

/** Names of the files this database has applied, under their current names. */
async function appliedNames(tx: Exec): Promise<Set<string>> {
  const res = (await tx.execute(sql`SELECT name FROM _migrations`)) as unknown as { rows: { name: string }[] };
  const current = new Map<string, string>();
  for (const [now, before] of Object.entries(RENAMED_MIGRATIONS)) for (const old of before) current.set(old, now);
  return new Set(res.rows.map((r) => current.get(r.name) ?? r.name));
}

/** The pending files that sort before the last applied one (empty when the order holds). */
export function outOfOrder(files: string[], applied: Set<string>): { pending: string[]; lastApplied: string } | null {
  const known = files.filter((f) => applied.has(f));
  const lastApplied = known.length > 0 ? known[known.length - 1] : '';
  const pending = files.filter((f) => !applied.has(f) && f < lastApplied);
  return pending.length > 0 ? { pending, lastApplied } : null;
}

/**
 * Apply every migration not yet applied, each file in its own transaction, in file-name order.
 * Re-runnable: applied names are recorded; an advisory lock keeps two starting processes apart.
 * Refuses (MigrationOrderError, before applying anything) when a pending file sorts before an applied one.
 */
export async function migrate(db: PgDatabase<PgQueryResultHKT, Record<string, unknown>>): Promise<string[]> {
  await db.execute(
    sql`CREATE TABLE IF NOT EXISTS _migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const files = migrationFiles();
  const names = files.map((f) => f.name);
  const applied: string[] = [];
  for (const file of files) {
    await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(727274)`);
      const done = await appliedNames(tx);
      if (done.has(file.name)) return;
      // checked under the lock, so a process that raced ahead cannot slip an older file in after a newer one
      const wrong = outOfOrder(names, done);
      if (wrong) throw new MigrationOrderError(wrong.pending, wrong.lastApplied);
      for (const statement of splitSql(file.sql)) await tx.execute(sql.raw(statement));
      await tx.execute(sql`INSERT INTO _migrations (name) VALUES (${file.name})`);
      applied.push(file.name);
    });
  }
  return applied;
}

/** Migration files not yet applied to this database (all of them on an empty one). Reads, never writes. */
export async function pendingMigrations(db: PgDatabase<PgQueryResultHKT, Record<string, unknown>>): Promise<string[]> {
  const names = migrationNames();
  const table = (await db.execute(sql`SELECT to_regclass('_migrations') IS NOT NULL AS present`)) as unknown as {
    rows: { present: boolean }[];
  };
  if (!table.rows[0]?.present) return names;
  const res = (await db.execute(sql`SELECT name FROM _migrations`)) as unknown as { rows: { name: string }[] };
  const applied = new Set(res.rows.map((r) => r.name));
  return names.filter((n) => !applied.has(n));
}

/** A production cold start: refuse to serve on a schema the deploy step has not migrated. */
export async function assertMigrated(db: PgDatabase<PgQueryResultHKT, Record<string, unknown>>): Promise<void> {
  const pending = await pendingMigrations(db);
  if (pending.length > 0)
    throw new Error(
      `The database is not migrated (${pending.length} pending: ${pending.slice(0, 3).join(', ')}${pending.length > 3 ? ', …' : ''}); run \`npm run migrate\` with DATABASE_URL (a DDL role) before deploying, or set PU_MIGRATE_ON_START=1`,
    );
}
