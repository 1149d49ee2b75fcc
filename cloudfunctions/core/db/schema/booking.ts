import { pgTable, uuid, text, timestamp, integer, boolean, jsonb, date, bigint, primaryKey } from 'drizzle-orm/pg-core';
import type { TemplateWindow } from '@shared/contracts/booking';

/** Tables of the booking area (mirrors migrations/0401_booking.sql). Hot paths use raw SQL on purpose. */
export const bookingServices = pgTable('booking_services', {
  id: uuid('id').primaryKey().defaultRandom(),
  unionId: uuid('union_id').notNull(),
  name: text('name').notNull(),
  location: text('location'),
  description: text('description'),
  eligibleUnionId: uuid('eligible_union_id'),
  slotMinutes: integer('slot_minutes').notNull(),
  capacity: integer('capacity').notNull(),
  template: jsonb('template').notNull().$type<TemplateWindow[]>(),
  releaseWeekday: integer('release_weekday').notNull(),
  releaseTime: text('release_time').notNull(),
  releaseWeeksAhead: integer('release_weeks_ahead').notNull().default(1),
  weeklyLimit: integer('weekly_limit').notNull(),
  cancelMinutesBefore: integer('cancel_minutes_before').notNull(),
  noShowLimit: integer('no_show_limit').notNull(),
  noShowWindowDays: integer('no_show_window_days').notNull(),
  suspendDays: integer('suspend_days').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const bookingSlots = pgTable('booking_slots', {
  id: uuid('id').primaryKey().defaultRandom(),
  serviceId: uuid('service_id').notNull(),
  weekStart: date('week_start').notNull(),
  day: date('day').notNull(),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  capacity: integer('capacity').notNull(),
  booked: integer('booked').notNull().default(0),
  status: text('status', { enum: ['open', 'closed'] })
    .notNull()
    .default('open'),
  closedReason: text('closed_reason'),
  // closed because its last provider was taken off (putting one back reopens it)
  closedByProviders: boolean('closed_by_providers').notNull().default(false),
  releasedAt: timestamp('released_at', { withTimezone: true }).notNull(),
});

export const bookingBookings = pgTable('booking_bookings', {
  id: uuid('id').primaryKey().defaultRandom(),
  slotId: uuid('slot_id').notNull(),
  serviceId: uuid('service_id').notNull(),
  personId: uuid('person_id').notNull(),
  weekStart: date('week_start').notNull(),
  status: text('status', { enum: ['booked', 'attended', 'no_show', 'cancelled'] })
    .notNull()
    .default('booked'),
  code: text('code').notNull(),
  requestId: text('request_id'),
  fromWaitlist: boolean('from_waitlist').notNull().default(false),
  // the provider the member chose (0940); null: whoever is free
  providerId: uuid('provider_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  cancelReason: text('cancel_reason'),
  checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
  checkedInBy: uuid('checked_in_by'),
  noShowAt: timestamp('no_show_at', { withTimezone: true }),
  remindedAt: timestamp('reminded_at', { withTimezone: true }),
});

export const bookingMemberWeeks = pgTable(
  'booking_member_weeks',
  {
    serviceId: uuid('service_id').notNull(),
    personId: uuid('person_id').notNull(),
    weekStart: date('week_start').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.personId, t.weekStart] })],
);

export const bookingSuspensions = pgTable(
  'booking_suspensions',
  {
    serviceId: uuid('service_id').notNull(),
    personId: uuid('person_id').notNull(),
    suspendedUntil: timestamp('suspended_until', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.personId] })],
);

export const bookingWaitlist = pgTable('booking_waitlist', {
  id: uuid('id').primaryKey().defaultRandom(),
  serviceId: uuid('service_id').notNull(),
  day: date('day').notNull(),
  personId: uuid('person_id').notNull(),
  status: text('status', { enum: ['waiting', 'assigned', 'left', 'fulfilled'] })
    .notNull()
    .default('waiting'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
  bookingId: uuid('booking_id'),
});

/** Named providers of a service (mirrors migrations/0502_booking_providers.sql). */
export const bookingProviders = pgTable('booking_providers', {
  id: uuid('id').primaryKey().defaultRandom(),
  serviceId: uuid('service_id').notNull(),
  name: text('name').notNull(),
  sort: integer('sort').notNull().default(0),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const bookingProviderAbsences = pgTable(
  'booking_provider_absences',
  {
    providerId: uuid('provider_id').notNull(),
    slotId: uuid('slot_id').notNull(),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.slotId] })],
);
