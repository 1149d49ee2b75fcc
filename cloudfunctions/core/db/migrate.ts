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
const migrationNames = (dir: string = migrationsDir()) => fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();

export function migrationFiles(): { name: string; sql: string }[] {
  const dir = migrationsDir();
  return migrationNames(dir).map((name) => ({ name, sql: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

/**
 * Apply every migration not yet applied, each file in its own transaction, in file-name order.
 * Re-runnable: applied names are recorded; an advisory lock keeps two starting processes apart.
 */
export async function migrate(db: PgDatabase<PgQueryResultHKT, Record<string, unknown>>): Promise<string[]> {
  await db.execute(sql`CREATE TABLE IF NOT EXISTS _migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: string[] = [];
  for (const file of migrationFiles()) {
    await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(727274)`);
      const res = (await tx.execute(sql`SELECT 1 FROM _migrations WHERE name = ${file.name}`)) as unknown as { rows: unknown[] };
      if (res.rows.length > 0) return;
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
  const table = (await db.execute(sql`SELECT to_regclass('_migrations') IS NOT NULL AS present`)) as unknown as { rows: { present: boolean }[] };
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
