import type { Harness } from '../support/harness';
import { THIS_WEEK, code, useBookingHarness } from './support';
import { rows, sql } from '../../cloudfunctions/core/db/client';
import * as dbClient from '../../cloudfunctions/core/db/client';
import QRCode from 'qrcode';
import { configureNoticeChannels } from '../../cloudfunctions/core/notices/channels';
import { deliverNotices } from '../../cloudfunctions/core/notices/outbox';
import { recordingChannel, withOpenid } from '../support/notice-channel';
import type { ServiceRules, ServiceView, SlotView } from '@shared/contracts/booking';
import { contracts } from '@shared/contracts';

/** The Monday after NOW0's week. */
const NEXT_WEEK = '2026-11-30';

let h: Harness;
let staff: string;
const next = useBookingHarness((bed) => ({ h, staff } = bed));

const defaults: ServiceRules = {
  slotMinutes: 30,
  capacity: 2,
  template: [{ weekday: 4, start: '09:00', end: '11:00' }], // Thursdays 09:00–11:00 → 4 slots
  releaseWeekday: 1,
  releaseTime: '12:00',
  releaseWeeksAhead: 1,
  weeklyLimit: 2,
  cancelMinutesBefore: 60,
  noShowLimit: 2,
  noShowWindowDays: 30,
  suspendDays: 14,
};

let serviceSeq = 0;
async function newService(rules: Partial<ServiceRules> = {}, extra: { eligibleUnionId?: string } = {}): Promise<ServiceView> {
  const svc = await h.ok(staff, 'booking.saveService', {
    unionId: h.base.unions.xinghuo,
    name: `测试服务${++serviceSeq}`,
    rules: { ...defaults, ...rules },
    ...extra,
  });
  await h.ok(staff, 'booking.generateWeek', { serviceId: svc.id, weekStart: THIS_WEEK, releaseNow: true });
  return svc;
}
async function slotsOf(serviceId: string, weekStart = THIS_WEEK, as = staff): Promise<SlotView[]> {
  const week = await h.ok(as, 'booking.week', { serviceId, weekStart });
  return week.days.flatMap((d) => d.slots);
}

describe('seeded 理发屋', () => {
  test('zhangWei sees 理发屋 with this and next week released, Mon–Fri 8 slots a day, 2 chairs', async () => {
    const { services } = await h.ok(h.base.people.zhangWei, 'booking.services', {});
    const shop = services.find((s) => s.name === '理发屋')!;
    expect(shop).toBeDefined();
    expect(shop.canManage).toBe(false);
    for (const weekStart of [THIS_WEEK, NEXT_WEEK]) {
      const week = await h.ok(h.base.people.zhangWei, 'booking.week', { serviceId: shop.id, weekStart });
      expect(week.released).toBe(true);
      expect(week.days.map((d) => d.weekday)).toEqual([1, 2, 3, 4, 5]);
      expect(week.days.every((d) => d.slots.length === 8)).toBe(true);
      expect(week.days[0].slots.map((s) => s.label)).toEqual([
        '12:00',
        '12:20',
        '12:40',
        '13:00',
        '17:30',
        '17:50',
        '18:10',
        '18:30',
      ]);
      expect(week.days[0].slots[0].capacity).toBe(2);
      expect(week.myCount).toBe(0);
    }
    const next = await h.ok(h.base.people.zhangWei, 'booking.week', { serviceId: shop.id, weekStart: NEXT_WEEK });
    expect(next.days.flatMap((d) => d.slots).some((s) => s.booked > 0)).toBe(true);
    // Monday and Tuesday of this week are past
    const thisWeek = await h.ok(h.base.people.zhangWei, 'booking.week', { serviceId: shop.id, weekStart: THIS_WEEK });
    expect(thisWeek.days[0].slots.every((s) => s.status === 'past')).toBe(true);
    expect(thisWeek.days[2].slots[0].status === 'open' || thisWeek.days[2].slots[0].status === 'full').toBe(true);
    const { services: staffView } = await h.ok(staff, 'booking.services', {});
    expect(staffView.find((s) => s.name === '理发屋')!.canManage).toBe(true);
  });
});

