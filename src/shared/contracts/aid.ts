import { z } from 'zod';
import { contract } from './contract';
import { fen, id, isoDate } from './common';
import {
  aidCategories,
  hospitalLevels,
  type AidCategory,
  type Breakdown,
  type HospitalLevel,
  type PlanRules,
} from '../domain/aid/benefit';

export { aidCategories, aidCategoryNames, hospitalLevels, hospitalLevelNames } from '../domain/aid/benefit';
export type { AidCategory, Breakdown, BreakdownLine, HospitalLevel, PlanRules, CategoryRule } from '../domain/aid/benefit';

/** Claim states; the server enforces the transitions (see cloudfunctions/core/aid/claims.ts). */
export const claimStatuses = [
  'draft',
  'submitted',
  'returned',
  'officer_approved',
  'federation_approved',
  'paying',
  'paid',
  'rejected',
] as const;
export type ClaimStatus = (typeof claimStatuses)[number];
export const claimStatusNames: Record<ClaimStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  returned: '退回补充材料',
  officer_approved: '工会已审核',
  federation_approved: '总工会已审批',
  paying: '发放中',
  paid: '已发放',
  rejected: '未通过',
};
export const attachmentKinds = ['invoice', 'discharge_summary', 'other'] as const;
export type AttachmentKind = (typeof attachmentKinds)[number];
export const attachmentKindNames: Record<AttachmentKind, string> = {
  invoice: '发票',
  discharge_summary: '出院小结',
  other: '其他材料',
};

/** Decoded bytes per upload call: base64 of this plus JSON fits the 256 KB gateway limit. */
export const MAX_ATTACHMENT_BYTES = 180 * 1024;
/**
 * A file the mini-program put in CloudBase storage itself, or one H5 sends in pieces (aid.startUpload …
 * aid.finishUpload): scans of several pages fit.
 */
export const MAX_CLOUD_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Decoded bytes per piece of a chunked upload (base64 of this plus JSON fits the 256 KB payload limit). */
export const ATTACHMENT_CHUNK_BYTES = MAX_ATTACHMENT_BYTES;
const chunkData = z
  .string()
  .min(4)
  .max(Math.ceil(ATTACHMENT_CHUNK_BYTES / 3) * 4)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, '应为 base64 内容');
export const MAX_ATTACHMENTS_PER_CLAIM = 12;

const category = z.enum(aidCategories);
const hospitalLevel = z.enum(hospitalLevels);
const ratioBp = z.number().int('比例必须是整数（万分比）').min(0, '不能小于 0%').max(10000, '不能超过 100%');
const categoryRule = z
  .object({
    enabled: z.boolean(),
    deductibleFen: fen,
    ratioBp: z.object({ '1': ratioBp, '2': ratioBp, '3': ratioBp }).strict(),
    fixedFen: fen.nullable().optional(),
    perClaimCapFen: fen,
    annualCapFen: fen,
    waitingDays: z.number().int().min(0).max(365),
  })
  .strict();
export const planRulesSchema = z
  .object({
    federationThresholdFen: fen,
    categories: z
      .object(Object.fromEntries(aidCategories.map((c) => [c, categoryRule])) as Record<AidCategory, typeof categoryRule>)
      .strict(),
  })
  .strict();

const text = (max: number) => z.string().trim().min(1).max(max);
/** Digits only, 12–30 (spaces allowed while typing, removed here). */
const bankAccount = z
  .string()
  .transform((s) => s.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{12,30}$/, '银行卡号应为 12-30 位数字'));

export interface PlanView {
  id: string;
  unionId: string;
  unionName: string;
  year: number;
  name: string;
  enrolStartsOn: string;
  enrolEndsOn: string;
  contributionFen: number;
  version: number;
  versionId: string;
  rules: PlanRules;
  /** For the caller (member views only). */
  enrolled?: { enrolledOn: string; usedFen: Record<AidCategory, number> } | null;
  enrolledCount?: number;
}

/** An active member of a union, for an officer enrolling a list into a plan. */
export interface EnrolChoice {
  personId: string;
  name: string;
  memberNo: string;
  enrolled: boolean;
  /** Name of another plan of the same year the member is already in (one plan per member per year). */
  otherPlan: string | null;
}

