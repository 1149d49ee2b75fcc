import crypto from 'node:crypto';
import type {
  BookingStatus,
  BookingView,
  ProviderView,
  ServiceRules,
  ServiceView,
  StaffBookingView,
  TemplateWindow,
} from '../../../src/contracts/booking';
import { bookingStatusNames } from '../../../src/contracts/booking';
import type { Role } from '../../../src/contracts/unions';
import { OFFICERS, type Access } from '../auth/access';
import { rows, sql, type Db } from '../db/client';
import { AppError, errors } from '../errors';
import { formatShanghai, planWeek, releaseInstant, shanghaiDate, shanghaiTime } from './calendar';
import { notify } from './notify';

/** Who manages a service: its service staff and the officers of its union. */
export const MANAGERS: Role[] = ['service_staff', ...OFFICERS];

export const iso = (t: Date | string): string => new Date(t).toISOString();
const ts = (t: Date): string => t.toISOString();

export interface ServiceRow {
  id: string;
  union_id: string;
  union_name: string;
  union_path: string;
  name: string;
  location: string | null;
  description: string | null;
  eligible_union_id: string | null;
  eligible_path: string | null;
  eligible_name: string | null;
  slot_minutes: number;
  capacity: number;
  template: TemplateWindow[];
  release_weekday: number;
  release_time: string;
  release_weeks_ahead: number;
  weekly_limit: number;
  cancel_minutes_before: number;
  no_show_limit: number;
  no_show_window_days: number;
  suspend_days: number;
  active: boolean;
  /** Named providers (chairs), active ones in order; [] when the service only has a number of places. */
  providers?: ProviderView[];
}

export async function loadService(tx: Db, serviceId: string): Promise<ServiceRow> {
  const [s] = await rows<ServiceRow>(
    tx,
    sql`SELECT s.*, u.short_name AS union_name, u.path AS union_path, e.path AS eligible_path, e.short_name AS eligible_name,
          COALESCE((SELECT jsonb_agg(jsonb_build_object('id', p.id, 'name', p.name) ORDER BY p.sort, p.created_at)
                    FROM booking_providers p WHERE p.service_id = s.id AND p.active), '[]'::jsonb) AS providers
        FROM booking_services s JOIN unions u ON u.id = s.union_id LEFT JOIN unions e ON e.id = s.eligible_union_id
        WHERE s.id = ${serviceId}`,
  );
  if (!s) throw errors.notFound('服务项目');
  if (typeof s.providers === 'string') s.providers = JSON.parse(s.providers) as ProviderView[];
  return s;
}

export const rulesOf = (s: ServiceRow): ServiceRules => ({
  slotMinutes: s.slot_minutes,
  capacity: s.capacity,
  template: s.template,
  releaseWeekday: s.release_weekday,
  releaseTime: s.release_time,
  releaseWeeksAhead: s.release_weeks_ahead,
  weeklyLimit: s.weekly_limit,
  cancelMinutesBefore: s.cancel_minutes_before,
  noShowLimit: s.no_show_limit,
  noShowWindowDays: s.no_show_window_days,
  suspendDays: s.suspend_days,
});

export const canManage = (access: Access, s: ServiceRow) => access.can(MANAGERS, { id: s.union_id, path: s.union_path });

/** Members of the service's union, or of every union in the configured federation subtree. */
export const canBook = (access: Access, s: ServiceRow) =>
  access.grants.some(
    (g) => g.role === 'member' && (s.eligible_path ? g.unionPath.startsWith(s.eligible_path) : g.unionId === s.union_id),
  );

export function serviceView(s: ServiceRow, access: Access): ServiceView {
  return {
    id: s.id,
    unionId: s.union_id,
    unionName: s.union_name,
    name: s.name,
    location: s.location,
    description: s.description,
    eligibleUnionId: s.eligible_union_id,
    active: s.active,
    canManage: canManage(access, s),
    providers: s.providers ?? [],
    ...rulesOf(s),
  };
}

/** The booking area's refusals of a member, worded once (the booking statement returns the same as values). */
export const refusals = {
  notEligible: (s: Pick<ServiceRow, 'name' | 'union_name' | 'eligible_name' | 'eligible_path'>) =>
    new AppError(
      'NOT_ELIGIBLE',
      `您不在「${s.name}」的预约范围内（仅限${s.eligible_path ? `${s.eligible_name}及下属工会` : s.union_name}会员）`,
    ),
  serviceClosed: (name: string) => new AppError('SERVICE_CLOSED', `「${name}」暂停预约`),
  suspended: (until: Date) => new AppError('SUSPENDED', `您因多次预约未到，预约资格已暂停至 ${formatShanghai(until)}`),
};

