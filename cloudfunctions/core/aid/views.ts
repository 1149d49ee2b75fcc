import { sql, type SQL } from 'drizzle-orm';
import { scopedUnion, type ActionContext, type RoleContext } from '../action';
import { rows, type Db } from '../db/client';
import { errors } from '../errors';
import type { Access } from '../auth/access';
import type { AidCategory, AttachmentKind, ClaimDetail, ClaimListItem, ClaimStatus, PlanRules } from '@shared/contracts/aid';
import type { aidCategoryNames } from '@shared/domain/aid/benefit';
import { EDITABLE, REVIEWERS, UNION_READERS, iso, num } from './common';
import { isPayable, loadClaim } from './claim-record';
import { decryptText, openText } from './sealed-text';

// Who sees which claims and which parts of them, and the one place claim rows become ClaimListItem / ClaimDetail.

/**
 * Only the applicant, the officers of the claim's union and federation admins above it; an unsubmitted
 * draft is the applicant's own.
 */
export function canSee(
  access: Access,
  claim: { person_id: string; status: ClaimStatus },
  union: { id: string; path: string },
): boolean {
  if (claim.person_id === access.personId) return true;
  if (claim.status === 'draft') return false;
  return access.can(UNION_READERS, union) || access.can(['federation_admin'], union);
}

/**
 * Who may read the medical side of a claim (diagnosis, hospital, discharge summary): the applicant, the
 * union's reviewers and the approvers above. Finance pays from the amount and the account and needs none of it.
 */
export function seesMedical(access: Access, claim: { person_id: string }, union: { id: string; path: string }): boolean {
  return claim.person_id === access.personId || access.can(REVIEWERS, union) || access.can(['federation_admin'], union);
}

/** Attachment kinds a viewer without medical access may open (the invoice is the payment voucher). */
export const NON_MEDICAL_KINDS: AttachmentKind[] = ['invoice'];

export async function listItems(tx: Db, where: SQL, limit = 200, offset = 0): Promise<ClaimListItem[]> {
  const list = await rows<{
    id: string;
    claim_no: string;
    applicant_name: string;
    union_name: string;
    category: AidCategory;
    status: ClaimStatus;
    claimed_fen: string | null;
    approved_fen: string | null;
    needs_federation: boolean;
    submitted_at: Date | string | null;
    updated_at: Date | string;
  }>(
    tx,
    sql`SELECT c.id, c.claim_no, p.name AS applicant_name, u.short_name AS union_name, c.category, c.status, c.claimed_fen,
               c.approved_fen, c.needs_federation, c.submitted_at, c.updated_at
        FROM aid_claims c JOIN people p ON p.id = c.person_id JOIN unions u ON u.id = c.union_id
        WHERE ${where} ORDER BY coalesce(c.submitted_at, c.updated_at) DESC, c.claim_no DESC LIMIT ${limit} OFFSET ${offset}`,
  );
  return list.map((c) => ({
    id: c.id,
    claimNo: c.claim_no,
    applicantName: c.applicant_name,
    unionName: c.union_name,
    category: c.category,
    status: c.status,
    claimedFen: num(c.claimed_fen),
    approvedFen: num(c.approved_fen),
    needsFederation: c.needs_federation,
    submittedAt: iso(c.submitted_at),
    updatedAt: iso(c.updated_at)!,
  }));
}

