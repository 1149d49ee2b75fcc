import { sql, type SQL } from 'drizzle-orm';
import type { RoleContext } from '../action';
import { rows, type Db } from '../db/client';
import { AppError } from '../errors';
import { shanghai } from '../clock';
import { claimStatusNames, type ClaimStatus } from '@shared/contracts/aid';
import { aidCategoryNames, yuan } from '@shared/domain/aid/benefit';
import { EDITABLE, todayIn } from './common';
import { CLAIM_FIELDS, amountsOf, benefit, ownClaim, type ClaimRow, loadClaim } from './claim-record';
import { loadPlan, rulesOfVersion } from './plans';
import { enrolmentOf, usageOf } from './enrolments';
import { claimDetail } from './views';
import { sealText } from './sealed-text';
import { SEALED_MEDICAL_COLUMNS } from './reseal';
import { encryptText, maskBankAccount } from './storage';

// A claim's life as the applicant sees it: the draft, its fields, the submission; every change of state goes
// through `transition` and leaves an event on the claim's timeline.

export async function recordEvent(
  tx: Db,
  e: { claimId: string; now: Date; actorId: string | null; from: ClaimStatus | null; to: ClaimStatus; note?: string | null },
) {
  await tx.execute(sql`INSERT INTO aid_claim_events (claim_id, at, actor_id, from_status, to_status, note)
    VALUES (${e.claimId}, ${e.now.toISOString()}, ${e.actorId}, ${e.from}, ${e.to}, ${e.note ?? null})`);
}

/** Move a claim from one of `from` to `to`, conditionally: a concurrent change makes this fail, not overwrite. */
export async function transition(
  tx: Db,
  claim: ClaimRow,
  from: ClaimStatus[],
  to: ClaimStatus,
  set: SQL,
  ctx: { now: Date; actorId: string | null; note?: string | null },
) {
  if (!from.includes(claim.status))
    throw new AppError('INVALID_STATE', `申请当前状态为「${claimStatusNames[claim.status]}」，不能进行此操作`);
  const res = await rows<{ id: string }>(
    tx,
    sql`UPDATE aid_claims SET status = ${to}, updated_at = ${ctx.now.toISOString()} ${set}
        WHERE id = ${claim.id} AND status = ${claim.status} RETURNING id`,
  );
  if (res.length !== 1) throw new AppError('INVALID_STATE', '申请状态已变化，请刷新后重试');
  await recordEvent(tx, { claimId: claim.id, now: ctx.now, actorId: ctx.actorId, from: claim.status, to, note: ctx.note });
}

/** Create the applicant's draft (when no claimId) and write the fields given; medical text and the bank account sealed. */
export async function saveDraft({ tx, input, caller, access, union, now, audit }: RoleContext<'aid.saveDraft'>) {
  const { claimId, planId, bankAccount, ...f } = input;
  let id = claimId;
  if (id) {
    const claim = await loadClaim(tx, id, true);
    ownClaim(claim, caller.personId);
    if (!EDITABLE.includes(claim.status)) throw new AppError('INVALID_STATE', '申请已提交，不能再修改');
    if (claim.plan_id !== planId) throw new AppError('INVALID_INPUT', '不能更换互助计划', { planId: '互助计划：不能更换' });
  } else {
    const e = await enrolmentOf(tx, planId, caller.personId);
    if (!e) throw new AppError('NOT_ENROLLED', '您尚未参加该互助计划，不能申请');
    const [plan] = await rows<{ year: number }>(tx, sql`SELECT year FROM aid_plans WHERE id = ${planId}`);
    const [c] = await rows<{ id: string }>(
      tx,
      sql`INSERT INTO aid_claims (claim_no, plan_id, person_id, union_id, status, created_at, updated_at)
          VALUES ('HZ' || ${plan.year} || '-' || nextval('aid_claim_no_seq'), ${planId}, ${caller.personId}, ${union.id}, 'draft',
                  ${now.toISOString()}, ${now.toISOString()}) RETURNING id`,
    );
    id = c.id;
    await recordEvent(tx, { claimId: id, now, actorId: caller.personId, from: null, to: 'draft', note: '创建申请草稿' });
    await audit({ action: 'aid.createDraft', unionId: union.id, targetType: 'aid_claim', targetId: id });
  }
  const sets = [];
  for (const [k, v] of Object.entries(f) as [Exclude<keyof typeof CLAIM_FIELDS, 'bankAccount'>, unknown][]) {
    if (v === undefined) continue;
    const { column } = CLAIM_FIELDS[k];
    // Medical free text is sealed at rest, like the bank account.
    const stored = (SEALED_MEDICAL_COLUMNS as readonly string[]).includes(column) ? await sealText(v as string | null) : v;
    sets.push(sql`${sql.identifier(column)} = ${stored}`);
  }
  if (bankAccount !== undefined) {
    sets.push(
      sql`bank_account_enc = ${await encryptText(bankAccount)}`,
      sql`bank_account_masked = ${maskBankAccount(bankAccount)}`,
    );
  }
  if (sets.length)
    await tx.execute(sql`UPDATE aid_claims SET ${sql.join(sets, sql`, `)}, updated_at = ${now.toISOString()} WHERE id = ${id}`);
  return claimDetail(tx, id, access, union);
}

