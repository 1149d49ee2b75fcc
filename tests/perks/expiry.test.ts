import type { Harness } from '../support/harness';
import { rows, sql } from '../../cloudfunctions/core/db/client';
import { dueYear, expiryRule, runPointsExpiry } from '../../cloudfunctions/core/perks/expiry';
import { memberNo, usePerksHarness } from './support';

/**
 * Yearly expiry: points earned in Y expire at the end of Y+1 (oldest spent first), by one `expiry` entry per person
 * and year; append-only, posted once, never below zero.
 */
let h: Harness;
const next = usePerksHarness((bed) => (h = bed));
let req = 0;

const grant = async (personId: string, points: number, when: string) => {
  h.setNow(when);
  return h.ok(h.base.people.wangFang, 'perks.grantPoints', {
    unionId: h.base.unions.xinghuo,
    memberNo: await memberNo(h, personId),
    points,
    reason: '志愿服务',
    requestId: `expiry-req-${String(++req).padStart(4, '0')}`,
  });
};
const balance = async (personId: string) => (await h.ok(personId, 'perks.myPoints', {})).balance;
const expiries = (personId: string) =>
  rows<{ delta: number; request_key: string }>(
    h.database.db,
    sql`SELECT delta, request_key FROM points_entries WHERE person_id = ${personId} AND kind = 'expiry' ORDER BY created_at`,
  );

test('the rule: earned in Y, expired at the end of Y+1 (configurable, default one year)', () => {
  expect(expiryRule({})).toEqual({ keepYears: 1 });
  expect(expiryRule({ PU_POINTS_KEEP_YEARS: '' })).toEqual({ keepYears: 1 });
  expect(expiryRule({ PU_POINTS_KEEP_YEARS: '2' })).toEqual({ keepYears: 2 });
  expect(dueYear(new Date('2027-01-01T00:30:00+08:00'), { keepYears: 1 })).toBe(2025);
  expect(dueYear(new Date('2026-12-31T23:59:00+08:00'), { keepYears: 1 })).toBe(2024);
});

test('year Y left unspent expires at the end of Y+1, oldest first; a rerun posts nothing; never below zero', async () => {
  const a = next();
  const b = next();
  await grant(a, 100, '2025-03-01T10:00:00+08:00');
  await grant(a, -30, '2026-02-01T10:00:00+08:00'); // spends 2025's points first
  await grant(a, 50, '2026-06-01T10:00:00+08:00');
  await grant(b, 40, '2026-06-01T10:00:00+08:00'); // nothing from 2025

  // not yet due on the last evening of 2026
  await runPointsExpiry(h.database.db, new Date('2026-12-31T23:00:00+08:00'));
  expect(await expiries(a)).toEqual([]);

  const run = await runPointsExpiry(h.database.db, new Date('2027-01-01T00:30:00+08:00'));
  expect(run.year).toBe(2025);
  expect(await expiries(a)).toEqual([{ delta: -70, request_key: 'expiry:2025' }]);
  expect(await expiries(b)).toEqual([]);
  h.setNow('2027-01-01T01:00:00+08:00');
  expect(await balance(a)).toBe(50);
  // the timer runs daily: the same year again posts nothing
  await runPointsExpiry(h.database.db, new Date('2027-01-02T00:30:00+08:00'));
  expect(await expiries(a)).toHaveLength(1);

  // spent after the cutoff but before the (late) run: the entry takes only the balance, never below zero
  await grant(b, -35, '2028-01-01T00:10:00+08:00');
  await runPointsExpiry(h.database.db, new Date('2028-01-01T00:30:00+08:00'));
  expect((await expiries(a)).map((e) => e.delta)).toEqual([-70, -50]);
  expect((await expiries(b)).map((e) => e.delta)).toEqual([-5]);
  h.setNow('2028-01-01T01:00:00+08:00');
  expect(await balance(a)).toBe(0);
  expect(await balance(b)).toBe(0);
  const [audit] = await rows<{ n: number }>(
    h.database.db,
    sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'perks.pointsExpiry' AND target_id IN (${a}, ${b})`,
  );
  expect(audit.n).toBe(3);
  // balance = sum of entries for everyone
  const [off] = await rows<{ n: number }>(
    h.database.db,
    sql`SELECT count(*)::int AS n FROM points_balances b
         WHERE b.balance <> (SELECT COALESCE(sum(delta), 0) FROM points_entries e WHERE e.person_id = b.person_id)`,
  );
  expect(off.n).toBe(0);
});
