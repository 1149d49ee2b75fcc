import { sql } from 'drizzle-orm';
import type { RoleContext } from '../action';
import { rows, uuidList, type Db } from '../db/client';
import { AppError } from '../errors';
import type { AidCategory, EnrolChoice } from '@shared/contracts/aid';
import { aidCategories } from '@shared/domain/aid/benefit';
import { todayIn } from './common';
import { loadPlan, planView, plansFor } from './plans';
import { benefit, formAmounts } from './claim-record';

// Enrolment in a plan (aid_enrolments) and the annual usage it gives a member (aid_usage).

export async function enrolmentOf(tx: Db, planId: string, personId: string) {
  const [e] = await rows<{ enrolled_on: string; union_id: string }>(
    tx,
    sql`SELECT to_char(enrolled_on, 'YYYY-MM-DD') AS enrolled_on, union_id FROM aid_enrolments WHERE plan_id = ${planId} AND person_id = ${personId}`,
  );
  return e ?? null;
}

export async function usageOf(tx: Db, planId: string, personId: string): Promise<Record<AidCategory, number>> {
  const used = Object.fromEntries(aidCategories.map((c) => [c, 0])) as Record<AidCategory, number>;
  const list = await rows<{ category: AidCategory; approved_fen: string }>(
    tx,
    sql`SELECT category, approved_fen FROM aid_usage WHERE plan_id = ${planId} AND person_id = ${personId}`,
  );
  for (const u of list) used[u.category] = Number(u.approved_fen);
  return used;
}

/** The one enrolment-window rule, for members enrolling themselves and officers enrolling a list; returns today. */
function enrolmentOpen(plan: { enrol_starts_on: string; enrol_ends_on: string }, now: Date): string {
  const today = todayIn(now);
  if (today < plan.enrol_starts_on || today > plan.enrol_ends_on)
    throw new AppError('ENROLMENT_CLOSED', `参保时间为 ${plan.enrol_starts_on} 至 ${plan.enrol_ends_on}`);
  return today;
}

/** Plans open to the union, each with the caller's enrolment and usage and the number enrolled. */
export async function plansWithEnrolment({ tx, union, caller }: RoleContext<'aid.plans'>) {
  const list = await plansFor(tx, union.path);
  const plans = [];
  for (const p of list) {
    const view = planView(p);
    const e = caller.personId ? await enrolmentOf(tx, p.id, caller.personId) : null;
    view.enrolled = e ? { enrolledOn: e.enrolled_on, usedFen: await usageOf(tx, p.id, caller.personId) } : null;
    const [n] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM aid_enrolments WHERE plan_id = ${p.id}`);
    view.enrolledCount = Number(n.n);
    plans.push(view);
  }
  return { plans };
}

/** The member enrols themselves, inside the enrolment window. */
export async function enrol({ tx, input, caller, union, now, audit }: RoleContext<'aid.enrol'>) {
  const plan = await loadPlan(tx, input.planId);
  if (!union.path.startsWith(plan.union_path)) throw new AppError('NOT_ELIGIBLE', '您所在工会不在该互助计划范围内');
  const today = enrolmentOpen(plan, now);
  const inserted = await rows(
    tx,
    sql`INSERT INTO aid_enrolments (plan_id, year, person_id, union_id, enrolled_on, contribution_fen, enrolled_by)
        VALUES (${plan.id}, ${plan.year}, ${caller.personId}, ${union.id}, ${today}, ${plan.contribution_fen}, ${caller.personId})
        ON CONFLICT DO NOTHING RETURNING id`,
  );
  if (inserted.length === 0) throw new AppError('ALREADY_ENROLLED', `您已参加 ${plan.year} 年度互助计划`);
  await audit({ action: 'aid.enrol', unionId: union.id, targetType: 'aid_plan', targetId: plan.id });
  const view = planView(plan);
  view.enrolled = { enrolledOn: today, usedFen: await usageOf(tx, plan.id, caller.personId) };
  return view;
}

/** Officers enrol a list of the union's active members. */
export async function enrolMembers({ tx, input, caller, union, now, audit }: RoleContext<'aid.enrolMembers'>) {
  const plan = await loadPlan(tx, input.planId);
  if (!union.path.startsWith(plan.union_path)) throw new AppError('NOT_ELIGIBLE', '本工会不在该互助计划范围内');
  enrolmentOpen(plan, now);
  const ids = [...new Set(input.personIds)];
  const active = await rows<{ person_id: string }>(
    tx,
    sql`SELECT person_id FROM members WHERE union_id = ${union.id} AND status = 'active' AND person_id IN ${uuidList(ids)}`,
  );
  if (active.length !== ids.length)
    throw new AppError('NOT_MEMBER', '名单中有人不是本工会在册会员', { personIds: '人员：含非本工会会员' });
  const inserted = await rows(
    tx,
    sql`INSERT INTO aid_enrolments (plan_id, year, person_id, union_id, enrolled_on, contribution_fen, enrolled_by)
        SELECT ${plan.id}, ${plan.year}, m.person_id, ${union.id}, ${todayIn(now)}, ${plan.contribution_fen}, ${caller.personId}
        FROM members m WHERE m.union_id = ${union.id} AND m.status = 'active' AND m.person_id IN ${uuidList(ids)}
        ON CONFLICT DO NOTHING RETURNING id`,
  );
  await audit({
    action: 'aid.enrolMembers',
    unionId: union.id,
    targetType: 'aid_plan',
    targetId: plan.id,
    detail: { enrolled: inserted.length },
  });
  return { enrolled: inserted.length, already: ids.length - inserted.length };
}

/** The union's active members, with whether each is enrolled in this plan or another of the same year. */
export async function enrolChoices({ tx, input, union }: RoleContext<'aid.enrolChoices'>) {
  const plan = await loadPlan(tx, input.planId);
  if (!union.path.startsWith(plan.union_path)) throw new AppError('NOT_ELIGIBLE', '本工会不在该互助计划范围内');
  const members = await rows<EnrolChoice>(
    tx,
    sql`SELECT m.person_id AS "personId", p.name, m.member_no AS "memberNo", (e.id IS NOT NULL) AS enrolled, op.name AS "otherPlan"
        FROM members m JOIN people p ON p.id = m.person_id
        LEFT JOIN aid_enrolments e ON e.plan_id = ${plan.id} AND e.person_id = m.person_id
        LEFT JOIN aid_enrolments oe ON oe.person_id = m.person_id AND oe.year = ${plan.year} AND oe.plan_id <> ${plan.id}
        LEFT JOIN aid_plans op ON op.id = oe.plan_id
        WHERE m.union_id = ${union.id} AND m.status = 'active' ORDER BY m.member_no`,
  );
  return { members: members.map((m) => ({ ...m, enrolled: Boolean(m.enrolled), otherPlan: m.otherPlan ?? null })) };
}

/** What an enrolled member would get for the amounts given, against what they have used this year. */
export async function estimate({ tx, input, caller }: RoleContext<'aid.estimate'>) {
  const plan = await loadPlan(tx, input.planId);
  const e = await enrolmentOf(tx, plan.id, caller.personId);
  if (!e) throw new AppError('NOT_ENROLLED', '您尚未参加该互助计划');
  const used = await usageOf(tx, plan.id, caller.personId);
  return benefit(plan.rules, formAmounts(input), used[input.category]);
}
