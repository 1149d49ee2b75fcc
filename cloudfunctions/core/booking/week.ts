import type { RoleContext } from '../action';
import type { Access } from '../auth/access';
import type { DayView, SlotView, WeekFigures } from '@shared/contracts/booking';
import { rows, sql, type Db } from '../db/client';
import { AppError, errors } from '../errors';
import {
  addDays,
  formatShanghai,
  iso,
  isoWeekday,
  mondayOf,
  planWeek,
  releaseInstant,
  shanghaiTime,
  ts,
  weekStartOf,
} from './calendar';
import { refundCancelledByStaff } from './bookings';
import { fullSlots } from './rush';
import { assertCanBook, canBook, canManage, loadService, serviceView, type ServiceRow } from './services';
import { suspendedUntil } from './suspensions';
import { choosableProviders } from './provider-choice';

/**
 * A service's week of slots: laying it out from the template, the member's view of it (the one place where a
 * slot row becomes a `SlotView`), closing slots and days, and the weekly figures.
 */

type Audit = RoleContext<'booking.closeSlot'>['audit'];

/** How far ahead staff may lay out slots; the server's own week is the earliest (never weeks already past). */
export const GENERATE_WEEKS_AHEAD = 8;

export interface SlotRow {
  id: string;
  service_id: string;
  week_start: string;
  day: string;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  booked: number;
  status: 'open' | 'closed';
  released_at: Date;
}

export async function loadSlot(tx: Db, slotId: string, lock = false): Promise<SlotRow> {
  const [s] = lock
    ? await rows<SlotRow>(
        tx,
        sql`SELECT id, service_id, week_start::text, day::text, starts_at, ends_at, capacity, booked, status, released_at
            FROM booking_slots WHERE id = ${slotId} FOR UPDATE`,
      )
    : await rows<SlotRow>(
        tx,
        sql`SELECT id, service_id, week_start::text, day::text, starts_at, ends_at, capacity, booked, status, released_at
            FROM booking_slots WHERE id = ${slotId}`,
      );
  if (!s) throw errors.notFound('时段');
  return s;
}

/** The union a slot belongs to (through its service). */
export const slotUnion = async (tx: Db, slotId: string) => {
  const [r] = await rows<{ union_id: string }>(
    tx,
    sql`SELECT s.union_id FROM booking_slots sl JOIN booking_services s ON s.id = sl.service_id WHERE sl.id = ${slotId}`,
  );
  if (!r) throw errors.notFound('时段');
  return r.union_id;
};

export function slotStatus(
  s: { status: string; released_at: Date; starts_at: Date; booked: number; capacity: number },
  now: Date,
): SlotView['status'] {
  if (s.status === 'closed') return 'closed';
  if (new Date(s.released_at) > now) return 'not_released';
  if (new Date(s.starts_at) <= now) return 'past';
  if (s.booked >= s.capacity) return 'full';
  return 'open';
}

/** Materialise a week's slots from the template; existing slots are kept (idempotent). */
export async function ensureWeek(tx: Db, s: ServiceRow, weekStart: string, releaseNow: Date | null = null) {
  const rule = releaseInstant(
    { releaseWeekday: s.release_weekday, releaseTime: s.release_time, releaseWeeksAhead: s.release_weeks_ahead },
    weekStart,
  );
  const releasedAt = releaseNow && releaseNow < rule ? releaseNow : rule;
  let created = 0;
  for (const p of planWeek(s.template, s.slot_minutes, weekStart)) {
    const r = await rows(
      tx,
      sql`INSERT INTO booking_slots (service_id, week_start, day, starts_at, ends_at, capacity, released_at)
          VALUES (${s.id}, ${weekStart}, ${p.date}, ${ts(p.startsAt)}::timestamptz, ${ts(p.endsAt)}::timestamptz, ${s.capacity}, ${ts(releasedAt)}::timestamptz)
          ON CONFLICT (service_id, starts_at) DO NOTHING RETURNING id`,
    );
    created += r.length;
  }
  if (releaseNow) {
    await tx.execute(
      sql`UPDATE booking_slots SET released_at = ${ts(releaseNow)}::timestamptz
          WHERE service_id = ${s.id} AND week_start = ${weekStart} AND released_at > ${ts(releaseNow)}::timestamptz`,
    );
  }
  return { created, releasesAt: releasedAt };
}

/** `booking.generateWeek`: staff lay out a week (this week up to GENERATE_WEEKS_AHEAD ahead), optionally released now. */
export async function generateWeek(
  tx: Db,
  input: RoleContext<'booking.generateWeek'>['input'],
  now: Date,
  audit: Audit,
): Promise<{ created: number; releasesAt: string }> {
  const s = await loadService(tx, input.serviceId);
  const weekStart = mondayOf(input.weekStart);
  const first = weekStartOf(now);
  const last = addDays(first, 7 * GENERATE_WEEKS_AHEAD);
  if (weekStart < first || weekStart > last)
    throw new AppError('INVALID_INPUT', `周起始日：只能生成本周至 ${GENERATE_WEEKS_AHEAD} 周后的时段（${first} 至 ${last}）`, {
      weekStart: `周起始日：应在 ${first} 至 ${last} 之间`,
    });
  const r = await ensureWeek(tx, s, weekStart, input.releaseNow ? now : null);
  await audit({
    action: 'booking.generateWeek',
    unionId: s.union_id,
    targetType: 'booking_service',
    targetId: s.id,
    detail: { weekStart, ...r },
  });
  return { created: r.created, releasesAt: iso(r.releasesAt) };
}

