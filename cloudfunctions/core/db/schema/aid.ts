/** Tables of the aid area (mirrors migrations/0201_aid.sql and 0202_aid_uploads.sql). Queries in core/aid mostly use raw SQL for row locks. */
import { bigint, boolean, date, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const aidPlans = pgTable('aid_plans', {
  id: uuid('id').primaryKey().defaultRandom(),
  unionId: uuid('union_id').notNull(),
  year: integer('year').notNull(),
  name: text('name').notNull(),
  enrolStartsOn: date('enrol_starts_on').notNull(),
  enrolEndsOn: date('enrol_ends_on').notNull(),
  contributionFen: bigint('contribution_fen', { mode: 'number' }).notNull(),
  currentVersionId: uuid('current_version_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const aidPlanVersions = pgTable('aid_plan_versions', {
  id: uuid('id').primaryKey().defaultRandom(),
  planId: uuid('plan_id').notNull(),
  version: integer('version').notNull(),
  rules: jsonb('rules').notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const aidEnrolments = pgTable('aid_enrolments', {
  id: uuid('id').primaryKey().defaultRandom(),
  planId: uuid('plan_id').notNull(),
  year: integer('year').notNull(),
  personId: uuid('person_id').notNull(),
  unionId: uuid('union_id').notNull(),
  enrolledOn: date('enrolled_on').notNull(),
  contributionFen: bigint('contribution_fen', { mode: 'number' }).notNull(),
  enrolledBy: uuid('enrolled_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const aidClaims = pgTable('aid_claims', {
  id: uuid('id').primaryKey().defaultRandom(),
  claimNo: text('claim_no').notNull(),
  planId: uuid('plan_id').notNull(),
  planVersionId: uuid('plan_version_id'),
  personId: uuid('person_id').notNull(),
  unionId: uuid('union_id').notNull(),
  status: text('status').notNull().default('draft'),
  category: text('category'),
  hospital: text('hospital'),
  hospitalLevel: text('hospital_level'),
  admittedOn: date('admitted_on'),
  dischargedOn: date('discharged_on'),
  totalCostFen: bigint('total_cost_fen', { mode: 'number' }),
  insuranceCoveredFen: bigint('insurance_covered_fen', { mode: 'number' }),
  selfPaidFen: bigint('self_paid_fen', { mode: 'number' }),
  diagnosis: text('diagnosis'),
  bankName: text('bank_name'),
  bankAccountEnc: text('bank_account_enc'),
  bankAccountMasked: text('bank_account_masked'),
  claimedFen: bigint('claimed_fen', { mode: 'number' }),
  approvedFen: bigint('approved_fen', { mode: 'number' }),
  breakdown: jsonb('breakdown'),
  needsFederation: boolean('needs_federation').notNull().default(false),
  returnReason: text('return_reason'),
  rejectReason: text('reject_reason'),
  batchId: uuid('batch_id'),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
  paidAt: timestamp('paid_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const aidUsage = pgTable(
  'aid_usage',
  {
    planId: uuid('plan_id').notNull(),
    personId: uuid('person_id').notNull(),
    category: text('category').notNull(),
    approvedFen: bigint('approved_fen', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.planId, t.personId, t.category] })],
);

export const aidAttachments = pgTable('aid_attachments', {
  id: uuid('id').primaryKey().defaultRandom(),
  claimId: uuid('claim_id').notNull(),
  kind: text('kind').notNull(),
  fileName: text('file_name').notNull(),
  mime: text('mime').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  sha256: text('sha256').notNull(),
  storageKey: text('storage_key').notNull(),
  uploadedBy: uuid('uploaded_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const aidClaimEvents = pgTable('aid_claim_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  claimId: uuid('claim_id').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  actorId: uuid('actor_id'),
  fromStatus: text('from_status'),
  toStatus: text('to_status').notNull(),
  note: text('note'),
});

export const aidPayoutBatches = pgTable('aid_payout_batches', {
  id: uuid('id').primaryKey().defaultRandom(),
  batchNo: text('batch_no').notNull(),
  unionId: uuid('union_id').notNull(),
  claimCount: integer('claim_count').notNull(),
  totalFen: bigint('total_fen', { mode: 'number' }).notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  bankPaidOn: date('bank_paid_on'),
  bankReference: text('bank_reference'),
  confirmedBy: uuid('confirmed_by'),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
});

export const aidUploads = pgTable('aid_uploads', {
  id: uuid('id').primaryKey().defaultRandom(),
  claimId: uuid('claim_id').notNull(),
  personId: uuid('person_id').notNull(),
  kind: text('kind').notNull(),
  fileName: text('file_name').notNull(),
  size: integer('size').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const aidUploadChunks = pgTable(
  'aid_upload_chunks',
  {
    uploadId: uuid('upload_id').notNull(),
    seq: integer('seq').notNull(),
    bytes: integer('bytes').notNull(),
    data: text('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.uploadId, t.seq] })],
);
