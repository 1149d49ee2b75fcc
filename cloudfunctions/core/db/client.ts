import fs from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import * as schema from './schema';
import { assertMigrated, migrate } from './migrate';

export type Schema = typeof schema;
/** A database or a transaction on it: domain code takes this and never knows which engine is below. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Db;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://… — a real PostgreSQL (directly or through PgBouncer in transaction mode); otherwise the embedded PGlite. */
  url?: string;
  /** PGlite folder; omitted = in memory. */
  dataDir?: string;
  /** Real PostgreSQL only: connections this process keeps at most (default `poolSize(3)`). */
  poolSize?: number;
  /** Real PostgreSQL only: give up opening a connection after this long (default 5 s). */
  connectTimeoutMs?: number;
  /** 'apply' the pending migrations, only 'check' that none is pending (default: `migrationsOnOpen()`), or 'none' (the migrate step itself). */
  migrations?: 'apply' | 'check' | 'none';
}

/**
 * Connections one process keeps: PU_DB_POOL_SIZE, else the host's default (3 inside a cloud function:
 * hundreds of warm instances each hold their own pool, so keep it small and put a pooler in front).
 */
export function poolSize(fallback: number): number {
  const raw = process.env.PU_DB_POOL_SIZE;
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100)
    throw new Error(`PU_DB_POOL_SIZE must be a whole number from 1 to 100 (got "${raw}")`);
  return n;
}

/**
 * Production functions do not run DDL on every cold start: the deploy runs `npm run migrate` (with a
 * DDL role) and functions only check that nothing is pending, unless PU_MIGRATE_ON_START=1. Local runs
 * and tests migrate on open.
 */
export function migrationsOnOpen(): 'apply' | 'check' {
  return process.env.NODE_ENV !== 'production' || process.env.PU_MIGRATE_ON_START === '1' ? 'apply' : 'check';
}

/**
 * The one place that opens PGlite or PostgreSQL. It holds no session state on a connection (no SET, no
 * session advisory locks, no named prepared statements), so it runs the same through PgBouncer in
 * transaction mode.
 */
export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  let database: Database;
  if (opts.url) {
    const { Pool, Client } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const connectTimeout = opts.connectTimeoutMs ?? 5000;
    // The timeout bounds opening a connection only; pg-pool's own option would also bound waiting for a
    // free pooled one, which a burst on a small pool legitimately does.
    class TimedClient extends Client {
      constructor(config?: ConstructorParameters<typeof Client>[0]) {
        super({
          ...(typeof config === 'string' ? { connectionString: config } : config),
          connectionTimeoutMillis: connectTimeout,
        });
      }
    }
    const pool = new Pool({ connectionString: opts.url, max: opts.poolSize ?? poolSize(3), Client: TimedClient });
    // An idle connection that drops (server restart, pg_terminate_backend, a pooler closing it) is
    // reported here; unhandled it would end the process. The pool discards it and opens a new one.
    pool.on('error', (e) => console.error(`[db] idle connection lost (${(e as { code?: string }).code ?? 'no code'})`));
    database = { db: drizzle(pool, { schema }) as unknown as Db, kind: 'postgres', close: () => pool.end() };
  } else {
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    if (opts.dataDir) fs.mkdirSync(path.dirname(opts.dataDir), { recursive: true });
    const client = opts.dataDir ? new PGlite(opts.dataDir) : new PGlite();
    await client.waitReady;
    database = { db: drizzle(client, { schema }) as unknown as Db, kind: 'pglite', close: () => client.close() };
  }
  try {
    const migrations = opts.migrations ?? migrationsOnOpen();
    if (migrations === 'apply') await migrate(database.db);
    else if (migrations === 'check') await assertMigrated(database.db);
  } catch (e) {
    await database.close().catch(() => undefined);
    throw e;
  }
  return database;
}

/** Rows of a raw query, the same on both engines. */
export async function rows<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

/** `(id1::uuid, id2::uuid, …)` for `… IN ${uuidList(ids)}`; callers pass a non-empty list. */
export const uuidList = (ids: string[]): SQL =>
  sql`(${sql.join(
    ids.map((i) => sql`${i}::uuid`),
    sql`, `,
  )})`;

export { sql, schema };
