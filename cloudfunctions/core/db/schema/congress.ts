import {
  customType,
  pgTable,
  uuid,
  text,
  timestamp,
  jsonb,
  integer,
  boolean,
  numeric,
  primaryKey,
  index,
} from 'drizzle-orm/pg-core';

/** Tables of the congress area (mirrors migrations/0301_congress.sql, 0302_congress_sealed_box.sql 0303_congress_end.sql and 0640_congress_receipts.sql). */

/** PostgreSQL bytea (drizzle-orm has no built-in column type for it). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const congresses = pgTable('congresses', {
  id: uuid('id').primaryKey().defaultRandom(),
  unionId: uuid('union_id').notNull(),
  title: text('title').notNull(),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  place: text('place'),
  online: boolean('online').notNull().default(true),
  streamUrl: text('stream_url'),
  documents: jsonb('documents').notNull().default([]).$type<{ title: string; url: string | null; body: string }[]>(),
  quorumNum: integer('quorum_num').notNull().default(2),
  quorumDen: integer('quorum_den').notNull().default(3),
  thresholdBase: text('threshold_base', { enum: ['entitled', 'present'] })
    .notNull()
    .default('entitled'),
  differentialRatioPct: numeric('differential_ratio_pct', { precision: 5, scale: 2 }).notNull().default('5'),
  delegatesSeeLiveCount: boolean('delegates_see_live_count').notNull().default(false),
  status: text('status', { enum: ['checkin', 'ended'] })
    .notNull()
    .default('checkin'),
  endedAt: timestamp('ended_at', { withTimezone: true }),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const congressDelegates = pgTable(
  'congress_delegates',
  {
    congressId: uuid('congress_id').notNull(),
    personId: uuid('person_id').notNull(),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.congressId, t.personId] })],
);

export const congressScrutineers = pgTable(
  'congress_scrutineers',
  {
    congressId: uuid('congress_id').notNull(),
    personId: uuid('person_id').notNull(),
    role: text('role', { enum: ['monitor', 'counter'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.congressId, t.personId] })],
);

export const congressVotes = pgTable('congress_votes', {
  id: uuid('id').primaryKey().defaultRandom(),
  congressId: uuid('congress_id').notNull(),
  position: integer('position').notNull(),
  round: integer('round').notNull().default(0),
  kind: text('kind', { enum: ['resolution', 'election'] }).notNull(),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  seats: integer('seats'),
  runoffOf: uuid('runoff_of'),
  status: text('status', { enum: ['pending', 'open', 'closed', 'published'] })
    .notNull()
    .default('pending'),
  openedAt: timestamp('opened_at', { withTimezone: true }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  result: jsonb('result'),
});

export const congressCandidates = pgTable('congress_candidates', {
  id: uuid('id').primaryKey().defaultRandom(),
  voteId: uuid('vote_id').notNull(),
  personId: uuid('person_id'),
  name: text('name').notNull(),
  photoUrl: text('photo_url'),
  cv: text('cv').notNull().default(''),
  sortKey: text('sort_key').notNull(),
});

export const congressTurnout = pgTable(
  'congress_turnout',
  { voteId: uuid('vote_id').notNull(), delegateId: uuid('delegate_id').notNull() },
  (t) => [primaryKey({ columns: [t.voteId, t.delegateId] })],
);

/** Sealed while the vote is open (migrations/0302): a random row id and a fixed-length ciphertext. */
export const congressBallotBox = pgTable(
  'congress_ballot_box',
  { voteId: uuid('vote_id').notNull(), id: uuid('id').notNull(), sealed: bytea('sealed').notNull() },
  (t) => [primaryKey({ columns: [t.voteId, t.id] })],
);

/** Counted ballots, written by the close in random order; no receipt code (migrations/0640). */
export const congressBallots = pgTable(
  'congress_ballots',
  { voteId: uuid('vote_id').notNull(), choices: jsonb('choices').notNull(), valid: boolean('valid').notNull() },
  (t) => [index('congress_ballots_vote').on(t.voteId)],
);

/** The published receipt list: code + fingerprint (选票指纹), in its own random order (migrations/0640). */
export const congressReceipts = pgTable(
  'congress_receipts',
  { voteId: uuid('vote_id').notNull(), receiptCode: text('receipt_code').notNull(), fingerprint: text('fingerprint') },
  (t) => [primaryKey({ columns: [t.voteId, t.receiptCode] })],
);
