import { sql } from 'drizzle-orm';
import { rows } from '../cloudfunctions/core/db/client';
import { addDays, weekStartOf } from '../cloudfunctions/core/booking/calendar';
import { addActiveMembers, pool, summarize, withGateway } from './support';

/**
 * A release rush through the gateway (HTTP): 5,000 members tap 200 one-place slots the moment they open,
 * at most IN_FLIGHT requests in flight. Then, on the same database and with the same concurrency, the
 * ceiling of plain single-row UPDATEs (one statement, one implicit transaction each) for comparison.
 * PGlite by default; BENCH_DATABASE_URL=postgres://… runs it on PostgreSQL (in a scratch database).
 */
const ATTEMPTS = 5000;
const SLOTS = 200;
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 64);

export async function run(): Promise<void> {
  await withGateway('booking', { poolSize: 30 }, async ({ db, engine, token, post: postTo }) => {
    const [u] = await rows<{ id: string }>(db, sql`SELECT id FROM unions WHERE code = 'xinghuo'`);
    const [staff] = await rows<{ person_id: string }>(db, sql`SELECT person_id FROM role_grants WHERE union_id = ${u.id} AND role = 'service_staff'`);
    const made = (await addActiveMembers(db, u.id, ATTEMPTS, '抢号', 'R')).map((id) => ({ id }));
    const post = (personId: string, action: string, input: unknown) => postTo('booking', personId, action, input);
    for (const id of [staff.person_id, ...made.map((m) => m.id)]) await token(id); // sessions made before the clock starts

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
  });
}