export interface ClaimListItem {
  id: string;
  claimNo: string;
  applicantName: string;
  unionName: string;
  /** null only on an unfinished draft. */
  category: AidCategory | null;
  status: ClaimStatus;
  claimedFen: number | null;
  approvedFen: number | null;
  needsFederation: boolean;
  submittedAt: string | null;
  updatedAt: string;
}

export interface AttachmentView {
  id: string;
  kind: AttachmentKind;
  fileName: string;
  mime: string;
  size: number;
}

export interface TimelineEntry {
  at: string;
  actorName: string | null;
  fromStatus: ClaimStatus | null;
  toStatus: ClaimStatus;
  note: string | null;
}

export interface ClaimDetail extends ClaimListItem {
  planId: string;
  planName: string;
  planVersion: number | null;
  hospital: string | null;
  hospitalLevel: HospitalLevel | null;
  admittedOn: string | null;
  dischargedOn: string | null;
  totalCostFen: number | null;
  insuranceCoveredFen: number | null;
  selfPaidFen: number | null;
  diagnosis: string | null;
  /** True when the caller (finance) is not shown the medical side: diagnosis, hospital, discharge summary. */
  medicalHidden: boolean;
  bankName: string | null;
  /** Masked (6222 **** **** 1234) except for the union's finance officer. */
  bankAccount: string | null;
  returnReason: string | null;
  rejectReason: string | null;
  breakdown: Breakdown | null;
  /** The rules the claim is held to once first submitted (a returned claim keeps them); null on a new draft. */
  pinnedRules: PlanRules | null;
  attachments: AttachmentView[];
  timeline: TimelineEntry[];
  /** What the caller may do now. */
  can: { edit: boolean; review: boolean; federationReview: boolean; pay: boolean };
}

export interface SummaryRow {
  month: string;
  category: AidCategory;
  status: ClaimStatus;
  count: number;
  claimedFen: number;
  approvedFen: number;
}

export interface BatchView {
  id: string;
  batchNo: string;
  unionId: string;
  count: number;
  totalFen: number;
  createdAt: string;
  /** The bank's confirmation (回单): null while the batch is 发放中. */
  bankPaidOn: string | null;
  bankReference: string | null;
}

const draftFields = {
  category: category.optional(),
  hospital: text(80).optional(),
  hospitalLevel: hospitalLevel.optional(),
  admittedOn: isoDate.optional(),
  dischargedOn: isoDate.optional(),
  totalCost: fen.optional(),
  insuranceCovered: fen.optional(),
  selfPaid: fen.optional(),
  diagnosis: text(200).optional(),
  bankName: text(60).optional(),
  bankAccount: bankAccount.optional(),
};

