import crypto from 'node:crypto';
import type { Harness } from '../support/harness';
import { rows, sql } from '../../cloudfunctions/core/db/client';
import { engineName } from '../support/db';
import { at, code, newMembers, usePerksHarness } from './support';
import type { ActivityDetail } from '@shared/contracts/perks';

/**
 * 名额分配: a federation shares an activity's places out among unions of its subtree. Only members under a quota
 * union may sign up; first come and the lottery both stop at a union's places; a freed place goes to the first
 * waiting member whose union still has one; a crowd of one union gets exactly its places.
 */
let h: Harness;
usePerksHarness((bed) => (h = bed));
const admin = () => h.base.people.chenJing; // 东湖区总工会

let seq = 0;
const input = (over: Record<string, unknown>) => ({
  unionId: h.base.unions.east,
  audience: 'subtree',
  title: `疗休养${++seq}`,
  startsAt: at(72),
  endsAt: at(96),
  capacity: 4,
  signupOpensAt: at(-1),
  signupClosesAt: at(24),
  mode: 'first_come',
  ...over,
});
const publish = (over: Record<string, unknown>): Promise<ActivityDetail> =>
  h.ok(admin(), 'perks.publishActivity', input(over) as never);

const refusal = async (over: Record<string, unknown>) => {
  const r = await h.call(admin(), 'perks.publishActivity', input(over) as never);
  return r.ok ? null : { code: r.error.code, message: r.error.message, fields: r.error.fields };
};

test('quotas are checked at publishing: subtree audience only, unions under the publisher, no union inside another', async () => {
  const { xinghuo, school, eastStreet, logistics } = h.base.unions;
  expect(await refusal({ audience: 'members', quotas: [{ unionId: xinghuo, places: 1 }] })).toMatchObject({
    code: 'INVALID_INPUT',
    fields: { quotas: '名额分配：仅用于发布到下级工会的活动' },
  });
  expect(await refusal({ quotas: [{ unionId: xinghuo, places: 5 }] })).toMatchObject({
    fields: { quotas: '名额分配：单个工会的名额不能超过活动总名额' },
  });
  expect(await refusal({ quotas: [{ unionId: logistics, places: 1 }] })).toMatchObject({
    code: 'INVALID_INPUT',
    fields: { 'quotas.0.unionId': '不是本会下级工会' },
  });
  const nested = await refusal({
    quotas: [
      { unionId: eastStreet, places: 2 },
      { unionId: school, places: 1 },
    ],
  });
  expect(nested).toMatchObject({ code: 'INVALID_INPUT', message: '东湖一中工会属于湖滨街道工会，名额不能重复分配' });
  const [{ n }] = await rows<{ n: number }>(h.database.db, sql`SELECT count(*)::int AS n FROM activity_quotas`);
  expect(n).toBe(0); // nothing half-written by the refusals
  // a chair of a grassroots union cannot share places out (members-only audience, and no subtree below)
  expect(
    await code(
      h.call(h.base.people.wangFang, 'perks.publishActivity', {
        ...input({ quotas: [{ unionId: school, places: 1 }] }),
        unionId: xinghuo,
      } as never),
    ),
  ).toBe('INVALID_INPUT');
});

test('first come: a union stops at its places, others are refused, a freed place stays within the union', async () => {
  const a = await publish({ capacity: 3, quotas: [{ unionId: h.base.unions.xinghuo, places: 2 }] });
  expect(a.quotas).toEqual([{ unionId: h.base.unions.xinghuo, unionName: '星火电子工会', places: 2, taken: 0 }]);
  const [x1, x2, x3, x4] = await newMembers(h, h.base.unions.xinghuo, 4);
  const [s1] = await newMembers(h, h.base.unions.school, 1);
  expect((await h.ok(x1, 'perks.signUp', { activityId: a.id, answers: {} })).status).toBe('confirmed');
  expect((await h.ok(x2, 'perks.signUp', { activityId: a.id, answers: {} })).status).toBe('confirmed');
  // the activity has a third place, but 星火's two are taken
  expect(await h.ok(x3, 'perks.signUp', { activityId: a.id, answers: {} })).toMatchObject({
    status: 'waitlisted',
    waitlistPosition: 1,
  });
  expect(await h.ok(x4, 'perks.signUp', { activityId: a.id, answers: {} })).toMatchObject({
    status: 'waitlisted',
    waitlistPosition: 2,
  });
  const refused = await h.call(s1, 'perks.signUp', { activityId: a.id, answers: {} });
  expect(refused.ok ? null : refused.error).toMatchObject({
    code: 'NOT_ELIGIBLE',
    message: '该活动的名额已分配给指定的工会，您所在的工会没有名额',
  });

  await h.ok(x1, 'perks.cancelSignup', { activityId: a.id });
  expect((await h.ok(x3, 'perks.activity', { activityId: a.id })).mine!.status).toBe('confirmed');
  const after = await h.ok(x4, 'perks.activity', { activityId: a.id });
  expect(after.mine).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
  expect(after.quotas[0]).toMatchObject({ places: 2, taken: 2 });
  const [counts] = await rows<{ taken: number; confirmed: number }>(
    h.database.db,
    sql`SELECT a.taken, (SELECT count(*)::int FROM activity_signups s WHERE s.activity_id = a.id AND s.status = 'confirmed') AS confirmed
          FROM activities a WHERE a.id = ${a.id}`,
  );
  expect(counts).toEqual({ taken: 2, confirmed: 2 });
});

