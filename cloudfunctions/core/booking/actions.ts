import QRCode from 'qrcode';
import type { ActionDef } from '../action';
import { defineAction } from '../action';
import { unionRef } from '../auth/access';
import { rows, sql, type Db } from '../db/client';
import { AppError, errors } from '../errors';
import type { DayView, SlotView, StaffSlotView, WeekFigures } from '../../../src/contracts/booking';
import {
  addDays,
  formatShanghai,
  isoWeekday,
  mondayOf,
  releaseInstant,
  shanghaiDate,
  shanghaiTime,
  weekStartOf,
} from './calendar';
import {
  MANAGERS,
  applyNoShowPolicy,
  assertCanBook,
  bookingView,
  canBook,
  canManage,
  cancelDeadline,
  closeSlot,
  ensureWeek,
  iso,
  loadBooking,
  loadBookings,
  loadService,
  loadSlot,
  refusals,
  releasePlace,
  serviceView,
  staffBookingView,
  suspendedUntil,
  type ServiceRow,
} from './domain';
import { capacityFromProviders, providersBySlot, putProviderBack, saveProviders, takeProviderOff } from './providers';
import { remindDue } from './reminders';
import { personIdOf } from '../auth/caller';
import { bookPlace } from './book';
import { fullSlots } from './rush';

const ts = (t: Date) => t.toISOString();
const SELF_CANCEL = '本人取消';
const serviceUnion = async (tx: Db, serviceId: string) => (await loadService(tx, serviceId)).union_id;
const providerUnion = async (tx: Db, providerId: string) => {
  const [p] = await rows<{ service_id: string }>(tx, sql`SELECT service_id FROM booking_providers WHERE id = ${providerId}`);
  if (!p) throw errors.notFound('服务人员');
  return serviceUnion(tx, p.service_id);
};
const slotUnion = async (tx: Db, slotId: string) => {
  const [r] = await rows<{ union_id: string }>(
    tx,
    sql`SELECT s.union_id FROM booking_slots sl JOIN booking_services s ON s.id = sl.service_id WHERE sl.id = ${slotId}`,
  );
  if (!r) throw errors.notFound('时段');
  return r.union_id;
};
const bookingUnion = async (tx: Db, bookingId: string) => {
  const [b] = await rows<{ service_id: string }>(tx, sql`SELECT service_id FROM booking_bookings WHERE id = ${bookingId}`);
  if (!b) throw errors.notFound('预约');
  return serviceUnion(tx, b.service_id);
};

