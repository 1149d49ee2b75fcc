import { pgTable, uuid, text, timestamp, bigint, integer, date, primaryKey } from 'drizzle-orm/pg-core';

/** Federation overview figures (migration 0800_federation.sql); see core/federation/rollup.ts. */
export const federationStats = pgTable(
  'federation_stats',
  {
    unionId: uuid('union_id').notNull(),
    metric: text('metric').notNull(),
    value: bigint('value', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.unionId, t.metric] })],
);

export const federationMonthly = pgTable(
  'federation_monthly',
  {
    unionId: uuid('union_id').notNull(),
    month: date('month').notNull(),
    metric: text('metric').notNull(),
    value: bigint('value', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.unionId, t.metric, t.month] })],
);

export const federationRefreshes = pgTable('federation_refreshes', {
  id: integer('id').primaryKey(),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull(),
  yearStart: timestamp('year_start', { withTimezone: true }).notNull(),
  durationMs: integer('duration_ms').notNull(),
});
