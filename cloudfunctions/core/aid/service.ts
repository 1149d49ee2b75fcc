import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { AppError, errors } from '../errors';
import type { Access } from '../auth/access';
import { shanghai } from '../clock';
import {
  claimStatusNames,
  type AidCategory,
  type AttachmentKind,
  type Breakdown,
  type ClaimDetail,
  type ClaimListItem,
  type ClaimStatus,
  type HospitalLevel,
  type PlanRules,
  type PlanView,
} from '../../../src/contracts/aid';
import { aidCategories, BenefitInputError, calculateBenefit, type ClaimAmounts } from '../../../src/domain/aid/benefit';
import { decryptText, openText } from './sealed-text';

/** Grassroots officers who review claims; finance pays; all three may read them. */
export const REVIEWERS = ['chair', 'vice_chair'] as const;
export const UNION_READERS = ['chair', 'vice_chair', 'finance'] as const;

/** States in which the applicant may still change a claim and its material. */
export const EDITABLE: ClaimStatus[] = ['draft', 'returned'];

export const todayIn = (now: Date) => shanghai(now).format('YYYY-MM-DD');
export const uuidList = (ids: string[]): SQL =>
  sql`(${sql.join(
    ids.map((i) => sql`${i}::uuid`),
    sql`, `,
  )})`;

// ---- plans ----------------------------------------------------------------------------------

interface PlanRow {
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

/** The shared calculation, with its input errors turned into field errors. */
export function benefit(rules: PlanRules, amounts: ClaimAmounts, usedFen: number): Breakdown {
  try {
    return calculateBenefit(rules, amounts, usedFen);
  } catch (e) {
    if (e instanceof BenefitInputError) {
      const field = e.field.replace(/Fen$/, '');
      throw new AppError('INVALID_INPUT', e.message, { [field]: e.message });
    }
    throw e;
  }
}

// ---- claims -------------------------------------------------------------------------------------

export interface ClaimRow {
  id: string;
  claim_no: string;
  plan_id: string;
  plan_version_id: string | null;
  person_id: string;
  union_id: string;
  status: ClaimStatus;
  category: AidCategory | null;
  hospital: string | null;
  hospital_level: HospitalLevel | null;
  admitted_on: string | null;
  discharged_on: string | null;
  total_cost_fen: string | null;
  insurance_covered_fen: string | null;
  self_paid_fen: string | null;
  /** sealed (sealed-text.ts); open with openText, only for those who see the medical side */
  diagnosis: string | null;
  bank_name: string | null;
  bank_account_enc: string | null;
  bank_account_masked: string | null;
  claimed_fen: string | null;
  approved_fen: string | null;
  breakdown: Breakdown | null;
  needs_federation: boolean;
  return_reason: string | null;
  reject_reason: string | null;
  batch_id: string | null;
  submitted_at: Date | string | null;
  updated_at: Date | string;
}

const claimColumns = sql`c.id, c.claim_no, c.plan_id, c.plan_version_id, c.person_id, c.union_id, c.status, c.category, c.hospital,
  c.hospital_level, to_char(c.admitted_on, 'YYYY-MM-DD') AS admitted_on, to_char(c.discharged_on, 'YYYY-MM-DD') AS discharged_on,
  c.total_cost_fen, c.insurance_covered_fen, c.self_paid_fen, c.diagnosis, c.bank_name, c.bank_account_enc, c.bank_account_masked,
  c.claimed_fen, c.approved_fen, c.breakdown, c.needs_federation, c.return_reason, c.reject_reason, c.batch_id, c.submitted_at, c.updated_at`;

/** One claim; `lock` takes the row lock that serializes every transition of this claim. */
export async function loadClaim(tx: Db, claimId: string, lock = false): Promise<ClaimRow> {
  const [c] = await rows<ClaimRow>(
    tx,
    sql`SELECT ${claimColumns} FROM aid_claims c WHERE c.id = ${claimId} ${lock ? sql`FOR UPDATE` : sql``}`,
  );
  if (!c) throw errors.notFound('互助金申请');
  return c;
}

export async function claimUnion(tx: Db, claimId: string): Promise<string> {
  const [c] = await rows<{ union_id: string }>(tx, sql`SELECT union_id FROM aid_claims WHERE id = ${claimId}`);
  if (!c) throw errors.notFound('互助金申请');
  return c.union_id;
}

export async function attachmentClaim(tx: Db, attachmentId: string) {
  const [a] = await rows<{
    claim_id: string;
    kind: AttachmentKind;
    storage_key: string;
    mime: string;
    file_name: string;
    union_id: string;
  }>(
    tx,
    sql`SELECT a.claim_id, a.kind, a.storage_key, a.mime, a.file_name, c.union_id FROM aid_attachments a JOIN aid_claims c ON c.id = a.claim_id WHERE a.id = ${attachmentId}`,
  );
  if (!a) throw errors.notFound('附件');
  return a;
}

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

export const isPayable = (c: Pick<ClaimRow, 'status' | 'needs_federation'>) =>
  c.status === 'federation_approved' || (c.status === 'officer_approved' && !c.needs_federation);

export const num = (v: string | number | null) => (v === null ? null : Number(v));
const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

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
      edit: owner && (c.status === 'draft' || c.status === 'returned'),
      review: !owner && c.status === 'submitted' && access.can(REVIEWERS, union),
      federationReview: c.status === 'officer_approved' && c.needs_federation && access.can(['federation_admin'], union),
      pay: isPayable(c) && isFinance,
    },
  };
}
