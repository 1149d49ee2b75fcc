import { sql } from 'drizzle-orm';
import type { RoleContext } from '../action';
import { rows } from '../db/client';
import { AppError } from '../errors';
import { claimStatusNames } from '@shared/contracts/aid';
import { yuan } from '@shared/domain/aid/benefit';
import { amountsOf, benefit, loadClaim } from './claim-record';
import { transition } from './claims';
import { noticeApproved, noticeRejected, noticeReturned } from './notify';
import { rulesOfVersion } from './plans';
import { claimDetail } from './views';

// The officers' side of a claim: the union's review (which books the approved amount against the member's
// annual limit) and, above a plan's threshold, the federation's.

/** Return, reject or approve a submitted claim; approval books the amount under the row lock of the member's usage. */
export async function review({ tx, input, caller, access, union, now, audit }: RoleContext<'aid.review'>) {
  const claim = await loadClaim(tx, input.claimId, true);
  if (claim.person_id === caller.personId) throw new AppError('SELF_REVIEW', '不能审核本人的申请');
  if (claim.status !== 'submitted')
    throw new AppError('INVALID_STATE', `申请当前状态为「${claimStatusNames[claim.status]}」，不能审核`);
  const actor = { now, actorId: caller.personId };
  const subject = { claimId: claim.id, personId: claim.person_id, claimNo: claim.claim_no, unionId: claim.union_id };
  if (input.decision === 'return') {
    await transition(tx, claim, ['submitted'], 'returned', sql`, return_reason = ${input.reason}`, {
      ...actor,
      note: input.reason,
    });
    await noticeReturned(tx, subject, input.reason ?? '');
  } else if (input.decision === 'reject') {
    await transition(tx, claim, ['submitted'], 'rejected', sql`, reject_reason = ${input.reason}`, {
      ...actor,
      note: input.reason,
    });
    await noticeRejected(tx, subject, input.reason ?? '');
  } else {
    // The annual limit: lock this member's usage row for the category, recompute against what is left, book it.
    const version = await rulesOfVersion(tx, claim.plan_version_id!);
    await tx.execute(sql`INSERT INTO aid_usage (plan_id, person_id, category, approved_fen)
      VALUES (${claim.plan_id}, ${claim.person_id}, ${claim.category}, 0) ON CONFLICT DO NOTHING`);
    const [u] = await rows<{ approved_fen: string }>(
      tx,
      sql`SELECT approved_fen FROM aid_usage WHERE plan_id = ${claim.plan_id} AND person_id = ${claim.person_id} AND category = ${claim.category} FOR UPDATE`,
    );
    const b = benefit(version.rules, amountsOf(claim), Number(u.approved_fen));
    if (b.payableFen === 0) throw new AppError('ANNUAL_CAP_REACHED', '该会员本类别年度互助额度已用完，请作不通过处理');
    const cap = version.rules.categories[claim.category!].annualCapFen;
    const booked = await rows(
      tx,
      sql`UPDATE aid_usage SET approved_fen = approved_fen + ${b.payableFen}
          WHERE plan_id = ${claim.plan_id} AND person_id = ${claim.person_id} AND category = ${claim.category}
            AND approved_fen + ${b.payableFen} <= ${cap} RETURNING approved_fen`,
    );
    if (booked.length !== 1) throw new AppError('ANNUAL_CAP_REACHED', '年度互助额度已变化，请刷新后重试');
    const needsFederation = b.payableFen > version.rules.federationThresholdFen;
    await transition(
      tx,
      claim,
      ['submitted'],
      'officer_approved',
      sql`, approved_fen = ${b.payableFen}, breakdown = ${JSON.stringify(b)}::jsonb, needs_federation = ${needsFederation}`,
      {
        ...actor,
        note: `核定互助金 ${yuan(b.payableFen)} 元${needsFederation ? '，报上级总工会审批' : ''}${input.reason ? `；${input.reason}` : ''}`,
      },
    );
    await noticeApproved(tx, subject, b.payableFen, needsFederation);
  }
  await audit({
    action: `aid.review.${input.decision}`,
    unionId: union.id,
    targetType: 'aid_claim',
    targetId: claim.id,
    detail: { reason: input.reason ?? null },
  });
  return claimDetail(tx, claim.id, access, union);
}

/** The federation approves a claim above the threshold, or rejects it and gives the booked amount back. */
export async function federationReview({ tx, input, caller, access, union, now, audit }: RoleContext<'aid.federationReview'>) {
  const claim = await loadClaim(tx, input.claimId, true);
  if (claim.status !== 'officer_approved' || !claim.needs_federation)
    throw new AppError(
      'INVALID_STATE',
      claim.status === 'officer_approved'
        ? '该申请无需总工会审批'
        : `申请当前状态为「${claimStatusNames[claim.status]}」，不能审批`,
    );
  const subject = { claimId: claim.id, personId: claim.person_id, claimNo: claim.claim_no, unionId: claim.union_id };
  if (input.decision === 'approve') {
    await transition(tx, claim, ['officer_approved'], 'federation_approved', sql``, {
      now,
      actorId: caller.personId,
      note: input.reason ?? '总工会审批同意',
    });
    await noticeApproved(tx, subject, Number(claim.approved_fen), false);
  } else {
    await transition(tx, claim, ['officer_approved'], 'rejected', sql`, reject_reason = ${input.reason}`, {
      now,
      actorId: caller.personId,
      note: input.reason,
    });
    await noticeRejected(tx, subject, input.reason ?? '');
    // Give the booked amount back to the member's annual limit.
    await tx.execute(sql`UPDATE aid_usage SET approved_fen = approved_fen - ${claim.approved_fen}
      WHERE plan_id = ${claim.plan_id} AND person_id = ${claim.person_id} AND category = ${claim.category}`);
  }
  await audit({
    action: `aid.federationReview.${input.decision}`,
    unionId: union.id,
    targetType: 'aid_claim',
    targetId: claim.id,
    detail: { reason: input.reason ?? null },
  });
  return claimDetail(tx, claim.id, access, union);
}
