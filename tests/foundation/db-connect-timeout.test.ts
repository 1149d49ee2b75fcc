import net from 'node:net';
import { sql } from 'drizzle-orm';
import { openDatabase, poolSize } from '../../cloudfunctions/core/db/client';

/** A database host that accepts TCP and never answers must fail a call within the connect timeout, not hang it. */
test('opening a connection gives up after the connect timeout', async () => {
  const silent = net.createServer(() => undefined).listen(0, '127.0.0.1');
  await new Promise((r) => silent.once('listening', r));
  try {
    const { port } = silent.address() as net.AddressInfo;
    const database = await openDatabase({
      url: `postgres://root@127.0.0.1:${port}/none`,
      connectTimeoutMs: 300,
      migrations: 'none',
    });
    const started = Date.now();
    await expect(database.db.execute(sql`SELECT 1`)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(20_000); // the default jest timeout would be hit without one
    await database.close();
  } finally {
    silent.close();
  }
});

test('PU_DB_POOL_SIZE sets the pool size; garbage is refused by name', () => {
  const saved = process.env.PU_DB_POOL_SIZE;
  try {
    delete process.env.PU_DB_POOL_SIZE;
    expect(poolSize(3)).toBe(3);
    process.env.PU_DB_POOL_SIZE = '7';
    expect(poolSize(3)).toBe(7);
    process.env.PU_DB_POOL_SIZE = 'lots';
    expect(() => poolSize(3)).toThrow(/PU_DB_POOL_SIZE/);
  } finally {
    if (saved === undefined) delete process.env.PU_DB_POOL_SIZE;
    else process.env.PU_DB_POOL_SIZE = saved;
  }
});
