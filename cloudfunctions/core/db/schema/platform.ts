import { integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Setup problems the platforms report (migration 0730_platform_setup.sql); see core/platform/problems.ts. */
export const platformProblems = pgTable('platform_problems', {
  id: uuid('id').primaryKey().defaultRandom(),
  platform: text('platform', { enum: ['wecom', 'wechat'] }).notNull(),
  account: text('account').notNull(),
  api: text('api').notNull(),
  errcode: integer('errcode').notNull(),
  hint: text('hint').notNull(),
  firstAt: timestamp('first_at', { withTimezone: true }).notNull(),
  lastAt: timestamp('last_at', { withTimezone: true }).notNull(),
  times: integer('times').notNull().default(1),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
});

/** Enterprises' WeCom corps on a federation platform, their sealed app secret, and the unions they sign in to. */
export const wecomCorps = pgTable('wecom_corps', {
  corpId: text('corp_id').primaryKey(),
  name: text('name').notNull(),
  secretSealed: text('secret_sealed').notNull(),
  /** 上下游: the federation app's agent id in this corp (migration 0731); null = the corp's own app. */
  agentId: text('agent_id'),
  federationId: uuid('federation_id').notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
export const wecomCorpUnions = pgTable(
  'wecom_corp_unions',
  { corpId: text('corp_id').notNull(), unionId: uuid('union_id').notNull() },
  (t) => [primaryKey({ columns: [t.corpId, t.unionId] })],
);
