import { sql } from 'drizzle-orm';
import { createHarness, type Harness } from '../support/harness';
import { rows } from '../../cloudfunctions/core/db/client';
import { actionRegistry } from '../../cloudfunctions/core/actions';
import { DEFAULT_WRITE_BUDGET, writeBudgetFromEnv } from '../../cloudfunctions/core/auth/budget';
import type { Db } from '../../cloudfunctions/core/db/client';
import { NOW0, THIS_WEEK, serviceRules } from '../booking/support';
import { signedIn, traffic } from '../support/traffic';

/**
 * One person cannot slow everyone: state-changing calls spend a per-person budget kept in the database.
 * The default budget (30 writes) with a long window, so real seconds on a slow machine cannot reset it mid-test.
 */
const BUDGET = { limit: DEFAULT_WRITE_BUDGET.limit, windowSeconds: 3600 };
let h: Harness;
beforeAll(async () => {
  h = await createHarness({ writeBudget: BUDGET });
});
afterAll(() => h.close());

const codes = (rs: { ok: boolean; error?: { code: string } }[]) =>
  rs.reduce<Record<string, number>>(
    (m, r) => ({ ...m, [r.ok ? 'ok' : r.error!.code]: (m[r.ok ? 'ok' : r.error!.code] ?? 0) + 1 }),
    {},
  );

test('a flood of writes from one person is refused with RATE_LIMITED while another person’s calls and the flooder’s reads go through', async () => {
  const flooder = h.base.people.zhangWei;
  const other = h.base.membersOf.xinghuo.find((p) => p !== flooder)!;
  // Parallel, as a flood arrives: exactly the budget passes, whatever the interleaving.
  const flood = await Promise.all(Array.from({ length: BUDGET.limit + 10 }, () => h.call(flooder, 'notices.markRead', {})));
  expect(codes(flood)).toEqual({ ok: BUDGET.limit, RATE_LIMITED: 10 });
  const refused = flood.find((r) => !r.ok)!;
  expect(refused).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', message: expect.stringContaining('操作过于频繁') } });

  expect(codeOf(await h.call(other, 'notices.markRead', {}))).toBe('ok');
  expect(codeOf(await h.call(flooder, 'membership.myMembership', {}))).toBe('ok'); // reads are not budgeted

  // Once the window has passed, the flooder may write again.
  await h.database.db.execute(
    sql`UPDATE request_budgets SET window_start = window_start - interval '2 hours' WHERE caller_key = ${'p:' + flooder}`,
  );
  expect(codeOf(await h.call(flooder, 'notices.markRead', {}))).toBe('ok');
});

const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

test('pu_take_budget is one SQL expression another statement can call', async () => {
  const take = async () =>
    (await rows<{ ok: boolean; n: number }>(h.database.db, sql`SELECT pu_take_budget('p:sql-test', 2, 60) AS ok, 1 AS n`))[0].ok;
  expect([await take(), await take(), await take()]).toEqual([true, true, false]);
});

test('every action declares whether it changes state; the obvious writes are budgeted', () => {
  const writes = [
    'booking.book',
    'booking.cancel',
    'membership.join',
    'aid.submit',
    'congress.castBallot',
    'unions.grantRole',
    'notices.markRead',
  ];
  for (const name of writes)
    expect({ name, readOnly: !!actionRegistry.get(name as never)?.readOnly }).toEqual({ name, readOnly: false });
  for (const name of ['booking.week', 'membership.listRoster', 'aid.claims', 'congress.result'])
    expect(actionRegistry.get(name as never)?.readOnly).toBe(true);
});

test('PU_WRITE_BUDGET configures the budget: calls/seconds, or off', () => {
  expect(writeBudgetFromEnv({})).toEqual({ limit: 30, windowSeconds: 10 });
  expect(writeBudgetFromEnv({ PU_WRITE_BUDGET: '60/30' })).toEqual({ limit: 60, windowSeconds: 30 });
  expect(writeBudgetFromEnv({ PU_WRITE_BUDGET: 'off' })).toBeNull();
  expect(() => writeBudgetFromEnv({ PU_WRITE_BUDGET: 'lots' })).toThrow(/PU_WRITE_BUDGET/);
});

test('booking.book spends the budget inside its one statement, at its first write; its read-only refusals cost none', async () => {
  h.setNow(NOW0);
  try {
    const staff = h.base.people.liuYang;
    const rules = serviceRules({ weeklyLimit: 3 });
    const svc = await h.ok(staff, 'booking.saveService', { unionId: h.base.unions.xinghuo, name: '预算', rules });
    await h.ok(staff, 'booking.generateWeek', { serviceId: svc.id, weekStart: THIS_WEEK, releaseNow: true });
    const slots = (await h.ok(staff, 'booking.week', { serviceId: svc.id, weekStart: THIS_WEEK })).days.flatMap((d) => d.slots);
    const [taker, booker] = h.base.membersOf.xinghuo.filter((p) => !Object.values(h.base.people).includes(p)).slice(-2);
    await h.ok(taker, 'booking.book', { slotId: slots[0].id });
    // the booker has one unit left
    for (let i = 1; i < BUDGET.limit; i++)
      await h.database.db.execute(sql`SELECT pu_take_budget(${'p:' + booker}, ${BUDGET.limit}, ${BUDGET.windowSeconds})`);
    const callAs = await signedIn(h, booker);
    // a full slot is refused by reading: no budget spent
    expect(codeOf(await callAs('booking.book', { slotId: slots[0].id }))).toBe('SLOT_TAKEN');
    const booked = await traffic(h.database.db as Db, () => callAs('booking.book', { slotId: slots[1].id }));
    expect(codeOf(booked.result)).toBe('ok');
    expect(booked.statements).toBe(1); // no separate budget statement, nor a caller lookup (session: 'inline')
    expect(codeOf(await callAs('booking.book', { slotId: slots[2].id }))).toBe('RATE_LIMITED');
    const [{ live }] = await rows<{ live: number }>(
      h.database.db,
      sql`SELECT count(*)::int AS live FROM booking_bookings WHERE person_id = ${booker} AND status = 'booked'`,
    );
    expect(live).toBe(1);
  } finally {
    h.setNow(new Date());
  }
});
