import { sql } from 'drizzle-orm';
import type { RoleContext } from '../action';
import { rows, type Db } from '../db/client';
import { AppError, errors } from '../errors';
import type { PlanRules, PlanView } from '@shared/contracts/aid';
import { fieldLabels } from '@shared/contracts/labels';

// A plan (aid_plans) and its rules versions (aid_plan_versions): a change of rules is a new version, and a
// submitted claim stays pinned to the version it was filed under.

export interface PlanRow {
  id: string;
  union_id: string;
  union_name: string;
  union_path: string;
  year: number;
  name: string;
  enrol_starts_on: string;
  enrol_ends_on: string;
  contribution_fen: string | number;
  version_id: string;
  version: number;
  rules: PlanRules;
}

const planSelect = sql`
  SELECT p.id, p.union_id, u.short_name AS union_name, u.path AS union_path, p.year, p.name,
         to_char(p.enrol_starts_on, 'YYYY-MM-DD') AS enrol_starts_on, to_char(p.enrol_ends_on, 'YYYY-MM-DD') AS enrol_ends_on,
         p.contribution_fen, v.id AS version_id, v.version, v.rules
  FROM aid_plans p JOIN unions u ON u.id = p.union_id JOIN aid_plan_versions v ON v.id = p.current_version_id`;

export async function loadPlan(tx: Db, planId: string): Promise<PlanRow> {
  const [p] = await rows<PlanRow>(tx, sql`${planSelect} WHERE p.id = ${planId}`);
  if (!p) throw errors.notFound('互助计划');
  return p;
}

/** Plans run by the union itself, a federation above it, or (for federation views) a union below it. */
export async function plansFor(tx: Db, unionPath: string): Promise<PlanRow[]> {
  return rows<PlanRow>(
    tx,
    sql`${planSelect} WHERE ${unionPath} LIKE u.path || '%' OR u.path LIKE ${unionPath + '%'} ORDER BY p.year DESC, u.path`,
  );
}

/** The one place a plan row becomes its contract view. */
export function planView(p: PlanRow): PlanView {
  return {
    id: p.id,
    unionId: p.union_id,
    unionName: p.union_name,
    year: p.year,
    name: p.name,
    enrolStartsOn: p.enrol_starts_on,
    enrolEndsOn: p.enrol_ends_on,
    contributionFen: Number(p.contribution_fen),
    version: p.version,
    versionId: p.version_id,
    rules: p.rules,
  };
}

/**
 * JSON with keys sorted at every level and null/undefined members left out: jsonb keeps its own key order,
 * so the raw text of equal rules may differ (and an absent fixedFen means the same as a null one).
 */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] != null)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** The rules of one version, with its number and its plan's year. */
export async function rulesOfVersion(tx: Db, versionId: string) {
  const [v] = await rows<{ rules: PlanRules; plan_year: number; version: number }>(
    tx,
    sql`SELECT v.rules, v.version, p.year AS plan_year FROM aid_plan_versions v JOIN aid_plans p ON p.id = v.plan_id WHERE v.id = ${versionId}`,
  );
  return v;
}

/** Create the union's plan for a year, or change one: new rules make a new version. */
export async function savePlan({ tx, input, caller, now, audit }: RoleContext<'aid.savePlan'>) {
  if (input.enrolEndsOn < input.enrolStartsOn)
    throw new AppError('INVALID_INPUT', '参保截止日期不能早于开始日期', { enrolEndsOn: '参保截止日期：不能早于开始日期' });
  // enrolment for a plan year runs in that year or the one before it
  const [windowFrom, windowTo] = [`${input.year - 1}-01-01`, `${input.year}-12-31`];
  for (const f of ['enrolStartsOn', 'enrolEndsOn'] as const)
    if (input[f] < windowFrom || input[f] > windowTo)
      throw new AppError('INVALID_INPUT', `参保日期应在 ${windowFrom} 至 ${windowTo} 之间`, {
        [f]: `${fieldLabels[f]}：应在 ${windowFrom} 至 ${windowTo} 之间`,
      });
  let planId = input.planId;
  if (planId) {
    const [p] = await rows<{ union_id: string; year: number; current_version_id: string }>(
      tx,
      sql`SELECT union_id, year, current_version_id FROM aid_plans WHERE id = ${planId} FOR UPDATE`,
    );
    if (!p || p.union_id !== input.unionId) throw errors.notFound('互助计划');
    if (p.year !== input.year) throw new AppError('INVALID_INPUT', '计划年度不可修改', { year: '年度：不可修改' });
    await tx.execute(sql`UPDATE aid_plans SET name = ${input.name}, enrol_starts_on = ${input.enrolStartsOn},
      enrol_ends_on = ${input.enrolEndsOn}, contribution_fen = ${input.contributionFen} WHERE id = ${planId}`);
    const current = await rulesOfVersion(tx, p.current_version_id);
    if (canonicalJson(current.rules) !== canonicalJson(input.rules)) {
      const [v] = await rows<{ id: string; version: number }>(
        tx,
        sql`INSERT INTO aid_plan_versions (plan_id, version, rules, created_by, created_at)
            SELECT ${planId}, max(version) + 1, ${JSON.stringify(input.rules)}::jsonb, ${caller.personId}, ${now.toISOString()}
            FROM aid_plan_versions WHERE plan_id = ${planId} RETURNING id, version`,
      );
      await tx.execute(sql`UPDATE aid_plans SET current_version_id = ${v.id} WHERE id = ${planId}`);
    }
  } else {
    const [p] = await rows<{ id: string }>(
      tx,
      sql`INSERT INTO aid_plans (union_id, year, name, enrol_starts_on, enrol_ends_on, contribution_fen, created_at)
          VALUES (${input.unionId}, ${input.year}, ${input.name}, ${input.enrolStartsOn}, ${input.enrolEndsOn}, ${input.contributionFen}, ${now.toISOString()})
          ON CONFLICT (union_id, year) DO NOTHING RETURNING id`,
    );
    if (!p) throw new AppError('PLAN_EXISTS', `本工会 ${input.year} 年度已有互助计划，请修改原计划`);
    planId = p.id;
    const [v] = await rows<{ id: string }>(
      tx,
      sql`INSERT INTO aid_plan_versions (plan_id, version, rules, created_by, created_at)
          VALUES (${planId}, 1, ${JSON.stringify(input.rules)}::jsonb, ${caller.personId}, ${now.toISOString()}) RETURNING id`,
    );
    await tx.execute(sql`UPDATE aid_plans SET current_version_id = ${v.id} WHERE id = ${planId}`);
  }
  const plan = planView(await loadPlan(tx, planId));
  await audit({
    action: 'aid.savePlan',
    unionId: input.unionId,
    targetType: 'aid_plan',
    targetId: planId,
    detail: { version: plan.version },
  });
  return plan;
}