/** Check the claim complete and within the plan's rules, compute the amount claimed and submit it. */
export async function submit({ tx, input, caller, access, union, now, audit }: RoleContext<'aid.submit'>) {
  const claim = await loadClaim(tx, input.claimId, true);
  ownClaim(claim, caller.personId);
  if (!EDITABLE.includes(claim.status))
    throw new AppError('INVALID_STATE', `申请当前状态为「${claimStatusNames[claim.status]}」，不能提交`);
  const missing: Record<string, string> = {};
  for (const [field, { column, label }] of Object.entries(CLAIM_FIELDS))
    if (claim[column] == null) missing[field] = `${label}：必填`;
  if (Object.keys(missing).length)
    throw new AppError(
      'INCOMPLETE',
      `请填写：${Object.values(missing)
        .map((m) => m.split('：')[0])
        .join('、')}`,
      missing,
    );
  const [inv] = await rows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM aid_attachments WHERE claim_id = ${claim.id} AND kind = 'invoice'`,
  );
  if (Number(inv.n) === 0) throw new AppError('INCOMPLETE', '请上传医疗费用发票', { attachments: '发票：至少上传一张' });
  const plan = await loadPlan(tx, claim.plan_id);
  // A returned claim is held to the rules version it was first filed under, not the plan's current one.
  const pinned = claim.plan_version_id ? await rulesOfVersion(tx, claim.plan_version_id) : null;
  const rules = pinned?.rules ?? plan.rules;
  const versionId = claim.plan_version_id ?? plan.version_id;
  const rule = rules.categories[claim.category!];
  if (!rule?.enabled) throw new AppError('INVALID_INPUT', '该互助计划不含此类别', { category: '类别：本计划不含此类别' });
  const today = todayIn(now);
  if (claim.discharged_on! < claim.admitted_on!)
    throw new AppError('INVALID_INPUT', '出院日期不能早于入院日期', { dischargedOn: '出院日期：不能早于入院日期' });
  if (claim.discharged_on! > today)
    throw new AppError('INVALID_INPUT', '出院日期不能晚于今天', { dischargedOn: '出院日期：不能晚于今天' });
  if (!claim.admitted_on!.startsWith(String(plan.year)))
    throw new AppError('OUT_OF_PLAN_YEAR', `就医日期不在 ${plan.year} 年度计划内`, {
      admittedOn: '入院日期：不在计划年度内',
    });
  const e = await enrolmentOf(tx, plan.id, claim.person_id);
  if (!e) throw new AppError('NOT_ENROLLED', '您尚未参加该互助计划');
  const waitingEnds = shanghai(`${e.enrolled_on}T00:00:00+08:00`).add(rule.waitingDays, 'day').format('YYYY-MM-DD');
  if (claim.admitted_on! < waitingEnds)
    throw new AppError(
      'WAITING_PERIOD',
      `${aidCategoryNames[claim.category!]}等待期至 ${waitingEnds}，此前发生的费用不在互助范围内`,
      { admittedOn: '入院日期：在等待期内' },
    );
  const used = await usageOf(tx, plan.id, claim.person_id);
  const b = benefit(rules, amountsOf(claim), used[claim.category!]);
  if (b.payableFen === 0)
    throw new AppError(
      b.remainingAnnualFen === 0 ? 'ANNUAL_CAP_REACHED' : 'NOTHING_PAYABLE',
      b.remainingAnnualFen === 0 ? '本类别年度互助额度已用完' : '按计划规则本次费用未达到起付线，无可申请的互助金',
    );
  await transition(
    tx,
    claim,
    EDITABLE,
    'submitted',
    sql`, plan_version_id = ${versionId}, claimed_fen = ${b.payableFen}, breakdown = ${JSON.stringify(b)}::jsonb,
        submitted_at = ${now.toISOString()}, return_reason = NULL`,
    { now, actorId: caller.personId, note: `申请互助金 ${yuan(b.payableFen)} 元` },
  );
  await audit({
    action: 'aid.submit',
    unionId: union.id,
    targetType: 'aid_claim',
    targetId: claim.id,
    detail: { claimedFen: b.payableFen, planVersion: pinned?.version ?? plan.version },
  });
  return claimDetail(tx, claim.id, access, union);
}
