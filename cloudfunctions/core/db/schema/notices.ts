import { pgTable, uuid, text, timestamp, integer } from 'drizzle-orm/pg-core';

/** Platform notices and their delivery (migrations 0501_notices.sql, 0740_notice_outbox.sql); see core/notices. */
export const notices = pgTable('notices', {
  id: uuid('id').primaryKey().defaultRandom(),
  personId: uuid('person_id').notNull(),
  unionId: uuid('union_id'),
  source: text('source', { enum: ['membership', 'aid', 'booking', 'congress', 'perks', 'platform'] }).notNull(),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  page: text('page'),
  subjectId: uuid('subject_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  readAt: timestamp('read_at', { withTimezone: true }),
  pushedAt: timestamp('pushed_at', { withTimezone: true }),
  pushAttempts: integer('push_attempts').notNull().default(0),
  pushNextAt: timestamp('push_next_at', { withTimezone: true }),
  pushClaimedUntil: timestamp('push_claimed_until', { withTimezone: true }),
  pushChannel: text('push_channel', { enum: ['wecom', 'wechat', 'in_app'] }),
  pushOutcome: text('push_outcome', { enum: ['sent', 'skipped', 'failed'] }),
  pushError: text('push_error'),
});