/** The full view of one claim for someone allowed to see it; the bank account in full only for finance. */
export async function claimDetail(
  tx: Db,
  claimId: string,
  access: Access,
  union: { id: string; path: string },
): Promise<ClaimDetail> {
  const c = await loadClaim(tx, claimId);
  const [item] = await listItems(tx, sql`c.id = ${claimId}`);
  const [meta] = await rows<{ plan_name: string; version: number | null; rules: PlanRules | null }>(
    tx,
    sql`SELECT p.name AS plan_name, v.version, v.rules FROM aid_plans p LEFT JOIN aid_plan_versions v ON v.id = ${c.plan_version_id} WHERE p.id = ${c.plan_id}`,
  );
  const attachments = await rows<{ id: string; kind: AttachmentKind; file_name: string; mime: string; size_bytes: number }>(
    tx,
    sql`SELECT id, kind, file_name, mime, size_bytes FROM aid_attachments WHERE claim_id = ${claimId} ORDER BY created_at, id`,
  );
  const timeline = await rows<{
    at: Date | string;
    actor_name: string | null;
    from_status: ClaimStatus | null;
    to_status: ClaimStatus;
    note: string | null;
  }>(
    tx,
    sql`SELECT e.at, p.name AS actor_name, e.from_status, e.to_status, e.note
        FROM aid_claim_events e LEFT JOIN people p ON p.id = e.actor_id WHERE e.claim_id = ${claimId} ORDER BY e.id`,
  );
  const isFinance = access.can(['finance'], union);
  const owner = c.person_id === access.personId;
  const medical = seesMedical(access, c, union);
  const shown = medical ? attachments : attachments.filter((a) => NON_MEDICAL_KINDS.includes(a.kind));
  return {
    ...item,
    planId: c.plan_id,
    planName: meta?.plan_name ?? '',
    planVersion: meta?.version ?? null,
    hospital: medical ? await openText(c.hospital) : null,
    hospitalLevel: c.hospital_level,
    admittedOn: c.admitted_on,
    dischargedOn: c.discharged_on,
    totalCostFen: num(c.total_cost_fen),
    insuranceCoveredFen: num(c.insurance_covered_fen),
    selfPaidFen: num(c.self_paid_fen),
    diagnosis: medical ? await openText(c.diagnosis) : null,
    medicalHidden: !medical,
    bankName: c.bank_name,
    bankAccount: isFinance && c.bank_account_enc ? await decryptText(c.bank_account_enc) : c.bank_account_masked,
    returnReason: c.return_reason,
    rejectReason: c.reject_reason,
    breakdown: c.breakdown,
    pinnedRules: meta?.rules ?? null,
    attachments: shown.map((a) => ({ id: a.id, kind: a.kind, fileName: a.file_name, mime: a.mime, size: Number(a.size_bytes) })),
    timeline: timeline.map((t) => ({
      at: iso(t.at)!,
      actorName: t.actor_name,
      fromStatus: t.from_status,
      toStatus: t.to_status,
      note: t.note,
    })),
    can: {
      edit: owner && EDITABLE.includes(c.status),
      review: !owner && c.status === 'submitted' && access.can(REVIEWERS, union),
      federationReview: c.status === 'officer_approved' && c.needs_federation && access.can(['federation_admin'], union),
      pay: isPayable(c) && isFinance,
    },
  };
}

/** The caller's own claims. */
export async function myClaims({ tx, caller }: ActionContext<'aid.myClaims'>) {
  if (!caller.personId) throw errors.unauthenticated();
  return { claims: await listItems(tx, sql`c.person_id = ${caller.personId}`) };
}

/** One claim for someone allowed to see it; a look by anyone but the applicant is audited. */
export async function viewClaim({ tx, input, access, audit, ...ctx }: ActionContext<'aid.claim', 'signedIn'>) {
  const union = scopedUnion(ctx.union);
  const claim = await loadClaim(tx, input.claimId);
  if (!canSee(access, claim, union)) throw errors.forbidden();
  if (claim.person_id !== access.personId)
    await audit({ action: 'aid.viewClaim', unionId: union.id, targetType: 'aid_claim', targetId: claim.id });
  return claimDetail(tx, claim.id, access, union);
}

/** Submitted claims of the union and the unions below it, a page at a time. */
export async function listClaims({ tx, input, union }: RoleContext<'aid.claims'>) {
  const where = sql`u.path LIKE ${union.path + '%'} AND c.status <> 'draft'
    ${input.status ? sql`AND c.status = ${input.status}` : sql``}
    ${input.awaitingFederation ? sql`AND c.status = 'officer_approved' AND c.needs_federation` : sql``}`;
  const [t] = await rows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM aid_claims c JOIN unions u ON u.id = c.union_id WHERE ${where}`,
  );
  return { claims: await listItems(tx, where, input.pageSize, (input.page - 1) * input.pageSize), total: Number(t.n) };
}

/** Claims of a year by month, category and status, with the amounts claimed and approved. */
export async function claimSummary({ tx, input, union }: RoleContext<'aid.summary'>) {
  const list = await rows<{
    month: string;
    category: keyof typeof aidCategoryNames;
    status: ClaimStatus;
    count: number;
    claimed_fen: string;
    approved_fen: string;
  }>(
    tx,
    sql`SELECT to_char(c.submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, c.category, c.status,
               count(*)::int AS count, coalesce(sum(c.claimed_fen), 0)::bigint AS claimed_fen, coalesce(sum(c.approved_fen), 0)::bigint AS approved_fen
        FROM aid_claims c JOIN unions u ON u.id = c.union_id
        WHERE u.path LIKE ${union.path + '%'} AND c.submitted_at IS NOT NULL
          AND to_char(c.submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY') = ${String(input.year)}
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  );
  return {
    rows: list.map((r) => ({
      month: r.month,
      category: r.category,
      status: r.status,
      count: Number(r.count),
      claimedFen: Number(r.claimed_fen),
      approvedFen: Number(r.approved_fen),
    })),
  };
}
