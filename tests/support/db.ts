import crypto from 'node:crypto';
import { openDatabase, type Database } from '../../cloudfunctions/core/db/client';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default; with
 * TEST_DATABASE_URL a private schema on that PostgreSQL (dropped by `close`).
 */
export async function freshDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url || process.env.PU_TEST_ENGINE !== 'postgres') return openDatabase();
  const schemaName = `t_${crypto.randomBytes(6).toString('hex')}`;
  const database = await openDatabase({ url, schemaName, poolSize: 30 });
  return {
    ...database,
    async close() {
      await database.db.execute(`DROP SCHEMA "${schemaName}" CASCADE` as never).catch(() => undefined);
      await database.close();
    },
  };
}

export const engineName = () => (process.env.TEST_DATABASE_URL && process.env.PU_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite');
