import type { RoleContext } from '../action';
import type { Access } from '../auth/access';
import { rows, sql, type Db } from '../db/client';
import { AppError } from '../errors';
import { formatShanghai } from './calendar';
import { newCode, returnWeeklyQuota, takeWeeklyQuota } from './bookings';
import { notify } from './notify';
import { assertCanBook, loadService, refusals, type ServiceRow } from './services';
import { suspendedUntil } from './suspensions';
import { loadSlot, slotStatus, type SlotRow } from './week';

/**
 * The waitlist of a full day: joining and leaving it, and handing it a place freed by a cancellation or added
 * by a provider coming back (first come first served, booked automatically).
 */

/** `booking.joinWaitlist`: wait for a place on a day whose released slots are all full; returns the position. */
export async function joinWaitlist(
  tx: Db,
  access: Access,
  personId: string,
  input: RoleContext<'booking.joinWaitlist'>['input'],
  now: Date,
  audit: RoleContext<'booking.joinWaitlist'>['audit'],
): Promise<{ date: string; position: number }> {
  const s = await loadService(tx, input.serviceId);
  assertCanBook(access, s);
  const until = await suspendedUntil(tx, s.id, personId, now);
  if (until) throw refusals.suspended(until);
  const slots = await rows<{
    status: string;
    released_at: Date;
    starts_at: Date;
    booked: number;
    capacity: number;
    mine: boolean;
  }>(
    tx,
    sql`SELECT sl.status, sl.released_at, sl.starts_at, sl.booked, sl.capacity,
          EXISTS (SELECT 1 FROM booking_bookings b WHERE b.slot_id = sl.id AND b.person_id = ${personId} AND b.status <> 'cancelled') AS mine
        FROM booking_slots sl WHERE sl.service_id = ${s.id} AND sl.day = ${input.date}`,
  );
  const live = slots.filter((x) => ['open', 'full'].includes(slotStatus(x, now)));
  if (slots.some((x) => new Date(x.released_at) > now)) throw new AppError('NOT_YET_RELEASED', '当天的时段尚未开放，暂不能候补');
  if (live.length === 0) throw new AppError('DAY_CLOSED', '当天已没有可候补的时段');
  if (live.some((x) => slotStatus(x, now) === 'open')) throw new AppError('DAY_NOT_FULL', '当天还有空闲时段，请直接预约');
  if (slots.some((x) => x.mine)) throw new AppError('ALREADY_BOOKED', '您当天已有预约，无需候补');
  await tx.execute(
    sql`INSERT INTO booking_waitlist (service_id, day, person_id) VALUES (${s.id}, ${input.date}, ${personId})
        ON CONFLICT (service_id, day, person_id) WHERE status = 'waiting' DO NOTHING`,
  );
  const [pos] = await rows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM booking_waitlist w WHERE w.service_id = ${s.id} AND w.day = ${input.date} AND w.status = 'waiting'
        AND w.seq <= (SELECT seq FROM booking_waitlist WHERE service_id = ${s.id} AND day = ${input.date} AND person_id = ${personId} AND status = 'waiting')`,
  );
  await audit({
    action: 'booking.joinWaitlist',
    unionId: s.union_id,
    targetType: 'booking_service',
    targetId: s.id,
    detail: { date: input.date },
  });
  return { date: input.date, position: Number(pos.n) };
}

/** `booking.leaveWaitlist`: stop waiting for the day (nothing to do when not waiting). */
export async function leaveWaitlist(tx: Db, personId: string, serviceId: string, date: string): Promise<{ date: string }> {
  await tx.execute(
    sql`UPDATE booking_waitlist SET status = 'left' WHERE service_id = ${serviceId} AND day = ${date} AND person_id = ${personId} AND status = 'waiting'`,
  );
  return { date };
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