export function assertCanBook(access: Access, s: ServiceRow) {
  if (!canBook(access, s)) throw refusals.notEligible(s);
  if (!s.active) throw refusals.serviceClosed(s.name);
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

export async function suspendedUntil(tx: Db, serviceId: string, personId: string, now: Date): Promise<Date | null> {
  const [r] = await rows<{ until: Date }>(
    tx,
    sql`SELECT suspended_until AS until FROM booking_suspensions
        WHERE service_id = ${serviceId} AND person_id = ${personId} AND suspended_until > ${ts(now)}::timestamptz`,
  );
  return r ? new Date(r.until) : null;
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** 8 characters without look-alikes (0/O, 1/I): read aloud or scanned at the counter. */
export function newCode(): string {
  const bytes = crypto.randomBytes(8);
  return Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

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

interface BookingRow {
  id: string;
  slot_id: string;
  service_id: string;
  service_name: string;
  person_id: string;
  week_start: string;
  day: string;
  starts_at: Date;
  ends_at: Date;
  status: BookingStatus;
  code: string;
  from_waitlist: boolean;
  cancel_reason: string | null;
  cancel_minutes_before: number;
  checked_in_at: Date | null;
  person_name: string;
  member_no: string | null;
}

const bookingSelect = sql`
  SELECT b.id, b.slot_id, b.service_id, sv.name AS service_name, b.person_id, b.week_start::text, sl.day::text,
         sl.starts_at, sl.ends_at, b.status, b.code, b.from_waitlist, b.cancel_reason, sv.cancel_minutes_before,
         b.checked_in_at, p.name AS person_name,
         (SELECT m.member_no FROM members m WHERE m.person_id = b.person_id AND m.status = 'active' LIMIT 1) AS member_no
  FROM booking_bookings b
  JOIN booking_slots sl ON sl.id = b.slot_id
  JOIN booking_services sv ON sv.id = b.service_id
  JOIN people p ON p.id = b.person_id`;

export async function loadBookings(tx: Db, where: ReturnType<typeof sql>, tail = sql``): Promise<BookingRow[]> {
  return rows<BookingRow>(tx, sql`${bookingSelect} WHERE ${where} ${tail}`);
}

export async function loadBooking(tx: Db, bookingId: string): Promise<BookingRow> {
  const [b] = await loadBookings(tx, sql`b.id = ${bookingId}`);
  if (!b) throw errors.notFound('预约');
  return b;
}

export const cancelDeadline = (b: { starts_at: Date | string; cancel_minutes_before: number }) =>
  new Date(new Date(b.starts_at).getTime() - b.cancel_minutes_before * 60_000);

/** What the member's view of a booking needs (timestamps as Date or ISO text). */
export type BookingViewFields = Omit<
  BookingRow,
  'person_id' | 'person_name' | 'member_no' | 'checked_in_at' | 'starts_at' | 'ends_at'
> & {
  starts_at: Date | string;
  ends_at: Date | string;
};

export function bookingView(b: BookingViewFields, now: Date): BookingView {
  const deadline = cancelDeadline(b);
  return {
    id: b.id,
    serviceId: b.service_id,
    serviceName: b.service_name,
    slotId: b.slot_id,
    date: b.day,
    startsAt: iso(b.starts_at),
    endsAt: iso(b.ends_at),
    label: `${shanghaiTime(new Date(b.starts_at))}–${shanghaiTime(new Date(b.ends_at))}`,
    status: b.status,
    statusName: bookingStatusNames[b.status],
    code: b.code,
    cancellableUntil: iso(deadline),
    canCancel: b.status === 'booked' && now <= deadline,
    fromWaitlist: b.from_waitlist,
    cancelReason: b.cancel_reason,
    qr: null,
  };
}

export const staffBookingView = (b: BookingRow): StaffBookingView => ({
  id: b.id,
  personName: b.person_name,
  memberNo: b.member_no,
  status: b.status,
  statusName: bookingStatusNames[b.status],
  code: b.code,
  checkedInAt: b.checked_in_at ? iso(b.checked_in_at) : null,
});

/** Count one more live booking of the member this week, unless at the limit. Locks the member's week row. */
async function takeWeeklyQuota(tx: Db, s: ServiceRow, personId: string, weekStart: string): Promise<boolean> {
  const r = await rows(
    tx,
    sql`INSERT INTO booking_member_weeks AS w (service_id, person_id, week_start, count)
        VALUES (${s.id}, ${personId}, ${weekStart}, 1)
        ON CONFLICT (service_id, person_id, week_start) DO UPDATE SET count = w.count + 1 WHERE w.count < ${s.weekly_limit}
        RETURNING count`,
  );
  return r.length > 0;
}

export async function returnWeeklyQuota(tx: Db, serviceId: string, personId: string, weekStart: string) {
  await tx.execute(
    sql`UPDATE booking_member_weeks SET count = count - 1
        WHERE service_id = ${serviceId} AND person_id = ${personId} AND week_start = ${weekStart} AND count > 0`,
  );
}

async function insertBooking(
  tx: Db,
  slot: SlotRow,
  personId: string,
  requestId: string | null,
  fromWaitlist: boolean,
): Promise<{ id: string; code: string }> {
  const [b] = await rows<{ id: string; code: string }>(
    tx,
    sql`WITH nb AS (
          INSERT INTO booking_bookings (slot_id, service_id, person_id, week_start, code, request_id, from_waitlist)
          VALUES (${slot.id}, ${slot.service_id}, ${personId}, ${slot.week_start}, ${newCode()}, ${requestId}, ${fromWaitlist})
          RETURNING id, code),
        wl AS (
          UPDATE booking_waitlist SET status = 'fulfilled', booking_id = (SELECT id FROM nb)
          WHERE service_id = ${slot.service_id} AND day = ${slot.day} AND person_id = ${personId} AND status = 'waiting')
        SELECT id, code FROM nb`,
  );
  return b;
}

async function hasLiveBooking(tx: Db, slotId: string, personId: string): Promise<boolean> {
  const r = await rows(
    tx,
    sql`SELECT 1 FROM booking_bookings WHERE slot_id = ${slotId} AND person_id = ${personId} AND status <> 'cancelled'`,
  );
  return r.length > 0;
}

async function stillEligible(tx: Db, s: ServiceRow, personId: string): Promise<boolean> {
  const r = s.eligible_path
    ? await rows(
        tx,
        sql`SELECT 1 FROM members m JOIN unions u ON u.id = m.union_id
            WHERE m.person_id = ${personId} AND m.status = 'active' AND u.path LIKE ${s.eligible_path + '%'}`,
      )
    : await rows(
        tx,
        sql`SELECT 1 FROM members m WHERE m.person_id = ${personId} AND m.status = 'active' AND m.union_id = ${s.union_id}`,
      );
  return r.length > 0;
}

/**
 * A freed place goes first to the day's waitlist, first come first served: the first waiting member who
 * is still eligible, not suspended, not already in the slot and under the weekly limit is booked into it
 * automatically and told so (they may cancel under the normal rules). Only while the slot is still more
 * than the cancellation window away, so the assignee can still decline; otherwise the place is simply free.
 * Returns the new booking id, or null when nobody took it. The caller holds the slot row lock.
 */
async function assignFromWaitlist(tx: Db, s: ServiceRow, slot: SlotRow, now: Date): Promise<string | null> {
  if (slot.status !== 'open' || new Date(slot.released_at) > now) return null;
  if (new Date(slot.starts_at).getTime() - now.getTime() <= s.cancel_minutes_before * 60_000) return null;
  const waiting = await rows<{ id: string; person_id: string }>(
    tx,
    sql`SELECT id, person_id FROM booking_waitlist
        WHERE service_id = ${s.id} AND day = ${slot.day} AND status = 'waiting'
        ORDER BY seq LIMIT 20 FOR UPDATE SKIP LOCKED`,
  );
  for (const w of waiting) {
    if (!(await stillEligible(tx, s, w.person_id))) continue;
    if (await suspendedUntil(tx, s.id, w.person_id, now)) continue;
    if (await hasLiveBooking(tx, slot.id, w.person_id)) continue;
    if (!(await takeWeeklyQuota(tx, s, w.person_id, slot.week_start))) continue;
    const { id: bookingId } = await insertBooking(tx, slot, w.person_id, null, true);
    await tx.execute(sql`UPDATE booking_waitlist SET status = 'assigned', booking_id = ${bookingId} WHERE id = ${w.id}`);
    await notify(tx, {
      personId: w.person_id,
      unionId: s.union_id,
      bookingId,
      kind: 'waitlist_assigned',
      title: `候补成功：${s.name}`,
      body: `有人取消了预约，已为您预约 ${formatShanghai(new Date(slot.starts_at))}。如不能前来，请在开始前 ${s.cancel_minutes_before} 分钟前取消。`,
    });
    return bookingId;
  }
  return null;
}

/**
 * Give back the place of a booking just cancelled (its row already updated in this transaction):
 * the member's weekly quota, then the slot — to the waitlist first, else free for anyone at once.
 */
export async function releasePlace(
  tx: Db,
  s: ServiceRow,
  b: { slot_id: string; person_id: string; week_start: string },
  now: Date,
  offerToWaitlist: boolean,
): Promise<string | null> {
  await returnWeeklyQuota(tx, s.id, b.person_id, b.week_start);
  const slot = await loadSlot(tx, b.slot_id, true);
  const assigned = offerToWaitlist ? await assignFromWaitlist(tx, s, slot, now) : null;
  if (!assigned) await tx.execute(sql`UPDATE booking_slots SET booked = booked - 1 WHERE id = ${slot.id}`);
  return assigned;
}

/**
 * Offer one place just added to a slot (its capacity already raised in this transaction) to the day's
 * waitlist, by the same rules as a place freed by a cancellation. Returns the new booking id or null
 * (the place then stays free for anyone).
 */
export async function offerAddedPlace(tx: Db, s: ServiceRow, slotId: string, now: Date): Promise<string | null> {
  const slot = await loadSlot(tx, slotId, true);
  if (slot.booked >= slot.capacity) return null;
  const assigned = await assignFromWaitlist(tx, s, slot, now);
  if (assigned) await tx.execute(sql`UPDATE booking_slots SET booked = booked + 1 WHERE id = ${slot.id}`);
  return assigned;
}

/** Cancel a slot's live bookings because staff closed it; each member gets a notice. */
/** Bookings the staff side cancelled: each member gets their weekly quota back and a notice saying why. */
export async function refundCancelledByStaff(
  tx: Db,
  s: Pick<ServiceRow, 'id' | 'union_id' | 'name'>,
  cancelled: { id: string; person_id: string; week_start: string }[],
  body: string,
): Promise<void> {
  for (const b of cancelled) {
    await returnWeeklyQuota(tx, s.id, b.person_id, b.week_start);
    await notify(tx, {
      personId: b.person_id,
      unionId: s.union_id,
      bookingId: b.id,
      kind: 'cancelled_by_staff',
      title: `预约已取消：${s.name}`,
      body,
    });
  }
}

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

/** After a no-show, suspend the member when the no-shows in the window reach the limit. Serialised per member. */
export async function applyNoShowPolicy(tx: Db, s: ServiceRow, personId: string, now: Date): Promise<Date | null> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(4004, hashtext(${s.id + personId}))`);
  const since = new Date(now.getTime() - s.no_show_window_days * 86_400_000);
  const [c] = await rows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM booking_bookings b JOIN booking_slots sl ON sl.id = b.slot_id
        WHERE b.service_id = ${s.id} AND b.person_id = ${personId} AND b.status = 'no_show' AND sl.starts_at > ${ts(since)}::timestamptz`,
  );
  if (Number(c.n) < s.no_show_limit) return null;
  const until = new Date(now.getTime() + s.suspend_days * 86_400_000);
  const [r] = await rows<{ until: Date }>(
    tx,
    sql`INSERT INTO booking_suspensions AS x (service_id, person_id, suspended_until) VALUES (${s.id}, ${personId}, ${ts(until)}::timestamptz)
        ON CONFLICT (service_id, person_id) DO UPDATE SET suspended_until = GREATEST(x.suspended_until, EXCLUDED.suspended_until)
        RETURNING suspended_until AS until`,
  );
  await notify(tx, {
    personId,
    unionId: s.union_id,
    kind: 'suspended',
    title: `预约资格暂停：${s.name}`,
    body: `${s.no_show_window_days} 天内预约未到 ${Number(c.n)} 次，预约资格暂停至 ${formatShanghai(new Date(r.until))}。`,
  });
  return new Date(r.until);
}

export { shanghaiDate, shanghaiTime };
