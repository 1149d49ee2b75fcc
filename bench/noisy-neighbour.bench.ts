import { sql } from 'drizzle-orm';
import { rows } from '../cloudfunctions/core/db/client';
import { addDays, weekStartOf } from '../cloudfunctions/core/booking/calendar';
import { RUSH_RULES, addActiveMembers, pool, summarize, withGateway } from './support';

/**
 * One person floods booking calls (FLOOD calls, IN_FLIGHT at a time) while another member reads the week
 * view; the reader's latency with the per-person write budget off (PU_WRITE_BUDGET=off) and on (default 30/10 s).
 */
const FLOOD = Number(process.env.BENCH_FLOOD ?? 300);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 16);
const READS = 40;

export async function run(): Promise<void> {
  await withGateway('noisy', { poolSize: 30 }, async ({ db, engine, token, post }) => {
    const [u] = await rows<{ id: string }>(db, sql`SELECT id FROM unions WHERE code = 'xinghuo'`);
    const [staff] = await rows<{ person_id: string }>(
      db,
      sql`SELECT person_id FROM role_grants WHERE union_id = ${u.id} AND role = 'service_staff'`,
    );
    const [flooder, reader, flooder2] = await addActiveMembers(db, u.id, 3, '压测', 'N');
    for (const id of [staff.person_id, flooder, reader, flooder2]) await token(id);
    const svc = await post('booking', staff.person_id, 'booking.saveService', {
      unionId: u.id,
      name: '邻居压测',
      rules: RUSH_RULES,
    });
    if (!svc.ok) throw new Error(JSON.stringify(svc.error));
    const weekStart = addDays(weekStartOf(new Date()), 7);
    await post('booking', staff.person_id, 'booking.generateWeek', { serviceId: svc.data.id, weekStart, releaseNow: true });
    const week = await post('booking', reader, 'booking.week', { serviceId: svc.data.id, weekStart });
    const slotIds: string[] = week.data.days.flatMap((d: { slots: { id: string }[] }) => d.slots.map((s) => s.id));

    const phase = async (label: string, budget: string, who: string) => {
      process.env.PU_WRITE_BUDGET = budget;
      const quiet: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t = performance.now();
        await post('booking', reader, 'booking.week', { serviceId: svc.data.id, weekStart });
        quiet.push(performance.now() - t);
      }
      const codes = new Map<string, number>();
      const lat: number[] = [];
      let flooding = true;
      const flood = pool(FLOOD, IN_FLIGHT, async (i) => {
        const r = await post('booking', who, 'booking.book', {
          slotId: slotIds[i % slotIds.length],
          requestId: `noisy-${label}-${i}`,
        });
        const c = r.ok ? 'OK' : r.error!.code;
        codes.set(c, (codes.get(c) ?? 0) + 1);
      }).finally(() => (flooding = false));
      const start = performance.now();
      for (let i = 0; i < READS && flooding; i++) {
        const t = performance.now();
        await post('booking', reader, 'booking.week', { serviceId: svc.data.id, weekStart });
        lat.push(performance.now() - t);
      }
      await flood;
      const s = summarize(lat);
      const q = summarize(quiet);
      console.log(
        `  ${label}: flood of ${FLOOD} in ${((performance.now() - start) / 1000).toFixed(1)} s, outcomes ${JSON.stringify(Object.fromEntries(codes))}`,
      );
      console.log(
        `    reader week view: quiet p50 ${q.p50.toFixed(1)} ms; during flood p50 ${s.p50.toFixed(1)} ms p99 ${s.p99.toFixed(1)} ms (${lat.length} reads)`,
      );
    };
    console.log(`engine ${engine}, ${IN_FLIGHT} flood calls in flight`);
    const before = process.env.PU_WRITE_BUDGET;
    try {
      await phase('budget off', 'off', flooder);
      await phase('budget 30/10s', '30/10', flooder2);
    } finally {
      if (before === undefined) delete process.env.PU_WRITE_BUDGET;
      else process.env.PU_WRITE_BUDGET = before;
    }
  });
}
