import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate, migrationFiles } from '../../cloudfunctions/core/db/migrate';
import { rows, sql, type Db } from '../../cloudfunctions/core/db/client';

/** 0501_notices moves a deployed database's booking notices into the platform's notices table, unchanged. */
test('booking notices written before 0501 survive the move, read and pushed state included', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-mig-'));
  const all = migrationFiles();
  const write = (upTo: string) => {
    for (const f of all.filter((m) => m.name < upTo)) fs.writeFileSync(path.join(dir, f.name), f.sql);
  };
  const client = new PGlite();
  const db = drizzle(client) as unknown as Db;
  const before = process.env.PU_MIGRATIONS_DIR;
  process.env.PU_MIGRATIONS_DIR = dir;
  try {
    write('0501');
    await migrate(db as never);
    const [p] = await rows<{ id: string }>(db, sql`INSERT INTO people (name) VALUES ('老会员') RETURNING id`);
    await db.execute(sql`
      INSERT INTO booking_notices (person_id, kind, title, body, created_at, read_at, pushed_at) VALUES
        (${p.id}, 'reminder', '预约提醒：理发屋', '到店出示预约码', '2026-01-05T01:00:00Z', '2026-01-05T02:00:00Z', '2026-01-05T01:05:00Z'),
        (${p.id}, 'suspended', '预约资格暂停：理发屋', '暂停至 1月20日', '2026-01-06T01:00:00Z', NULL, NULL)`);
    write('9999');
    expect(await migrate(db as never)).toEqual(all.filter((m) => m.name >= '0501').map((m) => m.name));
    const moved = await rows<{ kind: string; source: string; title: string; page: string; read: boolean; pushed: boolean }>(
      db,
      sql`SELECT kind, source, title, page, read_at IS NOT NULL AS read, pushed_at IS NOT NULL AS pushed FROM notices WHERE person_id = ${p.id} ORDER BY created_at`,
    );
    expect(moved).toEqual([
      {
        kind: 'reminder',
        source: 'booking',
        title: '预约提醒：理发屋',
        page: 'pages/booking/mine/index',
        read: true,
        pushed: true,
      },
      {
        kind: 'suspended',
        source: 'booking',
        title: '预约资格暂停：理发屋',
        page: 'pages/booking/mine/index',
        read: false,
        pushed: false,
      },
    ]);
    const [old] = await rows<{ t: string | null }>(db, sql`SELECT to_regclass('booking_notices')::text AS t`);
    expect(old.t).toBeNull();
  } finally {
    if (before === undefined) delete process.env.PU_MIGRATIONS_DIR;
    else process.env.PU_MIGRATIONS_DIR = before;
    await client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
