import type { Client } from 'pg';
import { rawConnections, untilLockWaiters } from '../support/db';
import type { Harness } from '../support/harness';
import { rows, sql } from '../../cloudfunctions/core/db/client';
import { at, usePerksHarness } from './support';

/**
 * The sell-out of a coupon rush on PostgreSQL: grabs that find every bucket busy wait for one, and a bucket that
 * empties while they wait stays locked by them. Two waiters that started from different buckets must not end up
 * holding what the other waits for (before migration 0931 they did: "deadlock detected" after 1 s, the dispatcher
 * retried, refusals took 1-5 s in the rush bench). Built step by step with raw connections, so it fails every time
 * the waiting order is not the same for everyone.
 */
let h: Harness;
const next = usePerksHarness((bed) => (h = bed));
const onPostgres = process.env.PU_TEST_ENGINE === 'postgres' && !!process.env.TEST_DATABASE_URL;

(onPostgres ? test : test.skip)('two waiters at the sell-out, starting from different buckets, both hear SOLD_OUT', async () => {
  const batch = await h.ok(h.base.people.wangFang, 'perks.publishBatch', {
    unionId: h.base.unions.xinghuo,
    title: '最后两张',
    total: 2, // two buckets of one coupon each
    perPerson: 1,
    startsAt: at(-1),
  } as never);
  // one member whose own first bucket is 0 and one whose is 1 (the function starts from abs(hashtext(id)) % 2)
  const pool = Array.from({ length: 12 }, next);
  const firsts = await rows<{ id: string; first: number }>(
    h.database.db,
    sql`SELECT id, abs(hashtext(id::text)) % 2 AS first FROM unnest(${`{${pool.join(',')}}`}::uuid[]) id`,
  );
  const w0 = firsts.find((p) => p.first === 0)!.id;
  const w1 = firsts.find((p) => p.first === 1)!.id;

  const [g0, g1, c0, c1, watch] = await rawConnections(h.database.url, 5);
  try {
    // two grants in progress hold the last coupon of each bucket
    for (const [g, bucket] of [
      [g0, 0],
      [g1, 1],
    ] as const) {
      await g.query('BEGIN');
      await g.query('UPDATE coupon_stock SET remaining = remaining - 1 WHERE batch_id = $1 AND bucket = $2', [batch.id, bucket]);
    }
    const grab = (c: Client, person: string, code: string) =>
      c
        .query<{
          r: { outcome: string };
        }>('SELECT coupon_grab_v1($1::uuid, $2::uuid, NULL, now(), $3, NULL, NULL, NULL) AS r', [person, batch.id, code])
        .then(
          (res) => res.rows[0].r.outcome,
          (e: { code?: string }) => `error ${e.code}`,
        );
    const first = grab(c0, w0, 'SELLOUT0');
    const second = grab(c1, w1, 'SELLOUT1');
    // both are waiting for a bucket before the grants commit
    await untilLockWaiters(watch, 'coupon_grab_v1', 2);
    await g0.query('COMMIT');
    await g1.query('COMMIT');
    expect(await Promise.all([first, second])).toEqual(['SOLD_OUT', 'SOLD_OUT']);
    const { rows: left } = await watch.query(
      'SELECT (SELECT sum(remaining)::int FROM coupon_stock WHERE batch_id = $1) AS stock, (SELECT count(*)::int FROM coupon_holdings WHERE batch_id = $1 AND held > 0) AS held',
      [batch.id],
    );
    expect(left[0]).toEqual({ stock: 0, held: 0 }); // the refusals undid their holding rows
  } finally {
    await Promise.all([g0, g1, c0, c1, watch].map((c) => c.end()));
  }
});
