import fs from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import * as schema from './schema';
import { migrate } from './migrate';
import { resealAidSecrets } from '../aid/reseal';

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
  /** postgres://… — a real PostgreSQL; otherwise the embedded PGlite. */
  url?: string;
  /** PGlite folder; omitted = in memory. */
  dataDir?: string;
  /** Real PostgreSQL only: work inside this schema (created if missing); tests use it for isolation. */
  schemaName?: string;
  poolSize?: number;
}

/** The one place that opens PGlite or PostgreSQL. Migrations are applied before it returns. */
export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  let database: Database;
  if (opts.url) {
    const { Pool } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    if (opts.schemaName) {
      const admin = new Pool({ connectionString: opts.url, max: 1 });
      await admin.query(`CREATE SCHEMA IF NOT EXISTS "${opts.schemaName.replace(/"/g, '')}"`);
      await admin.end();
    }
    const pool = new Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 20,
      ...(opts.schemaName ? { options: `-c search_path=${opts.schemaName},public` } : {}),
    });
    database = { db: drizzle(pool, { schema }) as unknown as Db, kind: 'postgres', close: () => pool.end() };
  } else {
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    if (opts.dataDir) fs.mkdirSync(path.dirname(opts.dataDir), { recursive: true });
    const client = opts.dataDir ? new PGlite(opts.dataDir) : new PGlite();
    await client.waitReady;
    database = { db: drizzle(client, { schema }) as unknown as Db, kind: 'pglite', close: () => client.close() };
  }
  await migrate(database.db);
  // Data the SQL migrations cannot rewrite because they do not know the key.
  await resealAidSecrets(database.db);
  return database;
}

/** Rows of a raw query, the same on both engines. */
export async function rows<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

export { sql, schema };
