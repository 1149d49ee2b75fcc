import { pgTable, uuid, text, timestamp, integer, boolean, jsonb, bigint, primaryKey } from 'drizzle-orm/pg-core';

/**
 * Tables of the 普惠 area (mirrors migrations/0850_perks_points_coupons.sql, 0851_perks_activities.sql and 0930_activity_quotas.sql).
 * The ledger and the coupon rush are written by SQL functions (points_post_v1, coupon_grab_v1); these mirror them.
 */
export const pointsEntries = pgTable('points_entries', {
  id: uuid('id').primaryKey().defaultRandom(),
  personId: uuid('person_id').notNull(),
  unionId: uuid('union_id').notNull(),
  delta: integer('delta').notNull(),
  kind: text('kind', { enum: ['grant', 'checkin', 'coupon', 'expiry'] }).notNull(),
  reason: text('reason').notNull(),
  actorId: uuid('actor_id'),
  requestKey: text('request_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const pointsBalances = pgTable('points_balances', {
  personId: uuid('person_id').primaryKey(),
  balance: integer('balance').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const couponBatches = pgTable('coupon_batches', {
  id: uuid('id').primaryKey().defaultRandom(),
  unionId: uuid('union_id').notNull(),
  eligibleUnionId: uuid('eligible_union_id'),
  title: text('title').notNull(),
  description: text('description'),
  merchant: text('merchant'),
  total: integer('total').notNull(),
  perPerson: integer('per_person').notNull(),
  pricePoints: integer('price_points').notNull().default(0),
  buckets: integer('buckets').notNull(),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }),
  validUntil: timestamp('valid_until', { withTimezone: true }),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const couponStock = pgTable(
  'coupon_stock',
  {
    batchId: uuid('batch_id').notNull(),
    bucket: integer('bucket').notNull(),
    remaining: integer('remaining').notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.bucket] })],
);

export const couponHoldings = pgTable(
  'coupon_holdings',
  {
    batchId: uuid('batch_id').notNull(),
    personId: uuid('person_id').notNull(),
    held: integer('held').notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.personId] })],
);

export const coupons = pgTable('coupons', {
  id: uuid('id').primaryKey().defaultRandom(),
  batchId: uuid('batch_id').notNull(),
  personId: uuid('person_id').notNull(),
  code: text('code').notNull(),
  requestId: text('request_id'),
  bucket: integer('bucket').notNull(),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
  redeemedAt: timestamp('redeemed_at', { withTimezone: true }),
  redeemedBy: uuid('redeemed_by'),
});

export interface ActivityField {
  key: string;
  label: string;
  required: boolean;
}

export const activities = pgTable('activities', {
  id: uuid('id').primaryKey().defaultRandom(),
  unionId: uuid('union_id').notNull(),
  audience: text('audience', { enum: ['members', 'subtree'] }).notNull(),
  title: text('title').notNull(),
  description: text('description'),
  coverUrl: text('cover_url'),
  place: text('place'),
  online: boolean('online').notNull().default(false),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  capacity: integer('capacity').notNull(),
  signupOpensAt: timestamp('signup_opens_at', { withTimezone: true }).notNull(),
  signupClosesAt: timestamp('signup_closes_at', { withTimezone: true }).notNull(),
  mode: text('mode', { enum: ['first_come', 'lottery'] }).notNull(),
  fields: jsonb('fields').notNull().default([]).$type<ActivityField[]>(),
  pointsOnCheckin: integer('points_on_checkin').notNull().default(0),
  taken: integer('taken').notNull().default(0),
  seed: text('seed').notNull(),
  seedHash: text('seed_hash').notNull(),
  status: text('status', { enum: ['open', 'drawn', 'cancelled'] })
    .notNull()
    .default('open'),
  drawnAt: timestamp('drawn_at', { withTimezone: true }),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const activitySignups = pgTable('activity_signups', {
  id: uuid('id').primaryKey().defaultRandom(),
  activityId: uuid('activity_id').notNull(),
  personId: uuid('person_id').notNull(),
  unionId: uuid('union_id').notNull(),
  receipt: text('receipt').notNull(),
  checkinCode: text('checkin_code').notNull(),
  answers: jsonb('answers').notNull().default({}).$type<Record<string, string>>(),
  status: text('status', { enum: ['applied', 'confirmed', 'waitlisted', 'cancelled'] }).notNull(),
  seq: bigint('seq', { mode: 'number' }).notNull().default(0),
  drawRank: integer('draw_rank'),
  checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
  checkedInBy: uuid('checked_in_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  quotaUnionId: uuid('quota_union_id'),
});

/** Places of an activity shared out among unions of the subtree (migrations/0930_activity_quotas.sql). */
export const activityQuotas = pgTable(
  'activity_quotas',
  {
    activityId: uuid('activity_id').notNull(),
    unionId: uuid('union_id').notNull(),
    places: integer('places').notNull(),
    taken: integer('taken').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.activityId, t.unionId] })],
);