describe('booking rules', () => {
  test('book, grid shows it, no second booking of the same slot, weekly limit, slot taken', async () => {
    const svc = await newService();
    const [a, b, c] = [next(), next(), next()];
    const slots = await slotsOf(svc.id);
    expect(slots).toHaveLength(4);
    const booking = await h.ok(a, 'booking.book', { slotId: slots[0].id });
    expect(booking.status).toBe('booked');
    expect(booking.code).toMatch(/^[A-Z2-9]{8}$/);
    expect(booking.label).toBe('09:00–09:30');
    const grid = await slotsOf(svc.id, THIS_WEEK, a);
    expect(grid[0]).toMatchObject({ booked: 1, free: 1, myBookingId: booking.id });
    expect(await code(h.call(a, 'booking.book', { slotId: slots[0].id }))).toBe('ALREADY_BOOKED');
    await h.ok(a, 'booking.book', { slotId: slots[1].id });
    const r = await h.call(a, 'booking.book', { slotId: slots[2].id });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('LIMIT_REACHED');
      expect(r.error.message).toContain('每人每周最多预约 2 次');
    }
    await h.ok(b, 'booking.book', { slotId: slots[0].id });
    const taken = await h.call(c, 'booking.book', { slotId: slots[0].id });
    expect(taken.ok ? 'OK' : taken.error.code).toBe('SLOT_TAKEN');
    if (!taken.ok) expect(taken.error.message).toContain('约满');
    const [row] = await rows<{ booked: number }>(h.database.db, sql`SELECT booked FROM booking_slots WHERE id = ${slots[0].id}`);
    expect(row.booked).toBe(2);
  });

  test('a retried request returns the same booking and counts once', async () => {
    const svc = await newService({ weeklyLimit: 1 });
    const a = next();
    const [slot] = await slotsOf(svc.id);
    const requestId = 'req-retry-000001';
    const first = await h.ok(a, 'booking.book', { slotId: slot.id, requestId });
    const again = await h.ok(a, 'booking.book', { slotId: slot.id, requestId });
    expect(again.id).toBe(first.id);
    const [w] = await rows<{ count: number }>(
      h.database.db,
      sql`SELECT count FROM booking_member_weeks WHERE service_id = ${svc.id} AND person_id = ${a}`,
    );
    expect(w.count).toBe(1);
    const [s] = await rows<{ booked: number }>(h.database.db, sql`SELECT booked FROM booking_slots WHERE id = ${slot.id}`);
    expect(s.booked).toBe(1);
  });

  test('cancel frees the slot at once for another member; after the deadline it is refused', async () => {
    const svc = await newService({ capacity: 1 });
    const [a, b, c] = [next(), next(), next()];
    const slots = await slotsOf(svc.id);
    const mine = await h.ok(a, 'booking.book', { slotId: slots[0].id });
    expect(await code(h.call(b, 'booking.book', { slotId: slots[0].id }))).toBe('SLOT_TAKEN');
    const cancelled = await h.ok(a, 'booking.cancel', { bookingId: mine.id });
    expect(cancelled.status).toBe('cancelled');
    expect((await h.ok(a, 'booking.week', { serviceId: svc.id, weekStart: THIS_WEEK })).myCount).toBe(0);
    const theirs = await h.ok(b, 'booking.book', { slotId: slots[0].id });
    expect(theirs.status).toBe('booked');
    // a double tap / retry of the member's own cancellation answers the same, and frees nothing twice
    expect(await h.ok(a, 'booking.cancel', { bookingId: mine.id })).toMatchObject({ id: mine.id, status: 'cancelled' });
    const [again] = await rows<{ booked: number }>(
      h.database.db,
      sql`SELECT booked FROM booking_slots WHERE id = ${slots[0].id}`,
    );
    expect(again.booked).toBe(1);
    expect(await code(h.call(a, 'booking.cancel', { bookingId: theirs.id }))).toBe('NOT_FOUND');

    // Thursday 08:01 → 59 minutes before 09:00: too late to cancel
    const late = await h.ok(c, 'booking.book', { slotId: slots[1].id });
    h.setNow('2026-11-26T08:31:00+08:00');
    const r = await h.call(c, 'booking.cancel', { bookingId: late.id });
    expect(r.ok ? 'OK' : r.error.code).toBe('CANCEL_DEADLINE_PASSED');
    if (!r.ok) expect(r.error.message).toContain('开始前 60 分钟');
    h.setNow('2026-11-26T08:29:00+08:00');
    expect((await h.ok(c, 'booking.cancel', { bookingId: late.id })).status).toBe('cancelled');
  });

  test('slots open exactly at the release instant by the server clock', async () => {
    const svc = await newService();
    await h.ok(staff, 'booking.generateWeek', { serviceId: svc.id, weekStart: NEXT_WEEK }); // opened Mon 11-23 12:00 already
    await h.ok(staff, 'booking.generateWeek', { serviceId: svc.id, weekStart: '2026-12-07' }); // opens Mon 11-30 12:00
    const a = next();
    const later = await slotsOf(svc.id, '2026-12-07', a);
    expect(later[0].status).toBe('not_released');
    const week = await h.ok(a, 'booking.week', { serviceId: svc.id, weekStart: '2026-12-07' });
    expect(week.released).toBe(false);
    expect(week.releasesAt).toBe('2026-11-30T04:00:00.000Z');
    const r = await h.call(a, 'booking.book', { slotId: later[0].id });
    expect(r.ok ? 'OK' : r.error.code).toBe('NOT_YET_RELEASED');
    if (!r.ok) expect(r.error.message).toContain('11月30日 12:00');
    h.setNow('2026-11-30T11:59:59.999+08:00');
    expect(await code(h.call(a, 'booking.book', { slotId: later[0].id }))).toBe('NOT_YET_RELEASED');
    h.setNow('2026-11-30T12:00:00+08:00');
    expect(await code(h.call(a, 'booking.book', { slotId: later[0].id }))).toBe('OK');
    // and a slot that has begun cannot be booked
    h.setNow('2026-12-10T09:00:00+08:00');
    expect(await code(h.call(next(), 'booking.book', { slotId: later[0].id }))).toBe('SLOT_PAST');
  });

  test('waitlist: a full day can be joined, the first waiter gets the freed place', async () => {
    const svc = await newService({ capacity: 1, template: [{ weekday: 5, start: '10:00', end: '11:00' }] }); // Fridays: 2 slots
    const [a, b, w1, w2] = [next(), next(), next(), next()];
    const slots = await slotsOf(svc.id);
    expect(await code(h.call(w1, 'booking.joinWaitlist', { serviceId: svc.id, date: '2026-11-27' }))).toBe('DAY_NOT_FULL');
    const ba = await h.ok(a, 'booking.book', { slotId: slots[0].id });
    await h.ok(b, 'booking.book', { slotId: slots[1].id });
    const day = (await h.ok(w1, 'booking.week', { serviceId: svc.id, weekStart: THIS_WEEK })).days[0];
    expect(day.full).toBe(true);
    expect(await h.ok(w1, 'booking.joinWaitlist', { serviceId: svc.id, date: '2026-11-27' })).toEqual({
      date: '2026-11-27',
      position: 1,
    });
    expect(await h.ok(w2, 'booking.joinWaitlist', { serviceId: svc.id, date: '2026-11-27' })).toEqual({
      date: '2026-11-27',
      position: 2,
    });
    expect(await code(h.call(a, 'booking.joinWaitlist', { serviceId: svc.id, date: '2026-11-27' }))).toBe('ALREADY_BOOKED');
    await h.ok(a, 'booking.cancel', { bookingId: ba.id });
    const { bookings } = await h.ok(w1, 'booking.mine', { serviceId: svc.id });
    expect(bookings).toHaveLength(1);
    expect(bookings[0]).toMatchObject({ slotId: slots[0].id, status: 'booked', fromWaitlist: true });
    const { notices } = await h.ok(w1, 'notices.list', {});
    expect(notices[0].title).toContain('候补成功');
    expect((await h.ok(w2, 'booking.mine', { serviceId: svc.id })).bookings).toHaveLength(0);
    const [s] = await rows<{ booked: number }>(h.database.db, sql`SELECT booked FROM booking_slots WHERE id = ${slots[0].id}`);
    expect(s.booked).toBe(1);
    // w2 leaves; next cancel frees the place for anyone
    await h.ok(w2, 'booking.leaveWaitlist', { serviceId: svc.id, date: '2026-11-27' });
    await h.ok(w1, 'booking.cancel', { bookingId: bookings[0].id });
    expect((await slotsOf(svc.id))[0].free).toBe(1);
  });

  test('staff close a slot: bookings cancelled with a notice, weekly quota returned', async () => {
    const svc = await newService({ weeklyLimit: 1 });
    const [a, b] = [next(), next()];
    const slots = await slotsOf(svc.id);
    await h.ok(a, 'booking.book', { slotId: slots[2].id });
    await h.ok(b, 'booking.book', { slotId: slots[2].id });
    expect(await h.ok(staff, 'booking.closeSlot', { slotId: slots[2].id, reason: '师傅病假' })).toEqual({ cancelled: 2 });
    const { bookings } = await h.ok(a, 'booking.mine', { serviceId: svc.id });
    expect(bookings[0]).toMatchObject({ status: 'cancelled' });
    expect(bookings[0].cancelReason).toContain('师傅病假');
    const { notices } = await h.ok(b, 'notices.list', {});
    expect(notices[0].body).toContain('师傅病假');
    expect(await code(h.call(a, 'booking.book', { slotId: slots[2].id }))).toBe('SLOT_CLOSED');
    expect(await code(h.call(a, 'booking.cancel', { bookingId: bookings[0].id }))).toBe('NOT_CANCELLABLE'); // cancelled by staff
    expect(await code(h.call(a, 'booking.book', { slotId: slots[3].id }))).toBe('OK'); // quota came back
    expect(await code(h.call(staff, 'booking.closeSlot', { slotId: slots[2].id, reason: '重复' }))).toBe('ALREADY_CLOSED');
    const closed = await h.ok(staff, 'booking.closeDay', { serviceId: svc.id, date: '2026-11-26', reason: '节假日' });
    expect(closed).toEqual({ cancelled: 1, slots: 3 });
  });

  test('check-in by code on the day; no-shows suspend booking after the limit', async () => {
    const svc = await newService({ weeklyLimit: 4, capacity: 1 });
    await h.ok(staff, 'booking.generateWeek', { serviceId: svc.id, weekStart: NEXT_WEEK, releaseNow: true });
    const [a, b] = [next(), next()];
    const slots = await slotsOf(svc.id);
    const bk = await h.ok(a, 'booking.book', { slotId: slots[0].id });
    const n1 = await h.ok(b, 'booking.book', { slotId: slots[1].id });
    const n2 = await h.ok(b, 'booking.book', { slotId: slots[2].id });
    expect(await code(h.call(staff, 'booking.checkIn', { serviceId: svc.id, code: bk.code }))).toBe('WRONG_DAY');
    h.setNow('2026-11-26T08:30:00+08:00');
    expect(await code(h.call(staff, 'booking.checkIn', { serviceId: svc.id, code: 'ZZZZZZZZ' }))).toBe('NOT_FOUND');
    const checked = await h.ok(staff, 'booking.checkIn', { serviceId: svc.id, code: bk.code.toLowerCase() });
    expect(checked.status).toBe('attended');
    // attending earns the booking rule's points once (core/points-rules.ts)
    const pts = await h.ok(a, 'perks.myPoints', {});
    expect(pts.balance).toBe(2);
    expect(pts.entries.map((e) => e.reason)).toEqual([expect.stringContaining('预约服务到场')]);
    expect(await code(h.call(staff, 'booking.checkIn', { serviceId: svc.id, bookingId: bk.id }))).toBe('ALREADY_CHECKED_IN');
    expect(await code(h.call(staff, 'booking.markNoShow', { bookingId: n1.id }))).toBe('TOO_EARLY');
    h.setNow('2026-11-26T10:30:00+08:00');
    const first = await h.ok(staff, 'booking.markNoShow', { bookingId: n1.id });
    expect(first).toMatchObject({ status: 'no_show', suspendedUntil: null });
    const second = await h.ok(staff, 'booking.markNoShow', { bookingId: n2.id });
    expect(second.suspendedUntil).toBe('2026-12-10T02:30:00.000Z');
    const nextSlots = await slotsOf(svc.id, NEXT_WEEK);
    const r = await h.call(b, 'booking.book', { slotId: nextSlots[0].id });
    expect(r.ok ? 'OK' : r.error.code).toBe('SUSPENDED');
    if (!r.ok) expect(r.error.message).toContain('12月10日 10:30');
    expect((await h.ok(b, 'booking.week', { serviceId: svc.id, weekStart: NEXT_WEEK })).suspendedUntil).toBe(
      '2026-12-10T02:30:00.000Z',
    );
    const { notices } = await h.ok(b, 'notices.list', {});
    expect(notices[0].title).toContain('预约资格暂停');

    const day = await h.ok(staff, 'booking.day', { serviceId: svc.id, date: '2026-11-26' });
    expect(day.slots.map((s) => s.bookings.map((x) => x.status))).toEqual([['attended'], ['no_show'], ['no_show'], []]);
    expect((await h.ok(staff, 'booking.day', { serviceId: svc.id })).date).toBe('2026-11-26'); // today by the server clock
    const { weeks } = await h.ok(staff, 'booking.stats', { serviceId: svc.id, weeks: 2 });
    expect(weeks.map((w) => w.weekStart)).toEqual([THIS_WEEK, NEXT_WEEK]);
    expect(weeks[0]).toEqual({ weekStart: THIS_WEEK, offered: 4, booked: 3, attended: 1, noShows: 2, cancellations: 0 });
  });

  test('my bookings carry a scannable QR of the check-in code for bookings still ahead', async () => {
    const svc = await newService();
    const a = next();
    const slots = await slotsOf(svc.id);
    const live = await h.ok(a, 'booking.book', { slotId: slots[0].id });
    const gone = await h.ok(a, 'booking.book', { slotId: slots[1].id });
    await h.ok(a, 'booking.cancel', { bookingId: gone.id });
    const { bookings } = await h.ok(a, 'booking.mine', { serviceId: svc.id });
    const mine = bookings.find((b) => b.id === live.id)!;
    expect(mine.qr).toBe(await QRCode.toDataURL(live.code, { errorCorrectionLevel: 'M', margin: 1, width: 200 }));
    expect(mine.qr).not.toBe(await QRCode.toDataURL('ZZZZZZZZ', { errorCorrectionLevel: 'M', margin: 1, width: 200 }));
    expect(bookings.find((b) => b.id === gone.id)!.qr).toBeNull();
    expect(live.qr).toBeNull(); // the booking answer stays light on the path of a rush
  });

  test('the CloudBase timer trigger (TRIGGER_SRC=timer) reminds and pushes; a caller-shaped timer event runs nothing', async () => {
    const svc = await newService();
    const a = next();
    const [slot] = await slotsOf(svc.id);
    await h.ok(a, 'booking.book', { slotId: slot.id });
    await withOpenid(h.database.db, a);
    const { channel, sent } = recordingChannel();
    configureNoticeChannels([channel]);
    const timer = { Type: 'Timer', TriggerName: 'bookingReminders', Time: '2026-11-26T07:30:00+08:00' };
    // As the platform runs a timer trigger: it sets TRIGGER_SRC for the invocation (read like @cloudbase/node-sdk).
    const asTimer = async () => {
      process.env.TRIGGER_SRC = 'timer';
      try {
        return await h.raw('booking', timer);
      } finally {
        delete process.env.TRIGGER_SRC;
      }
    };
    try {
      h.setNow('2026-11-26T07:30:00+08:00');
      // The same object sent by a client (callFunction / HTTP access) is just a malformed call.
      const posed = await h.raw('booking', timer);
      expect(posed.ok ? 'RAN THE TIMER' : posed.error.code).toBe('INVALID_INPUT');
      const posedText = await h.raw('booking', JSON.stringify(timer)); // what the gateway hands over
      expect(posedText.ok ? 'RAN THE TIMER' : posedText.error.code).toBe('INVALID_INPUT');
      expect(sent).toHaveLength(0);
      h.setNow('2026-11-26T05:00:00+08:00'); // 4 h before: not yet due
      await asTimer();
      expect(sent.some((m) => m.personId === a && m.kind === 'reminder')).toBe(false);
      h.setNow('2026-11-26T07:30:00+08:00');
      const r = await asTimer();
      expect(r.ok).toBe(true);
      expect(sent.filter((m) => m.personId === a && m.kind === 'reminder')).toHaveLength(1);
      await asTimer();
      expect(sent.filter((m) => m.personId === a && m.kind === 'reminder')).toHaveLength(1); // once
    } finally {
      configureNoticeChannels(null);
    }
  });

  test('reminders become notices and are pushed once through the outbox', async () => {
    const svc = await newService();
    const a = next();
    const [slot] = await slotsOf(svc.id);
    await h.ok(a, 'booking.book', { slotId: slot.id });
    h.setNow('2026-11-26T07:30:00+08:00');
    expect(await h.ok(staff, 'booking.remind', { serviceId: svc.id, withinMinutes: 120 })).toEqual({ sent: 1 });
    expect(await h.ok(staff, 'booking.remind', { serviceId: svc.id, withinMinutes: 120 })).toEqual({ sent: 0 });
    await withOpenid(h.database.db, a);
    const first = recordingChannel();
    await deliverNotices(h.database.db, [first.channel], { rounds: 100 });
    expect(first.sent.some((m) => m.personId === a && m.kind === 'reminder' && m.body.includes('预约码'))).toBe(true);
    const again = recordingChannel();
    await deliverNotices(h.database.db, [again.channel]);
    expect(again.sent).toHaveLength(0);
  });
});

