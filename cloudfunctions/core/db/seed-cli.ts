import path from 'node:path';
import { openDatabase } from './client';
import { isEmpty, resetDatabase, seedDemo } from './seed';
import { dataDir, isProduction } from '../local-data';

/** `npm run seed [-- --reset]`: fill an empty database with the demo federation, or rebuild it. */
async function main() {
  if (isProduction()) throw new Error('npm run seed only fills local demo databases; it refuses NODE_ENV=production');
  const reset = process.argv.includes('--reset');
  const url = process.env.DATABASE_URL;
  const database = await openDatabase(url ? { url } : { dataDir: path.join(dataDir(), 'pglite') });
  try {
    if (reset) await resetDatabase(database.db);
    if (!(await isEmpty(database.db))) {
      console.log('数据库已有数据；如需重建演示数据请运行 npm run seed -- --reset');
      return;
    }
    const base = await seedDemo(database.db);
    console.log(`演示数据已生成：${Object.keys(base.unions).length} 个工会，${Object.keys(base.people).length} 位示例人员`);
  } finally {
    await database.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
