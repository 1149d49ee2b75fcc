import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { AppError, errors } from '../errors';
import type { AidCategory, Breakdown, ClaimDraftInput, ClaimStatus, HospitalLevel, PlanRules } from '@shared/contracts/aid';
import { BenefitInputError, calculateBenefit, type ClaimAmounts } from '@shared/domain/aid/benefit';

/** One aid_claims row as read by `claimColumns`; money in fen (bigint, so text). */
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

export const claimColumns = sql`c.id, c.claim_no, c.plan_id, c.plan_version_id, c.person_id, c.union_id, c.status, c.category, c.hospital,
  c.hospital_level, to_char(c.admitted_on, 'YYYY-MM-DD') AS admitted_on, to_char(c.discharged_on, 'YYYY-MM-DD') AS discharged_on,
  c.total_cost_fen, c.insurance_covered_fen, c.self_paid_fen, c.diagnosis, c.bank_name, c.bank_account_enc, c.bank_account_masked,
  c.claimed_fen, c.approved_fen, c.breakdown, c.needs_federation, c.return_reason, c.reject_reason, c.batch_id, c.submitted_at, c.updated_at`;

type DraftField = Exclude<keyof ClaimDraftInput, 'claimId' | 'planId'>;

/**
 * The one field↔column mapping of the claim form: each field of the draft (contract input) with the aid_claims
 * column that holds it and the label that names it when missing, in the order the form asks for them. The
 * money fields (`totalCost` …) carry fen; ClaimAmounts and ClaimDetail call them `…Fen` (see `amountsOf`).
 */
export const CLAIM_FIELDS = {
  category: { column: 'category', label: '类别' },
  hospital: { column: 'hospital', label: '医院' },
  hospitalLevel: { column: 'hospital_level', label: '医院等级' },
  admittedOn: { column: 'admitted_on', label: '入院日期' },
  dischargedOn: { column: 'discharged_on', label: '出院日期' },
  totalCost: { column: 'total_cost_fen', label: '总费用' },
  insuranceCovered: { column: 'insurance_covered_fen', label: '医保统筹支付' },
  selfPaid: { column: 'self_paid_fen', label: '个人自付' },
  diagnosis: { column: 'diagnosis', label: '诊断' },
  bankName: { column: 'bank_name', label: '开户行' },
  bankAccount: { column: 'bank_account_enc', label: '银行账号' },
} as const satisfies Record<DraftField, { column: keyof ClaimRow; label: string }>;

/** The form's amounts (fen) under their ClaimAmounts names. */
export function formAmounts(f: {
  category: AidCategory;
  hospitalLevel: HospitalLevel;
  totalCost: number;
  insuranceCovered: number;
  selfPaid: number;
}): ClaimAmounts {
  return {
    category: f.category,
    hospitalLevel: f.hospitalLevel,
    totalCostFen: f.totalCost,
    insuranceCoveredFen: f.insuranceCovered,
    selfPaidFen: f.selfPaid,
  };
}

/** A complete claim's amounts (checked on submit: none of them is null by then). */
export function amountsOf(c: ClaimRow): ClaimAmounts {
  return {
    category: c.category!,
    hospitalLevel: c.hospital_level!,
    totalCostFen: Number(c.total_cost_fen),
    insuranceCoveredFen: Number(c.insurance_covered_fen),
    selfPaidFen: Number(c.self_paid_fen),
  };
}

/** The shared calculation, with its input errors turned into errors on the form's fields. */
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

/** Owner-only actions: the caller must be the applicant (the role check already put them in the claim's union). */
export function ownClaim(claim: Pick<ClaimRow, 'person_id'>, personId: string | null) {
  if (claim.person_id !== personId) throw errors.forbidden();
}

export const isPayable = (c: Pick<ClaimRow, 'status' | 'needs_federation'>) =>
  c.status === 'federation_approved' || (c.status === 'officer_approved' && !c.needs_federation);
