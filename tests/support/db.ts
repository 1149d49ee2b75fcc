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
