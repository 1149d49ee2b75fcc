import type { Harness } from '../support/harness';
import { rows, sql } from '../../cloudfunctions/core/db/client';
import { code, memberNo, usePerksHarness } from './support';

/** The points ledger: append-only entries, balance = sum of entries and never negative, a grant posted once. */
let h: Harness;
const next = usePerksHarness((bed) => (h = bed));
const chair = () => h.base.people.wangFang;

const grant = async (personId: string, points: number, requestId: string) =>
  h.call(chair(), 'perks.grantPoints', {
    unionId: h.base.unions.xinghuo,
    memberNo: await memberNo(h, personId),
    points,
    reason: '志愿服务',
    requestId,
  });

test('an officer grants and deducts with a reason; a retried grant posts once; the balance never goes negative', async () => {
  const m = next();
  const g = await grant(m, 30, 'grant-req-0001');
  expect(g.ok && g.data).toEqual({ balance: 30, posted: true });
  const again = await grant(m, 30, 'grant-req-0001');
  expect(again.ok && again.data).toEqual({ balance: 30, posted: false });
  expect(await code(grant(m, -31, 'grant-req-0002'))).toBe('INSUFFICIENT_POINTS');
  expect((await grant(m, -30, 'grant-req-0003')).ok).toBe(true);
  const mine = await h.ok(m, 'perks.myPoints', {});
  expect(mine.balance).toBe(0);
  expect(mine.entries.map((e) => e.delta).sort((x, y) => x - y)).toEqual([-30, 30]);
  const [audit] = await rows<{ n: number }>(
    h.database.db,
    sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'perks.grantPoints' AND target_id = ${m}`,
  );
  expect(audit.n).toBe(2);
  // an unknown member number names the field; another union's chair may not grant to 星火
  const unknown = await h.call(chair(), 'perks.grantPoints', {
    unionId: h.base.unions.xinghuo,
    memberNo: 'NO-SUCH',
    points: 5,
    reason: '测试',
    requestId: 'grant-req-0004',
  });
  expect(unknown.ok ? null : unknown.error).toMatchObject({ code: 'NOT_FOUND', fields: { memberNo: expect.any(String) } });
  const sideways = await h.call(h.base.people.zhouJie, 'perks.grantPoints', {
    unionId: h.base.unions.xinghuo,
    memberNo: await memberNo(h, m),
    points: 5,
    reason: '测试',
    requestId: 'grant-req-0005',
  });
  expect(sideways.ok ? null : sideways.error.code).toBe('FORBIDDEN');
  const zero = await h.call(chair(), 'perks.grantPoints', {
    unionId: h.base.unions.xinghuo,
    memberNo: await memberNo(h, m),
    points: 0,
    reason: '测试',
    requestId: 'grant-req-0006',
  });
  expect(zero.ok ? null : zero.error.code).toBe('INVALID_INPUT');
});

test('entries cannot be changed or removed, and the database refuses a negative balance by itself', async () => {
  const m = next();
  await grant(m, 5, 'grant-req-0101');
  const db = h.database.db;
  /** The database's own message (drizzle wraps it as `cause`). */
  const refusal = (q: Promise<unknown>) =>
    q.then(
      () => 'accepted',
      (e: { message: string; cause?: { message: string } }) => e.cause?.message ?? e.message,
    );
  expect(await refusal(db.execute(sql`UPDATE points_entries SET delta = 500 WHERE person_id = ${m}`))).toMatch(/append-only/);
  expect(await refusal(db.execute(sql`DELETE FROM points_entries WHERE person_id = ${m}`))).toMatch(/append-only/);
  expect(await refusal(db.execute(sql`UPDATE points_balances SET balance = -1 WHERE person_id = ${m}`))).toMatch(/check/i);
});

test('ledger invariant: for everyone, balance = sum of entries, after grants, deductions, retries and refusals', async () => {
  const people = [next(), next(), next()];
  let i = 0;
  for (const [k, p] of people.entries())
    for (const d of [20, -5, 7, -50, 3]) await grant(p, d * (k + 1), `inv-${k}-${i++ % 3}-${d}`);
  await grant(people[0], 20, 'inv-0-0-20'); // retry
  const bad = await rows<{ person_id: string }>(
    h.database.db,
    sql`SELECT b.person_id FROM points_balances b
         LEFT JOIN (SELECT person_id, sum(delta) AS s FROM points_entries GROUP BY person_id) e ON e.person_id = b.person_id
         WHERE b.balance <> COALESCE(e.s, 0) OR b.balance < 0`,
  );
  expect(bad).toEqual([]);
  const figures = await h.ok(chair(), 'perks.unionPoints', { unionId: h.base.unions.xinghuo });
  expect(figures.members).toBeGreaterThanOrEqual(3);
  expect(figures.granted - figures.spent).toBeGreaterThan(0);
});
