import { postBookingPoints } from '../points-rules';
import { codeQr } from '../qr';
import type { RoleContext } from '../action';
import type { BookingQueue, BookingStatus, BookingView, StaffBookingView } from '@shared/contracts/booking';
import { bookingStatusNames } from '@shared/contracts/booking';
import { rows, sql, uuidList, type Db } from '../db/client';
import { AppError, errors } from '../errors';
import { iso, shanghaiDate, shanghaiTime, ts } from './calendar';
import { notify } from './notify';
import { loadService, serviceUnion, type ServiceRow } from './services';
import { applyNoShowPolicy } from './suspensions';

/**
 * A member's booking of a slot: its row, its code, the member's weekly quota it counts against, the counter's
 * check-in and no-show, and the one place where its row becomes a `BookingView` (member) or `StaffBookingView`.
 * Booking itself is book.ts (the rush path); cancelling is cancel.ts; a freed place goes to waitlist.ts.
 */

/** A booking's code: 8 characters without look-alikes (0/O, 1/I), read aloud or scanned at the counter. */
export { newCode } from '../readable-code';

export interface BookingRow {
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
  provider_id: string | null;
  provider_name: string | null;
  person_name: string;
  member_no: string | null;
}

const bookingSelect = sql`
  SELECT b.id, b.slot_id, b.service_id, sv.name AS service_name, b.person_id, b.week_start::text, sl.day::text,
         sl.starts_at, sl.ends_at, b.status, b.code, b.from_waitlist, b.cancel_reason, sv.cancel_minutes_before,
         b.checked_in_at, b.provider_id, pr.name AS provider_name, p.name AS person_name,
         (SELECT m.member_no FROM members m WHERE m.person_id = b.person_id AND m.status = 'active' LIMIT 1) AS member_no
  FROM booking_bookings b
  JOIN booking_slots sl ON sl.id = b.slot_id
  JOIN booking_services sv ON sv.id = b.service_id
  JOIN people p ON p.id = b.person_id
  LEFT JOIN booking_providers pr ON pr.id = b.provider_id`;

export async function loadBookings(tx: Db, where: ReturnType<typeof sql>, tail = sql``): Promise<BookingRow[]> {
  return rows<BookingRow>(tx, sql`${bookingSelect} WHERE ${where} ${tail}`);
}

export async function loadBooking(tx: Db, bookingId: string): Promise<BookingRow> {
  const [b] = await loadBookings(tx, sql`b.id = ${bookingId}`);
  if (!b) throw errors.notFound('预约');
  return b;
}

/** The union a booking belongs to (through its service). */
export const bookingUnion = async (tx: Db, bookingId: string) => {
  const [b] = await rows<{ service_id: string }>(tx, sql`SELECT service_id FROM booking_bookings WHERE id = ${bookingId}`);
  if (!b) throw errors.notFound('预约');
  return serviceUnion(tx, b.service_id);
};

export const cancelDeadline = (b: { starts_at: Date | string; cancel_minutes_before: number }) =>
  new Date(new Date(b.starts_at).getTime() - b.cancel_minutes_before * 60_000);

/** What the member's view of a booking needs (timestamps as Date or ISO text). */
export type BookingViewFields = Omit<
  BookingRow,
  'person_id' | 'person_name' | 'member_no' | 'checked_in_at' | 'starts_at' | 'ends_at' | 'provider_id' | 'provider_name'
> & {
  starts_at: Date | string;
  ends_at: Date | string;
  /** absent from the booking function's answers when no provider was chosen */
  provider_id?: string | null;
  provider_name?: string | null;
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
    providerId: b.provider_id ?? null,
    providerName: b.provider_name ?? null,
    qr: null,
    queue: null,
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
  providerName: b.provider_name,
});

