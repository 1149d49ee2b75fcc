import { pgTable, uuid, text, timestamp, bigint, jsonb, primaryKey, integer } from 'drizzle-orm/pg-core';

export const unions = pgTable('unions', {
  id: uuid('id').primaryKey().defaultRandom(),
  parentId: uuid('parent_id'),
  level: text('level', { enum: ['province', 'city', 'district', 'street', 'grassroots'] }).notNull(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  shortName: text('short_name').notNull(),
  path: text('path').notNull(),
  logoUrl: text('logo_url'),
  themeColor: text('theme_color').notNull().default('#C8102E'),
  slogan: text('slogan'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const people = pgTable('people', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  /** 'placeholder': the WeCom sign-in had no name yet (企业微信用户); it never takes part in roster matching. */
  nameSource: text('name_source', { enum: ['given', 'wecom', 'placeholder'] })
    .notNull()
    .default('given'),
  openid: text('openid'),
  unionid: text('unionid'),
  wecomCorpId: text('wecom_corp_id'),
  wecomUserId: text('wecom_user_id'),
  phoneHash: text('phone_hash'),
  phoneLast4: text('phone_last4'),
  // a person proved by an ID number: its keyed hash (never the number) and last four digits (0101_membership)
  idHash: text('id_hash'),
  idLast4: text('id_last4'),
  /** Bumped to revoke every session of the person (migration 0630). */
  sessionVersion: integer('session_version').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const roleGrants = pgTable(
  'role_grants',
  {
    personId: uuid('person_id').notNull(),
    unionId: uuid('union_id').notNull(),
    role: text('role', { enum: ['chair', 'vice_chair', 'finance', 'service_staff', 'federation_admin'] }).notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.unionId, t.role] })],
);

export const members = pgTable('members', {
  id: uuid('id').primaryKey().defaultRandom(),
  personId: uuid('person_id').notNull(),
  unionId: uuid('union_id').notNull(),
  memberNo: text('member_no').notNull(),
  status: text('status', { enum: ['pending', 'active', 'rejected', 'left', 'transferred'] }).notNull(),
  joinedAt: timestamp('joined_at', { withTimezone: true }),
  leftAt: timestamp('left_at', { withTimezone: true }),
  // the membership this one continues after a transfer between unions (0101_membership)
  previousMemberId: uuid('previous_member_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const auditLog = pgTable('audit_log', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  actorId: uuid('actor_id'),
  action: text('action').notNull(),
  unionId: uuid('union_id'),
  targetType: text('target_type'),
  targetId: text('target_id'),
  detail: jsonb('detail').notNull().default({}).$type<Record<string, unknown>>(),
});
