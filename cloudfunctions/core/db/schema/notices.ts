import { pgTable, uuid, text, timestamp } from 'drizzle-orm/pg-core';

/** Platform notices (migration 0501_notices.sql); written and read through core/notices. */
export const notices = pgTable('notices', {
  id: uuid('id').primaryKey().defaultRandom(),
  personId: uuid('person_id').notNull(),
  unionId: uuid('union_id'),
  source: text('source', { enum: ['booking', 'congress'] }).notNull(),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  page: text('page'),
  subjectId: uuid('subject_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  readAt: timestamp('read_at', { withTimezone: true }),
  pushedAt: timestamp('pushed_at', { withTimezone: true }),
});