/** `booking.week`: the member's (or staff's) view of a week, with their own bookings, waitlist and count. */
export async function memberWeek(
  tx: Db,
  access: Access,
  personId: string,
  serviceId: string,
  requestedWeek: string | undefined,
  now: Date,
) {
  const s = await loadService(tx, serviceId);
  if (!canBook(access, s) && !canManage(access, s)) assertCanBook(access, s);
  const weekStart = requestedWeek ? mondayOf(requestedWeek) : weekStartOf(now);
  const current = weekStartOf(now);
  // slots of the current and the next released weeks are materialised on first look (idempotent)
  if (weekStart >= current && weekStart <= addDays(current, 7 * Math.max(1, s.release_weeks_ahead))) {
    const [any] = await rows(
      tx,
      sql`SELECT 1 FROM booking_slots WHERE service_id = ${s.id} AND week_start = ${weekStart} LIMIT 1`,
    );
    if (!any) await ensureWeek(tx, s, weekStart);
  }
  const slots = await rows<{
    id: string;
    day: string;
    starts_at: Date;
    ends_at: Date;
    capacity: number;
    booked: number;
    status: string;
    released_at: Date;
    my: string | null;
  }>(
    tx,
    sql`SELECT sl.id, sl.day::text, sl.starts_at, sl.ends_at, sl.capacity, sl.booked, sl.status, sl.released_at, b.id AS my
        FROM booking_slots sl
        LEFT JOIN booking_bookings b ON b.slot_id = sl.id AND b.person_id = ${personId} AND b.status <> 'cancelled'
        WHERE sl.service_id = ${s.id} AND sl.week_start = ${weekStart} ORDER BY sl.starts_at`,
  );
  const waits = await rows<{ day: string }>(
    tx,
    sql`SELECT day::text FROM booking_waitlist WHERE service_id = ${s.id} AND person_id = ${personId} AND status = 'waiting'
        AND day BETWEEN ${weekStart} AND ${addDays(weekStart, 6)}`,
  );
  const [cnt] = await rows<{ count: number }>(
    tx,
    sql`SELECT count FROM booking_member_weeks WHERE service_id = ${s.id} AND person_id = ${personId} AND week_start = ${weekStart}`,
  );
  const choosable = await choosableProviders(
    tx,
    s,
    slots.filter((sl) => sl.status === 'open' && sl.booked < sl.capacity).map((sl) => sl.id),
  );
  const days = new Map<string, DayView>();
  for (const sl of slots) {
    const day = days.get(sl.day) ?? { date: sl.day, weekday: isoWeekday(sl.day), slots: [], full: false, onWaitlist: false };
    days.set(sl.day, day);
    day.slots.push({
      id: sl.id,
      date: sl.day,
      startsAt: iso(sl.starts_at),
      endsAt: iso(sl.ends_at),
      label: shanghaiTime(new Date(sl.starts_at)),
      capacity: sl.capacity,
      booked: sl.booked,
      free: sl.status === 'open' ? Math.max(0, sl.capacity - sl.booked) : 0,
      status: slotStatus(sl, now),
      releasedAt: iso(sl.released_at),
      myBookingId: sl.my,
      freeProviderIds: choosable.get(sl.id) ?? [],
    });
  }
  for (const day of days.values()) {
    const live = day.slots.filter((x) => x.status === 'open' || x.status === 'full');
    day.full = live.length > 0 && live.every((x) => x.status === 'full');
    day.onWaitlist = waits.some((w) => w.day === day.date);
  }
  const releasesAt = slots.length > 0 ? iso(slots[0].released_at) : null;
  const until = await suspendedUntil(tx, s.id, personId, now);
  return {
    service: serviceView(s, access),
    weekStart,
    releasesAt:
      releasesAt ??
      iso(
        releaseInstant(
          { releaseWeekday: s.release_weekday, releaseTime: s.release_time, releaseWeeksAhead: s.release_weeks_ahead },
          weekStart,
        ),
      ),
    released: slots.length > 0 && new Date(slots[0].released_at) <= now,
    serverNow: iso(now),
    days: [...days.values()],
    myCount: cnt ? Number(cnt.count) : 0,
    weeklyLimit: s.weekly_limit,
    suspendedUntil: until ? iso(until) : null,
  };
}

