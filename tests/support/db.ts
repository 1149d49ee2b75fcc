import { Client } from 'pg';
import { openDatabase, type Database } from '../../cloudfunctions/core/db/client';
import { createScratchDatabase } from './scratch-database';

export interface TestDatabase extends Database {
  /** postgres://… of this test file's private database (PostgreSQL only). */
  url?: string;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default; with TEST_DATABASE_URL a
 * private database on that PostgreSQL server (directly or through PgBouncer), dropped by `close`.
 */
export async function freshDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url || process.env.PU_TEST_ENGINE !== 'postgres') return openDatabase();
  const scratch = await createScratchDatabase(url, 'pu_test');
  const database = await openDatabase({ url: scratch.url, poolSize: 30 }).catch(async (e) => {
    await scratch.drop();
    throw e;
  });
  return {
    ...database,
    url: scratch.url,
    async close() {
      await database.close();
      await scratch.drop();
    },
  };
}

export const engineName = () =>
  process.env.TEST_DATABASE_URL && process.env.PU_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';

/** `n` raw connections to a test file's PostgreSQL database, for a race built step by step; end them afterwards. */
export async function rawConnections(url: string | undefined, n: number): Promise<Client[]> {
  if (!url) throw new Error('raw connections need the PostgreSQL engine');
  return Promise.all(
    Array.from({ length: n }, async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
}

/** Waits (up to 2 s) until `n` sessions running a statement that mentions `fn` wait for a lock. */
export async function untilLockWaiters(watch: Client, fn: string, n: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { rows } = await watch.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%' || $1 || '%'`,
      [fn],
    );
    if (rows[0].n >= n) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