describe('authorization', () => {
  test('members book, only staff and officers of the union manage', async () => {
    const svc = await newService();
    const [slot] = await slotsOf(svc.id);
    const p = h.base.people;
    const manage = [
      () => ({ action: 'booking.day', input: { serviceId: svc.id, date: '2026-11-26' } }),
      () => ({ action: 'booking.generateWeek', input: { serviceId: svc.id, weekStart: NEXT_WEEK } }),
      () => ({ action: 'booking.stats', input: { serviceId: svc.id } }),
      () => ({ action: 'booking.closeSlot', input: { slotId: slot.id, reason: '测试' } }),
      () => ({ action: 'booking.checkIn', input: { serviceId: svc.id, code: 'ABCDEFGH' } }),
    ] as const;
    for (const who of [p.zhangWei, p.yangFan, p.chenJing, p.zhaoLei]) {
      for (const m of manage) {
        const { action, input } = m();
        expect([action, await code(h.call(who, action as never, input as never))]).toEqual([action, 'FORBIDDEN']);
      }
    }
    expect(await code(h.call(p.wangFang, 'booking.day', { serviceId: svc.id, date: '2026-11-26' }))).toBe('OK');
    expect(await code(h.call(p.liQiang, 'booking.stats', { serviceId: svc.id }))).toBe('OK');
    expect(await code(h.call(null, 'booking.book', { slotId: slot.id }))).toBe('UNAUTHENTICATED');
    expect(await code(h.call(null, 'booking.week', { serviceId: svc.id }))).toBe('UNAUTHENTICATED');
    // another union's member, and a federation admin who is no member, may not book
    expect(await code(h.call(p.yangFan, 'booking.book', { slotId: slot.id }))).toBe('NOT_ELIGIBLE');
    expect(await code(h.call(p.chenJing, 'booking.book', { slotId: slot.id }))).toBe('NOT_ELIGIBLE');
    expect(await code(h.call(p.zhouJie, 'booking.week', { serviceId: svc.id }))).toBe('NOT_ELIGIBLE');
    expect(
      await code(h.call(p.zhangWei, 'booking.saveService', { unionId: h.base.unions.school, name: '越权', rules: defaults })),
    ).toBe('FORBIDDEN');
  });

  test('every booking action refuses an anonymous caller', async () => {
    const svc = await newService();
    const [slot] = await slotsOf(svc.id);
    const id = svc.id;
    const inputs: Record<string, unknown> = {
      'booking.services': {},
      'booking.mine': {},
      'booking.saveService': { unionId: h.base.unions.xinghuo, name: '匿名', rules: defaults },
      'booking.generateWeek': { serviceId: id, weekStart: NEXT_WEEK },
      'booking.week': { serviceId: id },
      'booking.book': { slotId: slot.id },
      'booking.cancel': { bookingId: slot.id },
      'booking.joinWaitlist': { serviceId: id, date: '2026-11-26' },
      'booking.leaveWaitlist': { serviceId: id, date: '2026-11-26' },
      'booking.day': { serviceId: id, date: '2026-11-26' },
      'booking.checkIn': { serviceId: id, code: 'ABCDEFGH' },
      'booking.markNoShow': { bookingId: slot.id },
      'booking.closeSlot': { slotId: slot.id, reason: '匿名' },
      'booking.closeDay': { serviceId: id, date: '2026-11-26', reason: '匿名' },
      'booking.stats': { serviceId: id },
      'booking.remind': { serviceId: id },
      'booking.saveProviders': { serviceId: id, providers: [{ name: '1号椅' }] },
      'booking.takeProviderOff': { providerId: slot.id, slotId: slot.id, reason: '匿名' },
      'booking.putProviderBack': { providerId: slot.id, slotId: slot.id },
    };
    const names = Object.keys(contracts).filter((a) => a.startsWith('booking.'));
    expect(names.sort()).toEqual(Object.keys(inputs).sort());
    for (const a of names) expect([a, await code(h.call(null, a as never, inputs[a] as never))]).toEqual([a, 'UNAUTHENTICATED']);
  });

  test('a service opened to a federation subtree admits members of every union below it', async () => {
    const svc = await newService({}, { eligibleUnionId: h.base.unions.eastStreet });
    const [slot] = await slotsOf(svc.id);
    expect(await code(h.call(h.base.people.yangFan, 'booking.book', { slotId: slot.id }))).toBe('OK'); // 东湖一中 is under 湖滨街道
    const refused = await h.call(h.base.people.zhouJie, 'booking.book', { slotId: slot.id }); // 青石物流 is not
    expect(refused.ok ? 'OK' : refused.error.code).toBe('NOT_ELIGIBLE');
    const [street] = await rows<{ short_name: string }>(
      h.database.db,
      sql`SELECT short_name FROM unions WHERE id = ${h.base.unions.eastStreet}`,
    );
    if (!refused.ok) expect(refused.error.message).toContain(`仅限${street.short_name}及下属工会会员`);
    const bad = await h.call(staff, 'booking.saveService', {
      unionId: h.base.unions.xinghuo,
      name: '越界',
      rules: defaults,
      eligibleUnionId: h.base.unions.west,
    });
    expect(bad.ok ? 'OK' : bad.error.code).toBe('INVALID_INPUT');
  });

  test('input is validated with the field named in Chinese', async () => {
    const r = await h.call(staff, 'booking.saveService', {
      unionId: h.base.unions.xinghuo,
      name: '坏',
      rules: { ...defaults, slotMinutes: 2 },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_INPUT');
      expect(r.error.message).toContain('每个时段时长');
    }
    const bad = await h.call(h.base.people.zhangWei, 'booking.book', { slotId: 'not-a-uuid' });
    expect(bad.ok ? 'OK' : bad.error.message).toContain('时段');
  });
});

test('the list of services reads every service in one statement, however many unions have one', async () => {
  const member = next();
  // the statements the action's domain code sends (they run inside its transaction, so count the reads themselves)
  const count = async () => {
    const spy = jest.spyOn(dbClient, 'rows');
    try {
      await h.ok(member, 'booking.services', {});
      return spy.mock.calls.length;
    } finally {
      spy.mockRestore();
    }
  };
  const before = await count();
  // twenty more services of another union (which the member may not book) and five of the member's own
  await h.database.db.execute(
    sql`INSERT INTO booking_services (union_id, name, slot_minutes, capacity, template, release_weekday, release_time,
          weekly_limit, cancel_minutes_before, no_show_limit, no_show_window_days, suspend_days)
        SELECT CASE WHEN g <= 20 THEN ${h.base.unions.school}::uuid ELSE ${h.base.unions.xinghuo}::uuid END,
               '计数' || g, 30, 1, '[]'::jsonb, 1, '12:00', 1, 60, 2, 30, 14
          FROM generate_series(1, 25) g`,
  );
  expect(await count()).toBe(before);
  const listed = await h.ok(member, 'booking.services', {});
  expect(listed.services.filter((s) => s.name.startsWith('计数'))).toHaveLength(5);
});