/** The documented rule, written here apart from lottery.ts: order by sha256(seed:receipt), confirm while places last. */
function recomputeConfirmed(
  seed: string,
  receipts: string[],
  capacity: number,
  quotas: { receiptUnions: Record<string, string>; places: Record<string, number> },
) {
  const order = [...receipts]
    .map((r) => [crypto.createHash('sha256').update(`${seed}:${r}`).digest('hex'), r] as const)
    .sort((x, y) => (x[0] < y[0] ? -1 : 1))
    .map(([, r]) => r);
  const used: Record<string, number> = {};
  const out: string[] = [];
  for (const r of order) {
    const u = quotas.receiptUnions[r];
    if (out.length < capacity && (used[u] ?? 0) < quotas.places[u]) {
      used[u] = (used[u] ?? 0) + 1;
      out.push(r);
    }
  }
  return out.sort();
}

test('lottery: each union gets at most its places, and anyone recomputes the winners from the published list', async () => {
  const { xinghuo, school } = h.base.unions;
  const a = await publish({
    mode: 'lottery',
    capacity: 4,
    quotas: [
      { unionId: xinghuo, places: 2 },
      { unionId: school, places: 2 },
    ],
  });
  const fromXinghuo = await newMembers(h, xinghuo, 6);
  const fromSchool = await newMembers(h, school, 1);
  for (const p of [...fromXinghuo, ...fromSchool]) await h.ok(p, 'perks.signUp', { activityId: a.id, answers: {} });
  h.setNow(at(25));
  const drawn = await h.ok(admin(), 'perks.draw', { activityId: a.id });
  expect(drawn.quotas!.places).toEqual({ [xinghuo]: 2, [school]: 2 });
  expect(Object.values(drawn.quotas!.receiptUnions).sort()).toEqual([...Array(6).fill(xinghuo), school].sort());

  const statuses = await rows<{ receipt: string; status: string; quota_union_id: string }>(
    h.database.db,
    sql`SELECT receipt, status, quota_union_id FROM activity_signups WHERE activity_id = ${a.id}`,
  );
  const confirmed = statuses.filter((s) => s.status === 'confirmed');
  // 星火 two of six, 东湖一中 its only applicant: three places of four used
  expect(confirmed.filter((s) => s.quota_union_id === xinghuo)).toHaveLength(2);
  expect(confirmed.filter((s) => s.quota_union_id === school)).toHaveLength(1);
  expect(confirmed.map((s) => s.receipt).sort()).toEqual(recomputeConfirmed(drawn.seed!, drawn.receipts, 4, drawn.quotas!));
  const detail = await h.ok(admin(), 'perks.activity', { activityId: a.id });
  expect(detail.quotas.map((q) => [q.unionName, q.taken])).toEqual([
    ['东湖一中工会', 1],
    ['星火电子工会', 2],
  ]);
  expect(detail.confirmed).toBe(3);
});

test(`a crowd of one union signing up at once gets exactly its places (${engineName()})`, async () => {
  const { xinghuo, school } = h.base.unions;
  const a = await publish({
    capacity: 20,
    quotas: [
      { unionId: xinghuo, places: 5 },
      { unionId: school, places: 15 },
    ],
  });
  const crowd = await newMembers(h, xinghuo, 30);
  const outcomes = await Promise.all(
    crowd.map((p) =>
      h.call(p, 'perks.signUp', { activityId: a.id, answers: {} }).then((r) => (r.ok ? r.data.status : r.error.code)),
    ),
  );
  expect(outcomes.filter((o) => o !== 'confirmed' && o !== 'waitlisted')).toEqual([]);
  expect(outcomes.filter((o) => o === 'confirmed')).toHaveLength(5);
  const [facts] = await rows<{ quota_taken: number; activity_taken: number; confirmed: number }>(
    h.database.db,
    sql`SELECT (SELECT taken FROM activity_quotas WHERE activity_id = ${a.id} AND union_id = ${xinghuo}) AS quota_taken,
               (SELECT taken FROM activities WHERE id = ${a.id}) AS activity_taken,
               (SELECT count(*)::int FROM activity_signups WHERE activity_id = ${a.id} AND status = 'confirmed') AS confirmed`,
  );
  expect(facts).toEqual({ quota_taken: 5, activity_taken: 5, confirmed: 5 });
});
