import { sql } from 'drizzle-orm';
import { rows } from '../cloudfunctions/core/db/client';
import { addDays, weekStartOf } from '../cloudfunctions/core/booking/calendar';
import { RUSH_RULES, addActiveMembers, loadAverage, reportRush, updateCeiling, withGateway } from './support';
import { runLoad, tally } from './load';

/**
 * A release rush through the gateway (HTTP): 5,000 members tap 200 one-place slots the moment they open, at most
 * IN_FLIGHT requests in flight, sent by a load generator in its own process (load.ts). Before and after the rush,
 * on the same database and with the same concurrency, the ceiling of plain single-row UPDATEs; the rush is
 * compared with their mean. PGlite by default; BENCH_DATABASE_URL=postgres://… runs it on PostgreSQL (in a scratch database).
 * Target on PostgreSQL (issue 15): ≥ 0.5 × ceiling, p99 < 100 ms, 0 overbooked, 0 failures but SLOT_TAKEN.
 */
const ATTEMPTS = 5000;
const SLOTS = 200;
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 64);

export async function run(): Promise<void> {
  await withGateway('booking', { poolSize: 30 }, async ({ db, engine, url, token, post: postTo }) => {
    const [u] = await rows<{ id: string }>(db, sql`SELECT id FROM unions WHERE code = 'xinghuo'`);
    const [staff] = await rows<{ person_id: string }>(
      db,
      sql`SELECT person_id FROM role_grants WHERE union_id = ${u.id} AND role = 'service_staff'`,
    );
    const made = await addActiveMembers(db, u.id, ATTEMPTS, '抢号', 'R');
    const post = (personId: string, action: string, input: unknown) => postTo('booking', personId, action, input);

    // next week, Thursday and Friday 08:00–16:20 in 5-minute slots = 200 slots of one place
    const svc = await post(staff.person_id, 'booking.saveService', {
      unionId: u.id,
      name: '抢号压测',
      rules: RUSH_RULES,
    });
    if (!svc.ok) throw new Error(JSON.stringify(svc.error));
    const weekStart = addDays(weekStartOf(new Date()), 7);
    const gen = await post(staff.person_id, 'booking.generateWeek', { serviceId: svc.data.id, weekStart, releaseNow: true });
    if (!gen.ok || gen.data.created !== SLOTS) throw new Error(`generate: ${JSON.stringify(gen)}`);
    const week = await post(staff.person_id, 'booking.week', { serviceId: svc.data.id, weekStart });
    const slotIds: string[] = week.data.days.flatMap((d: { slots: { id: string }[] }) => d.slots.map((s) => s.id));

    // the crowd aims at the first slots of the grid, as people do; sessions made before the clock starts
    const requests = await Promise.all(
      made.map(async (id, i) => ({
        fn: 'booking',
        token: await token(id),
        action: 'booking.book',
        input: { slotId: slotIds[Math.floor(Math.pow(i / ATTEMPTS, 2) * SLOTS) % SLOTS], requestId: `bench-rush-${i}` },
      })),
    );
    const load = loadAverage();
    const before = await updateCeiling(db, ATTEMPTS, IN_FLIGHT, SLOTS);
    const rush = await runLoad({ url, width: IN_FLIGHT, requests });
    const after = await updateCeiling(db, ATTEMPTS, IN_FLIGHT, SLOTS);

    const codes = tally(rush.codes);
    const otherFailures = Object.entries(codes)
      .filter(([c]) => c !== 'OK' && c !== 'SLOT_TAKEN')
      .reduce((a, [, n]) => a + n, 0);
    const [check] = await rows<{ n: number; over: number }>(
      db,
      sql`SELECT (SELECT count(*)::int FROM booking_bookings WHERE service_id = ${svc.data.id} AND status <> 'cancelled') AS n,
                 (SELECT count(*)::int FROM booking_slots sl WHERE sl.service_id = ${svc.data.id}
                   AND (sl.booked > sl.capacity OR (SELECT count(*) FROM booking_bookings b WHERE b.slot_id = sl.id AND b.status <> 'cancelled') > sl.capacity)) AS over`,
    );
    reportRush({
      run: `engine ${engine}, ${ATTEMPTS} attempts for ${SLOTS} slots, ${IN_FLIGHT} in flight, load generator in its own process; load average at start ${load}`,
      calls: ATTEMPTS,
      what: 'booking',
      rush,
      before,
      after,
      codes,
    });
    console.log(
      `  booked ${codes.OK ?? 0} (in db ${check.n}), overbooked slots ${check.over}, failures other than SLOT_TAKEN ${otherFailures}`,
    );
  });
}
