import type { Harness } from '../support/harness';
import { rows, sql } from '../../cloudfunctions/core/db/client';
import { splitStock } from '../../cloudfunctions/core/perks/coupons';
import { engineName } from '../support/db';
import { signedIn, traffic } from '../support/traffic';
import { at, code, memberNo, newMembers, usePerksHarness } from './support';
import type { CouponBatchView } from '@shared/contracts/perks';

/**
 * Coupons: a batch's stock in buckets, the grab in one statement (window, eligibility, per-person limit, points
 * debited once, idempotent on the request id), redemption once, and the crowd: exactly the stock is issued.
 */
let h: Harness;
const next = usePerksHarness((bed) => (h = bed));
const chair = () => h.base.people.wangFang;

let seq = 0;
const publish = (over: Record<string, unknown> = {}): Promise<CouponBatchView> =>
  h.ok(chair(), 'perks.publishBatch', {
    unionId: h.base.unions.xinghuo,
    title: `骑行券${++seq}`,
    merchant: '青桔单车',
    total: 5,
    perPerson: 1,
    startsAt: at(1),
    ...over,
  } as never);

const grantPoints = async (personId: string, points: number) =>
  h.ok(chair(), 'perks.grantPoints', {
    unionId: h.base.unions.xinghuo,
    memberNo: await memberNo(h, personId),
    points,
    reason: '活动奖励',
    requestId: `seed-${personId}`,
  });

test('the stock is split in at most 16 buckets that differ by one at most', () => {
  expect(splitStock(5)).toEqual([1, 1, 1, 1, 1]);
  expect(splitStock(5000)).toHaveLength(16);
  expect(splitStock(5000).reduce((a, b) => a + b)).toBe(5000);
  expect(Math.max(...splitStock(37)) - Math.min(...splitStock(37))).toBeLessThanOrEqual(1);
});

test('a revoked session is refused UNAUTHENTICATED by the grab statement itself (session: inline), which issues nothing', async () => {
  const b = await publish({ total: 1, startsAt: h.now.toISOString() });
  const a = next();
  const stale = await h.tokenFor(a);
  await h.callWithToken(stale, 'unions.signOutEverywhere', {});
  const t = await traffic(h.database.db, () => h.callWithToken(stale, 'perks.grab', { batchId: b.id }));
  expect({ code: t.result.ok ? 'OK' : t.result.error.code, statements: t.statements }).toEqual({
    code: 'UNAUTHENTICATED',
    statements: 1,
  });
  expect(await code(h.call(a, 'perks.grab', { batchId: b.id }))).toBe('OK'); // signed in again
});

