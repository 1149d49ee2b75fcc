import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { startGateway } from '../cloudfunctions/gateway/server';
import { issueSession, loadSessionSecret } from '../cloudfunctions/core/auth/session';
import { openDatabase, rows, type Database } from '../cloudfunctions/core/db/client';
import { addDays, weekStartOf } from '../cloudfunctions/core/booking/calendar';
import { summarize } from './support';

/**
 * A release rush through the gateway (HTTP): 5,000 members tap 200 one-place slots the moment they open,
 * at most IN_FLIGHT requests in flight. Then, on the same database and with the same concurrency, the
 * ceiling of plain single-row UPDATEs (one statement, one implicit transaction each) for comparison.
 * PGlite by default; BENCH_DATABASE_URL=postgres://… runs it on PostgreSQL (in a scratch schema).
 */
const ATTEMPTS = 5000;
const SLOTS = 200;
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 64);

async function pool<T>(n: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      for (let i = next++; i < n; i = next++) out[i] = await fn(i);
    }),
  );
  return out;
}

export async function run(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-bench-booking-'));
  process.env.PU_DATA_DIR = dataDir;
  const url = process.env.BENCH_DATABASE_URL;
  const schemaName = `bench_booking_${crypto.randomBytes(4).toString('hex')}`;
  let database: Database | undefined;
  if (url) database = await openDatabase({ url, schemaName, poolSize: 30 });
  const gw = await startGateway({ port: 0, dataDir, seed: true, ...(database ? { database } : {}) });
  try {
    const db = gw.database.db;
    const secret = loadSessionSecret(dataDir);
    const [u] = await rows<{ id: string }>(db, sql`SELECT id FROM unions WHERE code = 'xinghuo'`);
    const [staff] = await rows<{ person_id: string }>(db, sql`SELECT person_id FROM role_grants WHERE union_id = ${u.id} AND role = 'service_staff'`);
    const made = await rows<{ id: string }>(
      db,
      sql`WITH p AS (INSERT INTO people (name) SELECT '抢号' || g FROM generate_series(1, ${ATTEMPTS}) g RETURNING id)
          INSERT INTO members (person_id, union_id, member_no, status, joined_at)
          SELECT id, ${u.id}, 'R' || replace(gen_random_uuid()::text, '-', ''), 'active', now() FROM p RETURNING person_id AS id`,
    );
    const tokens = new Map<string, string>();
    for (const p of [staff.person_id, ...made.map((r) => r.id)]) tokens.set(p, await issueSession(secret, { personId: p, kind: 'dev' }));
    const post = async (personId: string, action: string, input: unknown) => {
      const res = await fetch(`${gw.url}/api/booking`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(personId)}` },
        body: JSON.stringify({ action, input }),
      });
      return (await res.json()) as { ok: boolean; data?: any; error?: { code: string; message: string } };
    };

    // next week, Thursday and Friday 08:00–16:20 in 5-minute slots = 200 slots of one place
    const svc = await post(staff.person_id, 'booking.saveService', {
      unionId: u.id,
      name: '抢号压测',
      rules: {
        slotMinutes: 5, capacity: 1, releaseWeekday: 1, releaseTime: '12:00', releaseWeeksAhead: 1, weeklyLimit: 1,
        cancelMinutesBefore: 60, noShowLimit: 2, noShowWindowDays: 30, suspendDays: 14,
        template: [4, 5].map((weekday) => ({ weekday, start: '08:00', end: '16:20' })),
      },
    });
    if (!svc.ok) throw new Error(JSON.stringify(svc.error));
    const weekStart = addDays(weekStartOf(new Date()), 7);
    const gen = await post(staff.person_id, 'booking.generateWeek', { serviceId: svc.data.id, weekStart, releaseNow: true });
    if (!gen.ok || gen.data.created !== SLOTS) throw new Error(`generate: ${JSON.stringify(gen)}`);
    const week = await post(staff.person_id, 'booking.week', { serviceId: svc.data.id, weekStart });
    const slotIds: string[] = week.data.days.flatMap((d: { slots: { id: string }[] }) => d.slots.map((s) => s.id));

    const latencies: number[] = [];
    const codes = new Map<string, number>();
    const start = performance.now();
    await pool(ATTEMPTS, IN_FLIGHT, async (i) => {
      const t = performance.now();
      // the crowd aims at the first slots of the grid, as people do
      const slotId = slotIds[Math.floor(Math.pow(i / ATTEMPTS, 2) * SLOTS) % SLOTS];
      const r = await post(made[i].id, 'booking.book', { slotId, requestId: `bench-rush-${i}` }).catch(() => ({ ok: false, error: { code: 'HTTP', message: '' } }));
      latencies.push(performance.now() - t);
      const c = r.ok ? 'OK' : r.error!.code;
      codes.set(c, (codes.get(c) ?? 0) + 1);
    });
    const seconds = (performance.now() - start) / 1000;
    const booked = codes.get('OK') ?? 0;
    const otherFailures = [...codes].filter(([c]) => c !== 'OK' && c !== 'SLOT_TAKEN').reduce((a, [, n]) => a + n, 0);
    const [check] = await rows<{ n: number; over: number }>(
      db,
      sql`SELECT (SELECT count(*)::int FROM booking_bookings WHERE service_id = ${svc.data.id} AND status <> 'cancelled') AS n,
                 (SELECT count(*)::int FROM booking_slots WHERE service_id = ${svc.data.id} AND booked > capacity) AS over`,
    );
    const s = summarize(latencies);

    // ceiling: plain single-row updates on the same database, same concurrency, no gateway
    await db.execute(sql`CREATE TABLE bench_plain_rows (id int PRIMARY KEY, n int NOT NULL DEFAULT 0)`);
    await db.execute(sql`INSERT INTO bench_plain_rows (id) SELECT g FROM generate_series(1, ${SLOTS}) g`);
    const uStart = performance.now();
    const uLat: number[] = [];
    await pool(ATTEMPTS, IN_FLIGHT, async (i) => {
      const t = performance.now();
      await db.execute(sql`UPDATE bench_plain_rows SET n = n + 1 WHERE id = ${(i % SLOTS) + 1}`);
      uLat.push(performance.now() - t);
    });
    const uSeconds = (performance.now() - uStart) / 1000;
    await db.execute(sql`DROP TABLE bench_plain_rows`);

    const engine = url ? 'PostgreSQL' : 'PGlite';
    const bookingsPerSec = ATTEMPTS / seconds;
    const updatesPerSec = ATTEMPTS / uSeconds;
    console.log(`engine ${engine}, ${ATTEMPTS} attempts for ${SLOTS} slots, ${IN_FLIGHT} in flight, through the gateway`);
    console.log(`  booking calls/s ${bookingsPerSec.toFixed(0)}  (rush over in ${seconds.toFixed(1)} s)`);
    console.log(`  latency p50 ${s.p50.toFixed(1)} ms  p99 ${s.p99.toFixed(1)} ms  max ${s.max.toFixed(1)} ms`);
    console.log(`  outcomes ${JSON.stringify(Object.fromEntries(codes))}`);
    console.log(`  bookings made ${booked} (in db ${check.n}), overbooked slots ${check.over}, failures other than SLOT_TAKEN ${otherFailures} (must be 0)`);
    const us = summarize(uLat);
    console.log(`  plain single-row UPDATE ceiling ${updatesPerSec.toFixed(0)}/s  p50 ${us.p50.toFixed(2)} ms  p99 ${us.p99.toFixed(2)} ms`);
    console.log(`  ratio booking calls / plain updates = ${(bookingsPerSec / updatesPerSec).toFixed(3)}`);
  } finally {
    await gw.close();
    if (database) {
      await database.db.execute(sql.raw(`DROP SCHEMA "${schemaName}" CASCADE`)).catch(() => undefined);
      await database.close();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