/** Count one more live booking of the member this week, unless at the limit. Locks the member's week row. */
export async function takeWeeklyQuota(tx: Db, s: ServiceRow, personId: string, weekStart: string): Promise<boolean> {
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

/**
 * Where each of these live bookings stands: its place in its slot by booking time (ties by id), the slot's live
 * bookings, and the bookings of the same service that day before it (earlier slot, or same slot booked earlier)
 * still waiting to be checked in. One query for the few bookings a member holds ahead.
 */
async function queuesOf(tx: Db, bookingIds: string[]): Promise<Map<string, BookingQueue>> {
  if (bookingIds.length === 0) return new Map();
  const list = await rows<{ id: string; position: number; of_slot: number; waiting_ahead: number }>(
    tx,
    sql`SELECT b.id,
          (SELECT count(*) FROM booking_bookings o WHERE o.slot_id = b.slot_id AND o.status IN ('booked', 'attended')
             AND (o.created_at, o.id) < (b.created_at, b.id))::int + 1 AS position,
          (SELECT count(*) FROM booking_bookings o WHERE o.slot_id = b.slot_id AND o.status IN ('booked', 'attended'))::int AS of_slot,
          (SELECT count(*) FROM booking_bookings o JOIN booking_slots os ON os.id = o.slot_id
             WHERE o.service_id = b.service_id AND o.status = 'booked' AND os.day = sl.day
               AND (os.starts_at, o.created_at, o.id) < (sl.starts_at, b.created_at, b.id))::int AS waiting_ahead
        FROM booking_bookings b JOIN booking_slots sl ON sl.id = b.slot_id
        WHERE b.id IN ${uuidList(bookingIds)}`,
  );
  return new Map(
    list.map((q) => [q.id, { position: Number(q.position), ofSlot: Number(q.of_slot), waitingAhead: Number(q.waiting_ahead) }]),
  );
}

/** `booking.mine`: the member's bookings, those still ahead first (with their code as a QR). */
export async function myBookings(
  tx: Db,
  personId: string,
  serviceId: string | undefined,
  now: Date,
): Promise<{ bookings: BookingView[] }> {
  const list = await loadBookings(
    tx,
    serviceId ? sql`b.person_id = ${personId} AND b.service_id = ${serviceId}` : sql`b.person_id = ${personId}`,
    sql`ORDER BY sl.starts_at DESC LIMIT 50`,
  );
  const views = list.map((b) => bookingView(b, now));
  const upcoming = views.filter((v) => v.status === 'booked' && new Date(v.endsAt) > now).reverse();
  // the code as a QR for the counter's scanner; only the few bookings still ahead (≤ weekly limit × weeks)
  for (const v of upcoming) v.qr = await codeQr(v.code);
  const queues = await queuesOf(
    tx,
    upcoming.map((v) => v.id),
  );
  for (const v of upcoming) v.queue = queues.get(v.id) ?? null;
  return { bookings: [...upcoming, ...views.filter((v) => !upcoming.includes(v))] };
}

type Audit = RoleContext<'booking.checkIn'>['audit'];

/** `booking.checkIn`: the counter checks a member in by code (or booking id), on the day, from an hour before. */
export async function checkIn(
  tx: Db,
  input: RoleContext<'booking.checkIn'>['input'],
  by: string | null,
  unionId: string | undefined,
  now: Date,
  audit: Audit,
): Promise<StaffBookingView> {
  const [b] = input.code
    ? await loadBookings(tx, sql`b.service_id = ${input.serviceId} AND b.code = ${input.code}`)
    : await loadBookings(tx, sql`b.service_id = ${input.serviceId} AND b.id = ${input.bookingId ?? ''}`);
  if (!b) throw new AppError('NOT_FOUND', '预约码无效，未找到该服务的预约');
  if (b.status === 'attended') throw new AppError('ALREADY_CHECKED_IN', `${b.person_name} 已签到`);
  if (b.status === 'cancelled') throw new AppError('BOOKING_CANCELLED', '该预约已取消');
  if (b.status === 'no_show') throw new AppError('ALREADY_NO_SHOW', '该预约已记为未到');
  if (b.day !== shanghaiDate(now)) throw new AppError('WRONG_DAY', `该预约是 ${b.day} 的，不是今天`);
  if (now.getTime() < new Date(b.starts_at).getTime() - 60 * 60_000) throw new AppError('TOO_EARLY', '开始前 1 小时内才能签到');
  const [done] = await rows(
    tx,
    sql`UPDATE booking_bookings SET status = 'attended', checked_in_at = ${ts(now)}::timestamptz, checked_in_by = ${by}
        WHERE id = ${b.id} AND status = 'booked' RETURNING id`,
  );
  if (!done) throw new AppError('ALREADY_CHECKED_IN', `${b.person_name} 已签到`);
  const union = unionId ?? (await serviceUnion(tx, b.service_id));
  await postBookingPoints(tx, { id: b.id, personId: b.person_id, unionId: union, service: b.service_name }, by, now);
  await audit({ action: 'booking.checkIn', unionId, targetType: 'booking', targetId: b.id });
  return staffBookingView(await loadBooking(tx, b.id));
}

/** `booking.markNoShow`: a booked member did not come; enough no-shows in the window suspend them. */
export async function markNoShow(
  tx: Db,
  bookingId: string,
  unionId: string | undefined,
  now: Date,
  audit: Audit,
): Promise<StaffBookingView & { suspendedUntil: string | null }> {
  const b = await loadBooking(tx, bookingId);
  if (b.status !== 'booked') throw new AppError('NOT_BOOKED', `该预约当前为「${staffBookingView(b).statusName}」，不能记为未到`);
  if (new Date(b.starts_at) > now) throw new AppError('TOO_EARLY', '时段开始后才能记为未到');
  const [done] = await rows(
    tx,
    sql`UPDATE booking_bookings SET status = 'no_show', no_show_at = ${ts(now)}::timestamptz WHERE id = ${b.id} AND status = 'booked' RETURNING id`,
  );
  if (!done) throw new AppError('NOT_BOOKED', '该预约状态已变化，请刷新');
  const until = await applyNoShowPolicy(tx, await loadService(tx, b.service_id), b.person_id, now);
  await audit({
    action: 'booking.markNoShow',
    unionId,
    targetType: 'booking',
    targetId: b.id,
    detail: { suspendedUntil: until },
  });
  return { ...staffBookingView(await loadBooking(tx, b.id)), suspendedUntil: until ? iso(until) : null };
}