/** Close a slot and cancel its live bookings (each member refunded and told why); null when already closed. */
export async function closeSlot(tx: Db, s: ServiceRow, slotId: string, reason: string, now: Date): Promise<number | null> {
  const [closed] = await rows<{ id: string; starts_at: Date }>(
    tx,
    // staff closing a slot its providers had emptied makes the closure theirs: putting a provider back will not reopen it
    sql`UPDATE booking_slots SET status = 'closed', closed_reason = ${reason}, closed_by_providers = false
        WHERE id = ${slotId} AND (status = 'open' OR closed_by_providers) RETURNING id, starts_at`,
  );
  if (!closed) return null;
  const cancelled = await rows<{ id: string; person_id: string; week_start: string }>(
    tx,
    sql`UPDATE booking_bookings SET status = 'cancelled', cancelled_at = ${ts(now)}::timestamptz, cancel_reason = ${'服务方停诊：' + reason}
        WHERE slot_id = ${slotId} AND status = 'booked' RETURNING id, person_id, week_start::text`,
  );
  await refundCancelledByStaff(
    tx,
    s,
    cancelled,
    `很抱歉，${formatShanghai(new Date(closed.starts_at))} 的时段因「${reason}」停止服务，您的预约已取消，本周预约次数已退回。`,
  );
  if (cancelled.length > 0)
    await tx.execute(sql`UPDATE booking_slots SET booked = booked - ${cancelled.length} WHERE id = ${slotId}`);
  return cancelled.length;
}

/** `booking.closeSlot`: staff close one slot. */
export async function closeOneSlot(
  tx: Db,
  slotId: string,
  reason: string,
  unionId: string | undefined,
  now: Date,
  audit: Audit,
): Promise<{ cancelled: number }> {
  const slot = await loadSlot(tx, slotId);
  const s = await loadService(tx, slot.service_id);
  const n = await closeSlot(tx, s, slot.id, reason, now);
  if (n === null) throw new AppError('ALREADY_CLOSED', '该时段已关闭');
  fullSlots.forget(slot.id); // callers now hear SLOT_CLOSED from the database
  await audit({
    action: 'booking.closeSlot',
    unionId,
    targetType: 'booking_slot',
    targetId: slot.id,
    detail: { reason, cancelled: n },
  });
  return { cancelled: n };
}

/** `booking.closeDay`: staff close every open slot of a day; the day's waitlist is let go. */
export async function closeDay(
  tx: Db,
  input: RoleContext<'booking.closeDay'>['input'],
  unionId: string | undefined,
  now: Date,
  audit: Audit,
): Promise<{ cancelled: number; slots: number }> {
  const s = await loadService(tx, input.serviceId);
  const slots = await rows<{ id: string }>(
    tx,
    sql`SELECT id FROM booking_slots WHERE service_id = ${s.id} AND day = ${input.date} AND status = 'open' ORDER BY starts_at`,
  );
  if (slots.length === 0) throw new AppError('NOTHING_TO_CLOSE', `${input.date} 没有开放的时段`);
  let cancelled = 0;
  for (const sl of slots) {
    cancelled += (await closeSlot(tx, s, sl.id, input.reason, now)) ?? 0;
    fullSlots.forget(sl.id);
  }
  await tx.execute(
    sql`UPDATE booking_waitlist SET status = 'left' WHERE service_id = ${s.id} AND day = ${input.date} AND status = 'waiting'`,
  );
  await audit({
    action: 'booking.closeDay',
    unionId,
    targetType: 'booking_service',
    targetId: s.id,
    detail: { date: input.date, reason: input.reason, cancelled },
  });
  return { cancelled, slots: slots.length };
}

/** `booking.stats`: places offered and what became of the bookings, per week, the last `weeks` weeks up to next week. */
export async function weekFigures(tx: Db, serviceId: string, weekCount: number, now: Date): Promise<{ weeks: WeekFigures[] }> {
  const last = addDays(weekStartOf(now), 7);
  const first = addDays(last, -7 * (weekCount - 1));
  const offered = await rows<{ w: string; n: number }>(
    tx,
    sql`SELECT week_start::text AS w, COALESCE(sum(capacity), 0)::int AS n FROM booking_slots
        WHERE service_id = ${serviceId} AND status = 'open' AND week_start BETWEEN ${first} AND ${last} GROUP BY week_start`,
  );
  const byStatus = await rows<{ w: string; status: string; n: number }>(
    tx,
    sql`SELECT week_start::text AS w, status, count(*)::int AS n FROM booking_bookings
        WHERE service_id = ${serviceId} AND week_start BETWEEN ${first} AND ${last} GROUP BY week_start, status`,
  );
  const weeks: WeekFigures[] = [];
  for (let w = first; w <= last; w = addDays(w, 7)) {
    const n = (status: string) => Number(byStatus.find((r) => r.w === w && r.status === status)?.n ?? 0);
    weeks.push({
      weekStart: w,
      offered: Number(offered.find((r) => r.w === w)?.n ?? 0),
      booked: n('booked') + n('attended') + n('no_show'),
      attended: n('attended'),
      noShows: n('no_show'),
      cancellations: n('cancelled'),
    });
  }
  return { weeks };
}
