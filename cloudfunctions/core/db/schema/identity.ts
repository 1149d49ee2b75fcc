import { bigint, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Officer role grants and revocations over time (migration 0630); `role_grants` holds only the present. */
export const roleGrantHistory = pgTable('role_grant_history', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  personId: uuid('person_id').notNull(),
  unionId: uuid('union_id').notNull(),
  role: text('role', { enum: ['chair', 'vice_chair', 'finance', 'service_staff', 'federation_admin'] }).notNull(),
  change: text('change', { enum: ['granted', 'revoked'] }).notNull(),
  actorId: uuid('actor_id'),
  reason: text('reason').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

/** Per-caller write budget windows, taken by `pu_take_budget` (migration 0630). */
export const requestBudgets = pgTable('request_budgets', {
  callerKey: text('caller_key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  used: integer('used').notNull(),
});
