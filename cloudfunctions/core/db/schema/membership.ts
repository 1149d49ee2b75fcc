/** Tables of the membership area (mirrors migrations/0101_membership.sql). */
import { pgTable, uuid, text, timestamp, integer, boolean, jsonb, bigint, primaryKey } from 'drizzle-orm/pg-core';

export const rosterImports = pgTable('roster_imports', {
  id: uuid('id').primaryKey().defaultRandom(),
  unionId: uuid('union_id').notNull(),
  createdBy: uuid('created_by').notNull(),
  fileName: text('file_name').notNull(),
  size: integer('size').notNull(),
  status: text('status', { enum: ['uploading', 'previewed', 'committed', 'cancelled'] })
    .notNull()
    .default('uploading'),
  totalRows: integer('total_rows').notNull().default(0),
  validRows: integer('valid_rows').notNull().default(0),
  insertedRows: integer('inserted_rows'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  previewedAt: timestamp('previewed_at', { withTimezone: true }),
  committedAt: timestamp('committed_at', { withTimezone: true }),
});

export const rosterImportChunks = pgTable(
  'roster_import_chunks',
  {
    importId: uuid('import_id').notNull(),
    seq: integer('seq').notNull(),
    bytes: integer('bytes').notNull(),
    data: text('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.seq] })],
);

export const rosterImportRows = pgTable(
  'roster_import_rows',
  {
    importId: uuid('import_id').notNull(),
    rowNo: integer('row_no').notNull(),
    name: text('name').notNull(),
    phoneHash: text('phone_hash'),
    phoneLast4: text('phone_last4'),
    idHash: text('id_hash'),
    idLast4: text('id_last4'),
    employeeNo: text('employee_no'),
    department: text('department'),
    valid: boolean('valid').notNull(),
    errors: jsonb('errors').notNull().default([]).$type<string[]>(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.rowNo] })],
);

export const rosterEntries = pgTable('roster_entries', {
  id: uuid('id').primaryKey().defaultRandom(),
  unionId: uuid('union_id').notNull(),
  importId: uuid('import_id'),
  name: text('name').notNull(),
  phoneHash: text('phone_hash'),
  phoneLast4: text('phone_last4'),
  idHash: text('id_hash'),
  idLast4: text('id_last4'),
  employeeNo: text('employee_no'),
  department: text('department'),
  matchedPersonId: uuid('matched_person_id'),
  matchedAt: timestamp('matched_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const invites = pgTable('invites', {
  id: uuid('id').primaryKey().defaultRandom(),
  unionId: uuid('union_id').notNull(),
  createdBy: uuid('created_by').notNull(),
  note: text('note'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  maxUses: integer('max_uses'),
  usedCount: integer('used_count').notNull().default(0),
  autoApprove: boolean('auto_approve').notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  revokedBy: uuid('revoked_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** The poster's mini-program code scene (`i=<scene>`, ≤ 32 characters); migration 0730_platform_setup.sql. */
  scene: text('scene'),
  /** 仅限本群: joins only through the WeCom group card it was shared as (migration 0932_invite_group_only.sql). */
  groupOnly: boolean('group_only').notNull().default(false),
  /** The group (opengid) bound by the first join through the card. */
  groupId: text('group_id'),
});

export const applications = pgTable('applications', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind', { enum: ['join', 'transfer'] })
    .notNull()
    .default('join'),
  unionId: uuid('union_id').notNull(),
  inviteId: uuid('invite_id'),
  personId: uuid('person_id').notNull(),
  memberId: uuid('member_id'),
  fromMemberId: uuid('from_member_id'),
  name: text('name').notNull(),
  phoneLast4: text('phone_last4'),
  idLast4: text('id_last4'),
  employeeNo: text('employee_no'),
  employer: text('employer'),
  match: text('match', { enum: ['union', 'platform', 'none'] }).notNull(),
  rosterEntryId: uuid('roster_entry_id'),
  status: text('status', { enum: ['pending', 'approved', 'rejected'] }).notNull(),
  decidedBy: uuid('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  rejectReason: text('reject_reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const identityAttempts = pgTable('identity_attempts', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  callerKey: text('caller_key').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  reason: text('reason').notNull(),
});