export const aidContracts = {
  /** Plans open to a union's members (its own and those of federations above it). */
  'aid.plans': contract<{ plans: PlanView[] }>()(z.object({ unionId: id.optional() }).strict()),
  'aid.savePlan': contract<PlanView>()(
    z
      .object({
        planId: id.optional(),
        unionId: id,
        year: z.number().int().min(2000).max(2100),
        name: text(60),
        enrolStartsOn: isoDate,
        enrolEndsOn: isoDate,
        contributionFen: fen,
        rules: planRulesSchema,
      })
      .strict(),
  ),
  'aid.enrol': contract<PlanView>()(z.object({ planId: id }).strict()),
  'aid.enrolMembers': contract<{ enrolled: number; already: number }>()(
    z.object({ planId: id, unionId: id, personIds: z.array(id).min(1).max(500) }).strict(),
  ),
  /** The union's active members and whether each is enrolled in the plan (names and member numbers only). */
  'aid.enrolChoices': contract<{ members: EnrolChoice[] }>()(z.object({ planId: id, unionId: id }).strict()),
  'aid.saveDraft': contract<ClaimDetail>()(z.object({ claimId: id.optional(), planId: id, ...draftFields }).strict()),
  'aid.estimate': contract<Breakdown>()(
    z.object({ planId: id, category, hospitalLevel, totalCost: fen, insuranceCovered: fen, selfPaid: fen }).strict(),
  ),
  'aid.uploadAttachment': contract<AttachmentView>()(
    z
      .object({
        claimId: id,
        kind: z.enum(attachmentKinds),
        fileName: text(100),
        /** Local / H5: the file itself, base64 (≤ 180 KB decoded). */
        contentBase64: z
          .string()
          .max(256 * 1024)
          .optional(),
        /** CloudBase: a fileID from Taro.cloud.uploadFile; the server checks its content the same way. */
        cloudFileId: z.string().max(300).optional(),
      })
      .strict()
      .refine((v) => (v.contentBase64 ? 1 : 0) + (v.cloudFileId ? 1 : 0) === 1, {
        message: '请上传一个文件',
        path: ['contentBase64'],
      }),
  ),
  /**
   * A file larger than one call carries (H5): the first piece opens a pending upload (its content type is
   * checked there), the rest follow in order, finishUpload assembles and checks the whole, then stores it.
   */
  'aid.startUpload': contract<{ uploadId: string; chunkBytes: number; received: number }>()(
    z
      .object({ claimId: id, kind: z.enum(attachmentKinds), fileName: text(100), size: z.number().int().min(1), data: chunkData })
      .strict(),
  ),
  'aid.uploadChunk': contract<{ received: number; size: number }>()(
    z.object({ uploadId: id, seq: z.number().int().min(1).max(1000), data: chunkData }).strict(),
  ),
  'aid.finishUpload': contract<AttachmentView>()(z.object({ uploadId: id }).strict()),
  'aid.cancelUpload': contract<{ cancelled: true }>()(z.object({ uploadId: id }).strict()),
  'aid.removeAttachment': contract<{ removed: true }>()(z.object({ attachmentId: id }).strict()),
  'aid.attachmentUrl': contract<{ url: string; expiresAt: string }>()(z.object({ attachmentId: id }).strict()),
  'aid.submit': contract<ClaimDetail>()(z.object({ claimId: id }).strict()),
  'aid.myClaims': contract<{ claims: ClaimListItem[] }>()(z.object({}).strict()),
  'aid.claim': contract<ClaimDetail>()(z.object({ claimId: id }).strict()),
  /** Claims of a union (or a federation's subtree); never medical fields. */
  'aid.claims': contract<{ claims: ClaimListItem[]; total: number }>()(
    z
      .object({
        unionId: id,
        status: z.enum(claimStatuses).optional(),
        awaitingFederation: z.boolean().optional(),
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(1).max(100).default(20),
      })
      .strict(),
  ),
  'aid.review': contract<ClaimDetail>()(
    z
      .object({ claimId: id, decision: z.enum(['approve', 'return', 'reject']), reason: z.string().trim().max(200).optional() })
      .strict()
      .refine((v) => v.decision === 'approve' || (v.reason && v.reason.length > 0), {
        message: '退回或不通过时请填写原因',
        path: ['reason'],
      }),
  ),
  'aid.federationReview': contract<ClaimDetail>()(
    z
      .object({ claimId: id, decision: z.enum(['approve', 'reject']), reason: z.string().trim().max(200).optional() })
      .strict()
      .refine((v) => v.decision === 'approve' || (v.reason && v.reason.length > 0), {
        message: '不通过时请填写原因',
        path: ['reason'],
      }),
  ),
  'aid.pay': contract<BatchView>()(z.object({ unionId: id, claimIds: z.array(id).min(1).max(200) }).strict()),
  'aid.confirmBatchPaid': contract<BatchView>()(
    z.object({ batchId: id, paidOn: isoDate, bankReference: z.string().trim().min(1).max(60) }).strict(),
  ),
  'aid.batches': contract<{ batches: BatchView[] }>()(z.object({ unionId: id }).strict()),
  'aid.exportBatch': contract<{ fileName: string; contentBase64: string }>()(z.object({ batchId: id }).strict()),
  'aid.summary': contract<{ rows: SummaryRow[] }>()(
    z.object({ unionId: id, year: z.number().int().min(2000).max(2100) }).strict(),
  ),
};

export type ClaimDraftInput = z.input<(typeof aidContracts)['aid.saveDraft']['input']>;
export type { HospitalLevel as AidHospitalLevel };
