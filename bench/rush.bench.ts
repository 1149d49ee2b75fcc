import { sql } from 'drizzle-orm';
import { rows } from '../cloudfunctions/core/db/client';
import { addActiveMembers, loadAverage, reportRush, updateCeiling, withGateway } from './support';
import { runLoad, tally } from './load';

/**
 * The coupon rush (抢券, issue 17) through the gateway (HTTP): MEMBERS members each tap once for a batch of STOCK
 * coupons (16 stock buckets) the moment it opens, at most IN_FLIGHT requests in flight, sent by the load generator
 * in its own process (load.ts). Before and after, on the same database with the same concurrency, the ceiling of
 * plain single-row UPDATEs; the rush is compared with their mean. PGlite by default; BENCH_DATABASE_URL=postgres://…
 * runs it on PostgreSQL (in a scratch database). Target on PostgreSQL: ≥ 0.5 × ceiling, p99 < 100 ms, 0 oversold.
 */
const MEMBERS = Number(process.env.BENCH_RUSH_MEMBERS ?? 50_000);
const STOCK = Number(process.env.BENCH_RUSH_STOCK ?? 5_000);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 64);

export async function run(): Promise<void> {
  await withGateway('rush', { poolSize: 30 }, async ({ db, engine, url, token, ok }) => {
    const [u] = await rows<{ id: string }>(db, sql`SELECT id FROM unions WHERE code = 'xinghuo'`);
    const [chair] = await rows<{ person_id: string }>(
      db,
      sql`SELECT person_id FROM role_grants WHERE union_id = ${u.id} AND role = 'chair' LIMIT 1`,
    );
    const made = await addActiveMembers(db, u.id, MEMBERS, '抢券', 'Q');
    const batch = await ok('perks', chair.person_id, 'perks.publishBatch', {
      unionId: u.id,
      title: '骑行券压测',
      merchant: '共享单车',
      total: STOCK,
      perPerson: 1,
      startsAt: new Date(Date.now() - 60_000).toISOString(),
    });
    // sessions made before the clock starts
    const requests = await Promise.all(
      made.map(async (id, i) => ({
        fn: 'perks',
        token: await token(id),
        action: 'perks.grab',
        input: { batchId: batch.id, requestId: `bench-grab-${i}` },
      })),
    );
    const load = loadAverage();
    const before = await updateCeiling(db, STOCK, IN_FLIGHT);
    // the first screens open before the release: each of the IN_FLIGHT lanes loads the coupon list once
    const warmUp = requests.slice(0, IN_FLIGHT).map((r) => ({ ...r, action: 'perks.batches', input: {} }));
    const rush = await runLoad({ url, width: IN_FLIGHT, requests, warmUp });
    const after = await updateCeiling(db, STOCK, IN_FLIGHT);
    if (process.env.BENCH_TRACE) {
      const slow = rush.latencies.map((l, i) => [rush.sentAt[i], l, rush.codes[i]] as const).filter(([, l]) => l > 100);
      const bySecond = new Map<string, number>();
      for (const [t, , c] of slow)
        bySecond.set(`${Math.floor(t / 1000)}s ${c}`, (bySecond.get(`${Math.floor(t / 1000)}s ${c}`) ?? 0) + 1);
      console.log(`  slow calls (> 100 ms): ${slow.length}, by second sent and outcome:`, Object.fromEntries(bySecond));
    }

    const codes = tally(rush.codes);
    const otherFailures = Object.entries(codes)
      .filter(([c]) => c !== 'OK' && c !== 'SOLD_OUT')
      .reduce((a, [, n]) => a + n, 0);
    const [check] = await rows<{ issued: number; stock: number; twice: number }>(
      db,
      sql`SELECT (SELECT count(*)::int FROM coupons WHERE batch_id = ${batch.id}) AS issued,
                 (SELECT sum(remaining)::int FROM coupon_stock WHERE batch_id = ${batch.id}) AS stock,
                 (SELECT count(*)::int FROM (SELECT person_id FROM coupons WHERE batch_id = ${batch.id} GROUP BY person_id HAVING count(*) > 1) x) AS twice`,
    );
    reportRush({
      run: `engine ${engine}, ${MEMBERS} members for ${STOCK} coupons, ${IN_FLIGHT} in flight, load generator in its own process (its ${IN_FLIGHT} connections opened by a coupon-list load each before the release); load average at start ${load}`,
      calls: MEMBERS,
      what: 'grab',
      rush,
      before,
      after,
      codes,
    });
    console.log(
      `  issued ${codes.OK ?? 0} (in db ${check.issued}), oversold ${Math.max(0, check.issued - STOCK) + Math.max(0, -check.stock)}, ` +
        `stock left ${check.stock}, people holding two ${check.twice}, failures other than SOLD_OUT ${otherFailures}`,
    );
  });
}
