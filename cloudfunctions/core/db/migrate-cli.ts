import path from 'node:path';
import { openDatabase } from './client';
import { migrateAndReseal } from '../aid/reseal';
import { dataDir, isProduction } from '../local-data';

/**
 * `npm run migrate`: the deploy step that applies pending migrations to DATABASE_URL (use a role that
 * may run DDL; the functions' own role needs only DML). Without DATABASE_URL, outside production, it
 * migrates the local embedded database. Safe to re-run: applied files are recorded.
 */
async function main() {
  const url = process.env.DATABASE_URL;
  if (!url && isProduction()) throw new Error('DATABASE_URL is required for npm run migrate when NODE_ENV=production');
  const where = url ? { url, poolSize: 1 } : { dataDir: path.join(dataDir(), 'pglite') };
  const database = await openDatabase({ ...where, migrations: 'none' });
  try {
    const applied = await migrateAndReseal(database.db);
    console.log(applied.length ? `已执行迁移：${applied.join(', ')}` : '数据库已是最新，没有待执行的迁移');
  } finally {
    await database.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