async function saveServiceRow(
  tx: Db,
  input: Parameters<ActionDef<'booking.saveService'>['handler']>[0]['input'],
): Promise<string> {
  const r = input.rules;
  const cols = {
    name: input.name,
    location: input.location ?? null,
    description: input.description ?? null,
    eligible: input.eligibleUnionId ?? null,
    active: input.active ?? true,
  };
  if (input.serviceId) {
    const [u] = await rows<{ id: string }>(
      tx,
      sql`UPDATE booking_services SET name = ${cols.name}, location = ${cols.location}, description = ${cols.description},
            eligible_union_id = ${cols.eligible}, active = ${cols.active}, slot_minutes = ${r.slotMinutes}, capacity = ${r.capacity},
            template = ${JSON.stringify(r.template)}::jsonb, release_weekday = ${r.releaseWeekday}, release_time = ${r.releaseTime},
            release_weeks_ahead = ${r.releaseWeeksAhead}, weekly_limit = ${r.weeklyLimit}, cancel_minutes_before = ${r.cancelMinutesBefore},
            no_show_limit = ${r.noShowLimit}, no_show_window_days = ${r.noShowWindowDays}, suspend_days = ${r.suspendDays}
          WHERE id = ${input.serviceId} AND union_id = ${input.unionId} RETURNING id`,
    );
    if (!u) throw errors.notFound('服务项目');
    return u.id;
  }
  const [c] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO booking_services (union_id, name, location, description, eligible_union_id, active, slot_minutes, capacity, template,
          release_weekday, release_time, release_weeks_ahead, weekly_limit, cancel_minutes_before, no_show_limit, no_show_window_days, suspend_days)
        VALUES (${input.unionId}, ${cols.name}, ${cols.location}, ${cols.description}, ${cols.eligible}, ${cols.active}, ${r.slotMinutes},
          ${r.capacity}, ${JSON.stringify(r.template)}::jsonb, ${r.releaseWeekday}, ${r.releaseTime}, ${r.releaseWeeksAhead}, ${r.weeklyLimit},
          ${r.cancelMinutesBefore}, ${r.noShowLimit}, ${r.noShowWindowDays}, ${r.suspendDays})
        RETURNING id`,
  );
  return c.id;
}

function slotStatus(
  s: { status: string; released_at: Date; starts_at: Date; booked: number; capacity: number },
  now: Date,
): SlotView['status'] {
  if (s.status === 'closed') return 'closed';
  if (new Date(s.released_at) > now) return 'not_released';
  if (new Date(s.starts_at) <= now) return 'past';
  if (s.booked >= s.capacity) return 'full';
  return 'open';
}

async function assertManager(svc: ServiceRow, access: Parameters<typeof canManage>[0]) {
  if (!canManage(access, svc)) throw errors.forbidden();
}

/** How far ahead staff may lay out slots; the server's own week is the earliest (never weeks already past). */
export const GENERATE_WEEKS_AHEAD = 8;

export const bookingActions: ActionDef[] = [
  defineAction('booking.services', {
    readOnly: true,
    allow: 'signedIn',
    async handler({ tx, access }) {
      const list = await rows<{ id: string }>(tx, sql`SELECT id FROM booking_services ORDER BY created_at`);
      const services = [];
      for (const { id } of list) {
        const s = await loadService(tx, id);
        if ((canBook(access, s) && s.active) || canManage(access, s)) services.push(serviceView(s, access));
      }
      return { services };
    },
  }),

  defineAction('booking.saveService', {
    allow: MANAGERS,
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input, access, audit }) {
      if (input.eligibleUnionId) {
        const [own, eligible] = [await unionRef(tx, input.unionId), await unionRef(tx, input.eligibleUnionId)];
        // open to a federation subtree that holds this union (e.g. the street federation), never to a stranger's tree
        if (!own || !eligible || !own.path.startsWith(eligible.path))
          throw new AppError('INVALID_INPUT', '可预约范围：应为本工会或其上级工会', {
            eligibleUnionId: '可预约范围：应为本工会或其上级工会',
          });
      }
      const serviceId = await saveServiceRow(tx, input);
      await capacityFromProviders(tx, serviceId);
      await audit({
        action: 'booking.saveService',
        unionId: input.unionId,
        targetType: 'booking_service',
        targetId: serviceId,
        detail: { input },
      });
      return serviceView(await loadService(tx, serviceId), access);
    },
  }),

  defineAction('booking.generateWeek', {
    allow: MANAGERS,
    scope: (tx, input) => serviceUnion(tx, input.serviceId),
    async handler({ tx, input, now, audit }) {
      const s = await loadService(tx, input.serviceId);
      const weekStart = mondayOf(input.weekStart);
      const first = weekStartOf(now);
      const last = addDays(first, 7 * GENERATE_WEEKS_AHEAD);
      if (weekStart < first || weekStart > last)
        throw new AppError(
          'INVALID_INPUT',
          `周起始日：只能生成本周至 ${GENERATE_WEEKS_AHEAD} 周后的时段（${first} 至 ${last}）`,
          {
            weekStart: `周起始日：应在 ${first} 至 ${last} 之间`,
          },
        );
      const r = await ensureWeek(tx, s, weekStart, input.releaseNow ? now : null);
      await audit({
        action: 'booking.generateWeek',
        unionId: s.union_id,
        targetType: 'booking_service',
        targetId: s.id,
        detail: { weekStart, ...r },
      });
      return { created: r.created, releasesAt: iso(r.releasesAt) };
    },
  }),

  defineAction('booking.week', {
    readOnly: true,
    allow: 'signedIn',
    scope: (tx, input) => serviceUnion(tx, input.serviceId),
    async handler({ tx, input, access, caller, now }) {
      const personId = personIdOf(caller.personId);
      const s = await loadService(tx, input.serviceId);
      if (!canBook(access, s) && !canManage(access, s)) assertCanBook(access, s);
      const weekStart = input.weekStart ? mondayOf(input.weekStart) : weekStartOf(now);
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
    },
  }),

  defineAction('booking.book', {
    // Eligibility (own union or a federation subtree) is a business rule checked, with everything else and the
    // audit row, inside the one statement of `bookPlace` (book.ts): no scope or role lookup on the path of a rush.
    allow: 'signedIn',
    transaction: false,
    budget: 'inline',
    async handler({ tx: db, input, caller, now, writeBudget }) {
      return bookPlace(db, {
        personId: personIdOf(caller.personId),
        slotId: input.slotId,
        requestId: input.requestId ?? null,
        now,
        writeBudget,
      });
    },
  }),

  defineAction('booking.cancel', {
    allow: 'signedIn',
    scope: (tx, input) => bookingUnion(tx, input.bookingId),
    async handler({ tx, input, caller, now, audit, union }) {
      const personId = personIdOf(caller.personId);
      const b = await loadBooking(tx, input.bookingId);
      if (b.person_id !== personId) throw errors.notFound('预约'); // someone else's booking does not exist for you
      // a double tap or a retry after a lost answer: the member's own cancellation is already done
      if (b.status === 'cancelled' && b.cancel_reason === SELF_CANCEL) return bookingView(b, now);
      if (b.status !== 'booked')
        throw new AppError('NOT_CANCELLABLE', `该预约${b.status === 'cancelled' ? '已取消' : '已结束'}，不能取消`);
      const deadline = cancelDeadline(b);
      if (now > deadline)
        throw new AppError(
          'CANCEL_DEADLINE_PASSED',
          `已过取消截止时间（开始前 ${b.cancel_minutes_before} 分钟，即 ${formatShanghai(deadline)}）`,
        );
      const [done] = await rows<{ id: string }>(
        tx,
        sql`UPDATE booking_bookings SET status = 'cancelled', cancelled_at = ${ts(now)}::timestamptz, cancel_reason = ${SELF_CANCEL}
            WHERE id = ${b.id} AND status = 'booked' RETURNING id`,
      );
      if (!done) {
        const after = await loadBooking(tx, b.id); // a concurrent tap of the same member won the row
        if (after.status === 'cancelled' && after.cancel_reason === SELF_CANCEL) return bookingView(after, now);
        throw new AppError('NOT_CANCELLABLE', '该预约状态已变化，请刷新');
      }
      const s = await loadService(tx, b.service_id);
      const assigned = await releasePlace(tx, s, b, now, true);
      fullSlots.forget(b.slot_id);
      await audit({
        action: 'booking.cancel',
        unionId: union?.id,
        targetType: 'booking',
        targetId: b.id,
        detail: { slotId: b.slot_id, assignedTo: assigned },
      });
      return bookingView(await loadBooking(tx, b.id), now);
    },
  }),

  defineAction('booking.mine', {
    readOnly: true,
    allow: 'signedIn',
    async handler({ tx, input, caller, now }) {
      const personId = personIdOf(caller.personId);
      const list = await loadBookings(
        tx,
        input.serviceId ? sql`b.person_id = ${personId} AND b.service_id = ${input.serviceId}` : sql`b.person_id = ${personId}`,
        sql`ORDER BY sl.starts_at DESC LIMIT 50`,
      );
      const views = list.map((b) => bookingView(b, now));
      const upcoming = views.filter((v) => v.status === 'booked' && new Date(v.endsAt) > now).reverse();
      // the code as a QR for the counter's scanner; only the few bookings still ahead (≤ weekly limit × weeks)
      for (const v of upcoming) v.qr = await QRCode.toDataURL(v.code, { errorCorrectionLevel: 'M', margin: 1, width: 200 });
      return { bookings: [...upcoming, ...views.filter((v) => !upcoming.includes(v))] };
    },
  }),

  defineAction('booking.joinWaitlist', {
    allow: 'signedIn',
    scope: (tx, input) => serviceUnion(tx, input.serviceId),
    async handler({ tx, input, access, caller, now, audit }) {
      const personId = personIdOf(caller.personId);
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
      if (slots.some((x) => new Date(x.released_at) > now))
        throw new AppError('NOT_YET_RELEASED', '当天的时段尚未开放，暂不能候补');
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
    },
  }),

  defineAction('booking.leaveWaitlist', {
    allow: 'signedIn',
    scope: (tx, input) => serviceUnion(tx, input.serviceId),
    async handler({ tx, input, caller }) {
      const personId = personIdOf(caller.personId);
      await tx.execute(
        sql`UPDATE booking_waitlist SET status = 'left' WHERE service_id = ${input.serviceId} AND day = ${input.date} AND person_id = ${personId} AND status = 'waiting'`,
      );
      return { date: input.date };
    },
  }),

  defineAction('booking.day', {
    readOnly: true,
    allow: MANAGERS,
    scope: (tx, input) => serviceUnion(tx, input.serviceId),
    async handler({ tx, input: given, now }) {
      const input = { ...given, date: given.date ?? shanghaiDate(now) };
      const svc = await loadService(tx, input.serviceId);
      const slots = await rows<{
        id: string;
        starts_at: Date;
        capacity: number;
        booked: number;
        status: 'open' | 'closed';
        closed_reason: string | null;
        closed_by_providers: boolean;
      }>(
        tx,
        sql`SELECT id, starts_at, capacity, booked, status, closed_reason, closed_by_providers FROM booking_slots
            WHERE service_id = ${input.serviceId} AND day = ${input.date} ORDER BY starts_at`,
      );
      const bookings = await loadBookings(
        tx,
        sql`b.service_id = ${input.serviceId} AND sl.day = ${input.date}`,
        sql`ORDER BY b.created_at`,
      );
      const providers = await providersBySlot(
        tx,
        svc,
        slots.map((sl) => sl.id),
      );
      const out: StaffSlotView[] = slots.map((sl) => ({
        id: sl.id,
        label: shanghaiTime(new Date(sl.starts_at)),
        startsAt: iso(sl.starts_at),
        capacity: sl.capacity,
        booked: sl.booked,
        status: sl.status,
        closedReason: sl.closed_reason,
        closedByProviders: sl.closed_by_providers,
        providers: providers.get(sl.id) ?? [],
        bookings: bookings.filter((b) => b.slot_id === sl.id).map(staffBookingView),
      }));
      return { date: input.date, slots: out };
    },
  }),

  defineAction('booking.checkIn', {
    allow: MANAGERS,
    scope: (tx, input) => serviceUnion(tx, input.serviceId),
    async handler({ tx, input, caller, now, audit, union }) {
      const [b] = input.code
        ? await loadBookings(tx, sql`b.service_id = ${input.serviceId} AND b.code = ${input.code}`)
        : await loadBookings(tx, sql`b.service_id = ${input.serviceId} AND b.id = ${input.bookingId ?? ''}`);
      if (!b) throw new AppError('NOT_FOUND', '预约码无效，未找到该服务的预约');
      if (b.status === 'attended') throw new AppError('ALREADY_CHECKED_IN', `${b.person_name} 已签到`);
      if (b.status === 'cancelled') throw new AppError('BOOKING_CANCELLED', '该预约已取消');
      if (b.status === 'no_show') throw new AppError('ALREADY_NO_SHOW', '该预约已记为未到');
      if (b.day !== shanghaiDate(now)) throw new AppError('WRONG_DAY', `该预约是 ${b.day} 的，不是今天`);
      if (now.getTime() < new Date(b.starts_at).getTime() - 60 * 60_000)
        throw new AppError('TOO_EARLY', '开始前 1 小时内才能签到');
      const [done] = await rows(
        tx,
        sql`UPDATE booking_bookings SET status = 'attended', checked_in_at = ${ts(now)}::timestamptz, checked_in_by = ${caller.personId}
            WHERE id = ${b.id} AND status = 'booked' RETURNING id`,
      );
      if (!done) throw new AppError('ALREADY_CHECKED_IN', `${b.person_name} 已签到`);
      await audit({ action: 'booking.checkIn', unionId: union?.id, targetType: 'booking', targetId: b.id });
      return staffBookingView(await loadBooking(tx, b.id));
    },
  }),

  defineAction('booking.markNoShow', {
    allow: MANAGERS,
    scope: (tx, input) => bookingUnion(tx, input.bookingId),
    async handler({ tx, input, now, audit, union }) {
      const b = await loadBooking(tx, input.bookingId);
      if (b.status !== 'booked')
        throw new AppError('NOT_BOOKED', `该预约当前为「${staffBookingView(b).statusName}」，不能记为未到`);
      if (new Date(b.starts_at) > now) throw new AppError('TOO_EARLY', '时段开始后才能记为未到');
      const [done] = await rows(
        tx,
        sql`UPDATE booking_bookings SET status = 'no_show', no_show_at = ${ts(now)}::timestamptz WHERE id = ${b.id} AND status = 'booked' RETURNING id`,
      );
      if (!done) throw new AppError('NOT_BOOKED', '该预约状态已变化，请刷新');
      const until = await applyNoShowPolicy(tx, await loadService(tx, b.service_id), b.person_id, now);
      await audit({
        action: 'booking.markNoShow',
        unionId: union?.id,
        targetType: 'booking',
        targetId: b.id,
        detail: { suspendedUntil: until },
      });
      return { ...staffBookingView(await loadBooking(tx, b.id)), suspendedUntil: until ? iso(until) : null };
    },
  }),

  defineAction('booking.closeSlot', {
    allow: MANAGERS,
    scope: (tx, input) => slotUnion(tx, input.slotId),
    async handler({ tx, input, now, audit, union }) {
      const slot = await loadSlot(tx, input.slotId);
      const s = await loadService(tx, slot.service_id);
      const n = await closeSlot(tx, s, slot.id, input.reason, now);
      if (n === null) throw new AppError('ALREADY_CLOSED', '该时段已关闭');
      fullSlots.forget(slot.id); // callers now hear SLOT_CLOSED from the database
      await audit({
        action: 'booking.closeSlot',
        unionId: union?.id,
        targetType: 'booking_slot',
        targetId: slot.id,
        detail: { reason: input.reason, cancelled: n },
      });
      return { cancelled: n };
    },
  }),

  defineAction('booking.closeDay', {
    allow: MANAGERS,
    scope: (tx, input) => serviceUnion(tx, input.serviceId),
    async handler({ tx, input, now, audit, union }) {
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
        unionId: union?.id,
        targetType: 'booking_service',
        targetId: s.id,
        detail: { date: input.date, reason: input.reason, cancelled },
      });
      return { cancelled, slots: slots.length };
    },
  }),

  defineAction('booking.saveProviders', {
    allow: MANAGERS,
    scope: (tx, input) => serviceUnion(tx, input.serviceId),
    async handler({ tx, input, now, audit, union }) {
      const s = await loadService(tx, input.serviceId);
      const r = await saveProviders(tx, s, input.providers, now);
      fullSlots.forgetAll(); // capacities of the service's slots changed
      await audit({
        action: 'booking.saveProviders',
        unionId: union?.id,
        targetType: 'booking_service',
        targetId: s.id,
        detail: { providers: r.providers, cancelled: r.cancelled },
      });
      return { providers: r.providers, capacity: r.capacity, cancelled: r.cancelled.length };
    },
  }),

  defineAction('booking.takeProviderOff', {
    allow: MANAGERS,
    scope: (tx, input) => providerUnion(tx, input.providerId),
    async handler({ tx, input, caller, now, audit, union }) {
      const r = await takeProviderOff(tx, { ...input, by: caller.personId, now });
      fullSlots.forgetAll(); // capacities changed (a slot may also be closed now)
      await audit({
        action: 'booking.takeProviderOff',
        unionId: union?.id,
        targetType: 'booking_provider',
        targetId: input.providerId,
        detail: {
          slotId: input.slotId ?? null,
          date: input.date ?? null,
          reason: input.reason,
          slots: r.slots,
          cancelled: r.cancelled,
        },
      });
      return { slots: r.slots, cancelled: r.cancelled.length };
    },
  }),

  defineAction('booking.putProviderBack', {
    allow: MANAGERS,
    scope: (tx, input) => providerUnion(tx, input.providerId),
    async handler({ tx, input, now, audit, union }) {
      const r = await putProviderBack(tx, { ...input, now });
      fullSlots.forgetAll(); // places added
      await audit({
        action: 'booking.putProviderBack',
        unionId: union?.id,
        targetType: 'booking_provider',
        targetId: input.providerId,
        detail: { slotId: input.slotId ?? null, date: input.date ?? null, slots: r.slots, assigned: r.assigned },
      });
      return { slots: r.slots, assigned: r.assigned.length };
    },
  }),

  defineAction('booking.stats', {
    readOnly: true,
    allow: MANAGERS,
    scope: (tx, input) => serviceUnion(tx, input.serviceId),
    async handler({ tx, input, now }) {
      const last = addDays(weekStartOf(now), 7);
      const first = addDays(last, -7 * (input.weeks - 1));
      const offered = await rows<{ w: string; n: number }>(
        tx,
        sql`SELECT week_start::text AS w, COALESCE(sum(capacity), 0)::int AS n FROM booking_slots
            WHERE service_id = ${input.serviceId} AND status = 'open' AND week_start BETWEEN ${first} AND ${last} GROUP BY week_start`,
      );
      const byStatus = await rows<{ w: string; status: string; n: number }>(
        tx,
        sql`SELECT week_start::text AS w, status, count(*)::int AS n FROM booking_bookings
            WHERE service_id = ${input.serviceId} AND week_start BETWEEN ${first} AND ${last} GROUP BY week_start, status`,
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
    },
  }),

  defineAction('booking.remind', {
    allow: MANAGERS,
    scope: (tx, input) => serviceUnion(tx, input.serviceId),
    async handler({ tx, input, now }) {
      return { sent: await remindDue(tx, now, input.withinMinutes, input.serviceId) };
    },
  }),
];