test('a grab is one statement without a transaction; a retry returns the same coupon; the limit, the window and the stock hold', async () => {
  const b = await publish({ total: 2 });
  const [a, c, d] = [next(), next(), next()];
  expect(await code(h.call(a, 'perks.grab', { batchId: b.id }))).toBe('NOT_STARTED');
  h.setNow(at(1));
  const asA = await signedIn(h, a);
  const t = await traffic(h.database.db, () => asA('perks.grab', { batchId: b.id, requestId: 'grab-req-0001' }));
  expect(t.result.ok).toBe(true);
  expect({ statements: t.statements, transactions: t.transactions }).toEqual({
    statements: 1, // the caller's session is checked inside it (session: 'inline')
    transactions: 0,
  });
  const first = t.result.ok ? (t.result.data as { id: string; code: string }) : null;
  expect(first!.code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
  const again = await h.ok(a, 'perks.grab', { batchId: b.id, requestId: 'grab-req-0001' });
  expect(again.id).toBe(first!.id);
  expect(await code(h.call(a, 'perks.grab', { batchId: b.id, requestId: 'grab-req-0002' }))).toBe('LIMIT_REACHED');
  expect(await code(h.call(h.base.people.zhouJie, 'perks.grab', { batchId: b.id }))).toBe('NOT_ELIGIBLE');
  await h.ok(c, 'perks.grab', { batchId: b.id });
  expect(await code(h.call(d, 'perks.grab', { batchId: b.id }))).toBe('SOLD_OUT');
  // known sold out in this instance: the next refusal costs no statement at all (session: 'inline'), while a
  // holder's retried request still reaches the database and gets their coupon back
  const asD = await signedIn(h, d);
  const refused = await traffic(h.database.db, () => asD('perks.grab', { batchId: b.id }));
  expect(refused.result.ok ? 'OK' : refused.result.error.code).toBe('SOLD_OUT');
  expect(refused.statements).toBe(0);
  expect((await h.ok(a, 'perks.grab', { batchId: b.id, requestId: 'grab-req-0001' })).id).toBe(first!.id);
  // as with booking's memo, anyone else now hears SOLD_OUT first (true), even one who could not have had a coupon
  expect(await code(h.call(h.base.people.zhouJie, 'perks.grab', { batchId: b.id }))).toBe('SOLD_OUT');
  const list = (await h.ok(a, 'perks.batches', {})).batches.find((x) => x.id === b.id)!;
  expect(list).toMatchObject({ remaining: 0, held: 1, total: 2 });
  expect((await h.ok(a, 'perks.myCoupons', {})).coupons.map((x) => x.id)).toContain(first!.id);
  const [audit] = await rows<{ n: number }>(
    h.database.db,
    sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'perks.grab' AND target_id = ${first!.id}`,
  );
  expect(audit.n).toBe(1);
});

test('a reward priced in points: refused when short, debited exactly once with retries, never below zero', async () => {
  const b = await publish({ pricePoints: 40, perPerson: 2, startsAt: at(-1) });
  const m = next();
  expect(await code(h.call(m, 'perks.grab', { batchId: b.id }))).toBe('INSUFFICIENT_POINTS');
  await grantPoints(m, 50);
  await h.ok(m, 'perks.grab', { batchId: b.id, requestId: 'points-req-01' });
  await h.ok(m, 'perks.grab', { batchId: b.id, requestId: 'points-req-01' });
  expect(await code(h.call(m, 'perks.grab', { batchId: b.id, requestId: 'points-req-02' }))).toBe('INSUFFICIENT_POINTS');
  const points = await h.ok(m, 'perks.myPoints', {});
  expect(points.balance).toBe(10);
  expect(points.entries.map((e) => e.delta).sort((x, y) => x - y)).toEqual([-40, 50]);
  expect((await h.ok(m, 'perks.batches', {})).batches.find((x) => x.id === b.id)).toMatchObject({ remaining: 4, held: 1 });
});

test("a merchant's scan redeems a coupon once; only the batch union's staff and officers may", async () => {
  const b = await publish({ startsAt: at(-1) });
  const m = next();
  const c = await h.ok(m, 'perks.grab', { batchId: b.id });
  expect(await code(h.call(m, 'perks.redeem', { code: c.code }))).toBe('FORBIDDEN');
  expect(await code(h.call(h.base.people.zhouJie, 'perks.redeem', { code: c.code }))).toBe('FORBIDDEN');
  const used = await h.ok(h.base.people.liuYang, 'perks.redeem', { code: c.code.toLowerCase() });
  expect(used.redeemedAt).not.toBeNull();
  expect(await code(h.call(h.base.people.liuYang, 'perks.redeem', { code: c.code }))).toBe('ALREADY_REDEEMED');
  expect(await code(h.call(h.base.people.liuYang, 'perks.redeem', { code: 'ZZZZZZZZ' }))).toBe('NOT_FOUND');
});

test('a coupon past its valid_until is refused at redemption; one still valid carries a QR on the member screen', async () => {
  const b = await publish({ startsAt: at(-1), validUntil: at(2) });
  const m = next();
  const c = await h.ok(m, 'perks.grab', { batchId: b.id });
  const mine = (await h.ok(m, 'perks.myCoupons', {})).coupons.find((x) => x.id === c.id)!;
  expect(mine.validUntil).toBe(at(2));
  expect(mine.qr).toMatch(/^data:image\/png;base64,/);
  h.setNow(at(3));
  expect(await code(h.call(h.base.people.liuYang, 'perks.redeem', { code: c.code }))).toBe('EXPIRED');
  const later = (await h.ok(m, 'perks.myCoupons', {})).coupons.find((x) => x.id === c.id)!;
  expect(later.qr).toBeUndefined();
  // still valid: redeemed; and a validity before the grab window is refused, naming the field
  h.setNow(at(1));
  const d = next();
  const c2 = await h.ok(d, 'perks.grab', { batchId: b.id });
  expect((await h.ok(h.base.people.liuYang, 'perks.redeem', { code: c2.code })).redeemedAt).not.toBeNull();
  const bad = await h.call(chair(), 'perks.publishBatch', {
    unionId: h.base.unions.xinghuo,
    title: '过期券',
    total: 1,
    perPerson: 1,
    startsAt: at(1),
    validUntil: at(0),
  });
  expect(bad.ok ? null : bad.error).toMatchObject({ code: 'INVALID_INPUT', fields: { validUntil: expect.any(String) } });
});

test(`a crowd with retries and double taps: exactly the stock, nobody over the limit, points debited once (${engineName()})`, async () => {
  const STOCK = 40;
  const b = await publish({ total: STOCK, perPerson: 2, pricePoints: 1, startsAt: at(-1) });
  const crowd = await newMembers(h, h.base.unions.xinghuo, 60);
  await rows(
    h.database.db,
    sql`WITH e AS (INSERT INTO points_entries (person_id, union_id, delta, kind, reason, request_key)
                   SELECT p, ${h.base.unions.xinghuo}::uuid, 5, 'grant', '预置', 'crowd' FROM unnest(${`{${crowd.join(',')}}`}::uuid[]) p RETURNING person_id)
        INSERT INTO points_balances (person_id, balance) SELECT person_id, 5 FROM e`,
  );
  // each member taps three times (two requests, the first one retried at once)
  const calls = crowd.flatMap((p, i) => [
    { p, requestId: `crowd-${i}-a` },
    { p, requestId: `crowd-${i}-a` },
    { p, requestId: `crowd-${i}-b` },
  ]);
  const outcomes = await Promise.all(
    calls.map(({ p, requestId }) =>
      h.call(p, 'perks.grab', { batchId: b.id, requestId }).then((r) => (r.ok ? 'OK' : r.error.code)),
    ),
  );
  expect(outcomes.filter((o) => !['OK', 'SOLD_OUT', 'LIMIT_REACHED'].includes(o))).toEqual([]);
  const [facts] = await rows<{ issued: number; stock: number; over: number; dup: number; bad_balance: number; debits: number }>(
    h.database.db,
    sql`SELECT (SELECT count(*)::int FROM coupons WHERE batch_id = ${b.id}) AS issued,
               (SELECT sum(remaining)::int FROM coupon_stock WHERE batch_id = ${b.id}) AS stock,
               (SELECT count(*)::int FROM (SELECT person_id FROM coupons WHERE batch_id = ${b.id} GROUP BY person_id HAVING count(*) > 2) x) AS over,
               (SELECT count(*)::int FROM (SELECT person_id, request_id FROM coupons WHERE batch_id = ${b.id} GROUP BY 1, 2 HAVING count(*) > 1) x) AS dup,
               (SELECT count(*)::int FROM points_balances pb
                  WHERE pb.person_id = ANY(${`{${crowd.join(',')}}`}::uuid[])
                    AND pb.balance <> 5 - (SELECT count(*) FROM coupons k WHERE k.batch_id = ${b.id} AND k.person_id = pb.person_id)) AS bad_balance,
               (SELECT count(*)::int FROM points_entries WHERE kind = 'coupon' AND person_id = ANY(${`{${crowd.join(',')}}`}::uuid[])) AS debits`,
  );
  expect(facts).toEqual({ issued: STOCK, stock: 0, over: 0, dup: 0, bad_balance: 0, debits: STOCK });
  const held = await rows<{ bad: number }>(
    h.database.db,
    sql`SELECT count(*)::int AS bad FROM coupon_holdings hd
         WHERE hd.batch_id = ${b.id} AND hd.held <> (SELECT count(*) FROM coupons k WHERE k.batch_id = hd.batch_id AND k.person_id = hd.person_id)`,
  );
  expect(held[0].bad).toBe(0);
});
