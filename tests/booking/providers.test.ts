import type { Harness } from '../support/harness';
import { THIS_WEEK, code, useBookingHarness } from './support';
import { rows, sql } from '../../cloudfunctions/core/db/client';
import type { ServiceRules, ServiceView, SlotView } from '@shared/contracts/booking';

/** Named providers (chairs): capacity follows who works a slot; taking one off cancels the newest overflow. */

const THURSDAY = '2026-11-26';

let h: Harness;
let staff: string;
const next = useBookingHarness((bed) => ({ h, staff } = bed));

const rules: ServiceRules = {
  slotMinutes: 30,
  capacity: 1,
  template: [{ weekday: 4, start: '09:00', end: '10:00' }], // Thursdays: 09:00, 09:30
  releaseWeekday: 1,
  releaseTime: '12:00',
  releaseWeeksAhead: 1,
  weeklyLimit: 2,
  cancelMinutesBefore: 60,
  noShowLimit: 2,
  noShowWindowDays: 30,
  suspendDays: 14,
};
const CHAIRS = ['1号椅 · 王师傅', '2号椅 · 李师傅', '3号椅 · 赵师傅'];

let seq = 0;
/** A service with three chairs and this week's slots released. */
async function shop(): Promise<{ svc: ServiceView; chairs: { id: string; name: string }[] }> {
  const svc = await h.ok(staff, 'booking.saveService', { unionId: h.base.unions.xinghuo, name: `座椅测试${++seq}`, rules });
  const saved = await h.ok(staff, 'booking.saveProviders', { serviceId: svc.id, providers: CHAIRS.map((name) => ({ name })) });
  await h.ok(staff, 'booking.generateWeek', { serviceId: svc.id, weekStart: THIS_WEEK, releaseNow: true });
  return { svc, chairs: saved.providers };
}
async function slotsOf(serviceId: string, as = staff): Promise<SlotView[]> {
  return (await h.ok(as, 'booking.week', { serviceId, weekStart: THIS_WEEK })).days.flatMap((d) => d.slots);
}

test('the seeded 理发屋 has two named chairs and members see two places per slot', async () => {
  const { services } = await h.ok(h.base.people.zhangWei, 'booking.services', {});
  const barber = services.find((s) => s.name === '理发屋')!;
  expect(barber.providers.map((p) => p.name)).toEqual(['1号椅 · 王师傅', '2号椅 · 李师傅']);
  const [slot] = await slotsOf(barber.id, h.base.people.zhangWei);
  expect(slot.capacity).toBe(2);
});

test('a slot has as many places as providers; the service capacity follows the list, whatever the form says', async () => {
  const { svc, chairs } = await shop();
  expect(chairs.map((c) => c.name)).toEqual(CHAIRS);
  const member = next();
  const slots = await slotsOf(svc.id, member);
  expect(slots.map((s) => s.capacity)).toEqual([3, 3]);
  // editing the rules with capacity 1 does not shrink a service that has named providers
  const again = await h.ok(staff, 'booking.saveService', {
    serviceId: svc.id,
    unionId: h.base.unions.xinghuo,
    name: svc.name,
    rules: { ...rules, capacity: 1 },
  });
  expect(again.capacity).toBe(3);
  // retiring a chair lowers the capacity of the slots ahead
  const r = await h.ok(staff, 'booking.saveProviders', { serviceId: svc.id, providers: [chairs[0], chairs[2]] });
  expect(r).toMatchObject({ capacity: 2, cancelled: 0 });
  expect(r.providers.map((p) => p.name)).toEqual([CHAIRS[0], CHAIRS[2]]);
  expect((await slotsOf(svc.id, member)).map((s) => s.capacity)).toEqual([2, 2]);
  expect(
    await code(h.call(staff, 'booking.saveProviders', { serviceId: svc.id, providers: [{ name: 'A' }, { name: 'A' }] })),
  ).toBe('INVALID_INPUT');
});

test('taking one provider off a full slot cancels exactly the newest booking, tells that member, audits, and the guard holds', async () => {
  const { svc, chairs } = await shop();
  const [slot, other] = await slotsOf(svc.id);
  const [a, b, c, d] = [next(), next(), next(), next()];
  for (const p of [a, b, c]) await h.ok(p, 'booking.book', { slotId: slot.id });
  await h.ok(d, 'booking.book', { slotId: other.id });

  const r = await h.ok(staff, 'booking.takeProviderOff', { providerId: chairs[1].id, slotId: slot.id, reason: '师傅病假' });
  expect(r).toEqual({ slots: 1, cancelled: 1 });

  const status = async (p: string) => (await h.ok(p, 'booking.mine', { serviceId: svc.id })).bookings[0];
  expect((await status(a)).status).toBe('booked');
  expect((await status(b)).status).toBe('booked');
  const lost = await status(c); // the most recent booking
  expect(lost.status).toBe('cancelled');
  expect(lost.cancelReason).toContain('师傅病假');
  expect((await status(d)).status).toBe('booked'); // other slot untouched

  const { notices } = await h.ok(c, 'notices.list', {});
  expect(notices[0].title).toContain(svc.name);
  expect(notices[0].body).toContain('师傅病假');
  for (const p of [a, b])
    expect((await h.ok(p, 'notices.list', {})).notices.some((x) => x.body.includes('师傅病假'))).toBe(false);

  const after = await slotsOf(svc.id, d);
  expect(after.map((s) => [s.capacity, s.booked])).toEqual([
    [2, 2],
    [3, 1],
  ]);
  expect(after[0].status).toBe('full');
  expect(await code(h.call(d, 'booking.book', { slotId: slot.id }))).toBe('SLOT_TAKEN');
  // c's weekly quota came back: c may book the other slot
  expect(await code(h.call(c, 'booking.book', { slotId: other.id }))).toBe('OK');

  const [audit] = await rows<{ actor_id: string; detail: { cancelled: string[]; reason: string } }>(
    h.database.db,
    sql`SELECT actor_id, detail FROM audit_log WHERE action = 'booking.takeProviderOff' AND target_id = ${chairs[1].id}`,
  );
  expect(audit.actor_id).toBe(staff);
  expect(audit.detail.cancelled).toEqual([lost.id]);
  expect(audit.detail.reason).toBe('师傅病假');

  // the database still refuses more bookings than capacity
  await expect(
    h.database.db.execute(sql`UPDATE booking_slots SET booked = capacity + 1 WHERE id = ${slot.id}`),
  ).rejects.toThrow();

  const day = await h.ok(staff, 'booking.day', { serviceId: svc.id, date: THURSDAY });
  expect(day.slots[0].providers.map((p) => [p.name, p.off])).toEqual([
    [CHAIRS[0], false],
    [CHAIRS[1], true],
    [CHAIRS[2], false],
  ]);
  expect(day.slots[0].providers[1].offReason).toBe('师傅病假');
  expect(day.slots[1].providers.every((p) => !p.off)).toBe(true);
  expect(
    await code(h.call(staff, 'booking.takeProviderOff', { providerId: chairs[1].id, slotId: slot.id, reason: '再次' })),
  ).toBe('ALREADY_OFF');
});

test('a day off lowers every slot of the day; with nobody left the slot closes and all its members are told', async () => {
  const { svc, chairs } = await shop();
  await h.ok(staff, 'booking.saveProviders', { serviceId: svc.id, providers: chairs.slice(0, 2) });
  const [s1, s2] = await slotsOf(svc.id);
  const [a, b, c] = [next(), next(), next()];
  await h.ok(a, 'booking.book', { slotId: s1.id });
  await h.ok(b, 'booking.book', { slotId: s1.id });
  await h.ok(c, 'booking.book', { slotId: s2.id });

  expect(await h.ok(staff, 'booking.takeProviderOff', { providerId: chairs[0].id, date: THURSDAY, reason: '请假' })).toEqual({
    slots: 2,
    cancelled: 1,
  });
  expect((await h.ok(b, 'booking.mine', { serviceId: svc.id })).bookings[0].status).toBe('cancelled');
  expect((await h.ok(a, 'booking.mine', { serviceId: svc.id })).bookings[0].status).toBe('booked');
  expect((await slotsOf(svc.id)).map((s) => s.capacity)).toEqual([1, 1]);

  expect(await h.ok(staff, 'booking.takeProviderOff', { providerId: chairs[1].id, slotId: s1.id, reason: '也病了' })).toEqual({
    slots: 1,
    cancelled: 1,
  });
  const after = await slotsOf(svc.id);
  expect(after.map((s) => s.status)).toEqual(['closed', 'full']); // s2: one chair left, c holds it
  expect((await h.ok(a, 'notices.list', {})).notices[0].body).toContain('也病了');
  expect((await h.ok(c, 'booking.mine', { serviceId: svc.id })).bookings[0].status).toBe('booked');
});

test('a started slot cannot be changed; a failed take-off leaves nothing behind', async () => {
  const { svc, chairs } = await shop();
  const [slot] = await slotsOf(svc.id);
  h.setNow('2026-11-26T09:10:00+08:00');
  expect(
    await code(h.call(staff, 'booking.takeProviderOff', { providerId: chairs[0].id, slotId: slot.id, reason: '病假' })),
  ).toBe('SLOT_PAST');
  const [{ n: absences }] = await rows<{ n: number }>(
    h.database.db,
    sql`SELECT count(*)::int AS n FROM booking_provider_absences WHERE provider_id = ${chairs[0].id}`,
  );
  expect(Number(absences)).toBe(0);
  expect(await code(h.call(staff, 'booking.takeProviderOff', { providerId: chairs[0].id, reason: '病假' } as never))).toBe(
    'INVALID_INPUT',
  );
});

test('only the service staff and officers of the union manage providers', async () => {
  const { svc, chairs } = await shop();
  const [slot] = await slotsOf(svc.id);
  const p = h.base.people;
  for (const who of [p.zhangWei, p.yangFan, p.chenJing, p.zhaoLei]) {
    expect(await code(h.call(who, 'booking.saveProviders', { serviceId: svc.id, providers: [{ name: '4号椅' }] }))).toBe(
      'FORBIDDEN',
    );
    expect(
      await code(h.call(who, 'booking.takeProviderOff', { providerId: chairs[0].id, slotId: slot.id, reason: '病假' })),
    ).toBe('FORBIDDEN');
  }
  expect(await code(h.call(null, 'booking.takeProviderOff', { providerId: chairs[0].id, slotId: slot.id, reason: '病假' }))).toBe(
    'UNAUTHENTICATED',
  );
  expect((await slotsOf(svc.id)).map((s) => s.capacity)).toEqual([3, 3]);
  expect(
    await code(h.call(p.wangFang, 'booking.takeProviderOff', { providerId: chairs[0].id, slotId: slot.id, reason: '病假' })),
  ).toBe('OK');
});

test('taking chairs off while members rush the slot: never more live bookings than the chairs left', async () => {
  const { svc, chairs } = await shop();
  const [slot] = await slotsOf(svc.id);
  const rushers = Array.from({ length: 24 }, () => next());
  const results = await Promise.all([
    ...rushers.map((p) => code(h.call(p, 'booking.book', { slotId: slot.id }))),
    code(h.call(staff, 'booking.takeProviderOff', { providerId: chairs[0].id, slotId: slot.id, reason: '病假' })),
    code(h.call(staff, 'booking.takeProviderOff', { providerId: chairs[2].id, slotId: slot.id, reason: '病假' })),
  ]);
  expect(results.slice(-2)).toEqual(['OK', 'OK']);
  expect(new Set(results.slice(0, -2))).toEqual(new Set(results.slice(0, -2).filter((r) => r === 'OK' || r === 'SLOT_TAKEN')));
  const [s] = await rows<{ capacity: number; booked: number; live: number }>(
    h.database.db,
    sql`SELECT capacity, booked, (SELECT count(*)::int FROM booking_bookings b WHERE b.slot_id = sl.id AND b.status <> 'cancelled') AS live
        FROM booking_slots sl WHERE sl.id = ${slot.id}`,
  );
  expect([Number(s.capacity), Number(s.booked), Number(s.live)]).toEqual([1, 1, 1]);
});

describe('putting a provider back', () => {
  const offCount = async (providerId: string) =>
    Number(
      (
        await rows<{ n: number }>(
          h.database.db,
          sql`SELECT count(*)::int AS n FROM booking_provider_absences WHERE provider_id = ${providerId}`,
        )
      )[0].n,
    );

  test('capacity returns, the first waiting member gets the place and is told, and it is audited', async () => {
    const { svc, chairs } = await shop();
    const [s1, s2] = await slotsOf(svc.id);
    await h.ok(staff, 'booking.takeProviderOff', { providerId: chairs[1].id, date: THURSDAY, reason: '师傅病假' });
    const [a, b, c, d, w1, w2] = [next(), next(), next(), next(), next(), next()];
    for (const p of [a, b]) await h.ok(p, 'booking.book', { slotId: s1.id });
    for (const p of [c, d]) await h.ok(p, 'booking.book', { slotId: s2.id });
    await h.ok(w1, 'booking.joinWaitlist', { serviceId: svc.id, date: THURSDAY });
    await h.ok(w2, 'booking.joinWaitlist', { serviceId: svc.id, date: THURSDAY });

    expect(await h.ok(staff, 'booking.putProviderBack', { providerId: chairs[1].id, slotId: s1.id })).toEqual({
      slots: 1,
      assigned: 1,
    });
    expect((await slotsOf(svc.id)).map((s) => [s.capacity, s.booked])).toEqual([
      [3, 3],
      [2, 2],
    ]);
    const [got] = (await h.ok(w1, 'booking.mine', { serviceId: svc.id })).bookings;
    expect([got.slotId, got.status, got.fromWaitlist]).toEqual([s1.id, 'booked', true]);
    expect((await h.ok(w1, 'notices.list', {})).notices[0].title).toContain('候补成功');
    expect((await h.ok(w2, 'booking.mine', { serviceId: svc.id })).bookings).toEqual([]); // first come first served

    const [audit] = await rows<{ actor_id: string; detail: { slotId: string; assigned: string[] } }>(
      h.database.db,
      sql`SELECT actor_id, detail FROM audit_log WHERE action = 'booking.putProviderBack' AND target_id = ${chairs[1].id}`,
    );
    expect(audit.actor_id).toBe(staff);
    expect(audit.detail).toMatchObject({ slotId: s1.id, assigned: [got.id] });

    const day = await h.ok(staff, 'booking.day', { serviceId: svc.id, date: THURSDAY });
    expect(day.slots.map((s) => s.providers[1].off)).toEqual([false, true]);
    expect(await code(h.call(staff, 'booking.putProviderBack', { providerId: chairs[1].id, slotId: s1.id }))).toBe('NOT_OFF');

    // the rest of the day: s2's place goes to the next waiting member
    expect(await h.ok(staff, 'booking.putProviderBack', { providerId: chairs[1].id, date: THURSDAY })).toEqual({
      slots: 1,
      assigned: 1,
    });
    expect((await slotsOf(svc.id)).map((s) => [s.capacity, s.booked])).toEqual([
      [3, 3],
      [3, 3],
    ]);
    expect((await h.ok(w2, 'booking.mine', { serviceId: svc.id })).bookings[0].slotId).toBe(s2.id);
    expect(await offCount(chairs[1].id)).toBe(0);
    // the guard still holds
    await expect(
      h.database.db.execute(sql`UPDATE booking_slots SET booked = capacity + 1 WHERE id = ${s1.id}`),
    ).rejects.toThrow();
  });

  test('with nobody waiting the place is simply free again', async () => {
    const { svc, chairs } = await shop();
    const [slot] = await slotsOf(svc.id);
    await h.ok(staff, 'booking.takeProviderOff', { providerId: chairs[0].id, slotId: slot.id, reason: '病假' });
    expect(await h.ok(staff, 'booking.putProviderBack', { providerId: chairs[0].id, slotId: slot.id })).toEqual({
      slots: 1,
      assigned: 0,
    });
    expect((await slotsOf(svc.id))[0]).toMatchObject({ capacity: 3, booked: 0 });
    for (const p of [next(), next(), next()]) expect(await code(h.call(p, 'booking.book', { slotId: slot.id }))).toBe('OK');
  });

  test('a slot closed because all its providers were off reopens and goes to the waitlist; one staff closed stays closed', async () => {
    const { svc, chairs } = await shop();
    await h.ok(staff, 'booking.saveProviders', { serviceId: svc.id, providers: chairs.slice(0, 2) });
    const [s1, s2] = await slotsOf(svc.id);
    const [a, b, w] = [next(), next(), next()];
    await h.ok(a, 'booking.book', { slotId: s1.id });
    for (const id of [chairs[0].id, chairs[1].id])
      await h.ok(staff, 'booking.takeProviderOff', { providerId: id, slotId: s1.id, reason: '病假' });
    expect((await slotsOf(svc.id))[0].status).toBe('closed');
    await h.ok(a, 'booking.book', { slotId: s2.id });
    await h.ok(b, 'booking.book', { slotId: s2.id });
    await h.ok(w, 'booking.joinWaitlist', { serviceId: svc.id, date: THURSDAY });

    expect(await h.ok(staff, 'booking.putProviderBack', { providerId: chairs[0].id, slotId: s1.id })).toEqual({
      slots: 1,
      assigned: 1,
    });
    const after = await slotsOf(svc.id);
    expect([after[0].status, after[0].capacity, after[0].booked]).toEqual(['full', 1, 1]);
    expect((await h.ok(w, 'booking.mine', { serviceId: svc.id })).bookings[0]).toMatchObject({ slotId: s1.id, status: 'booked' });
    const day = await h.ok(staff, 'booking.day', { serviceId: svc.id, date: THURSDAY });
    expect(day.slots[0].closedReason).toBeNull();

    // staff now close s1 themselves (holiday): putting the other chair back does not reopen it
    await h.ok(staff, 'booking.closeSlot', { slotId: s1.id, reason: '节假日' });
    expect(await h.ok(staff, 'booking.putProviderBack', { providerId: chairs[1].id, slotId: s1.id })).toEqual({
      slots: 1,
      assigned: 0,
    });
    expect((await slotsOf(svc.id))[0].status).toBe('closed');
    expect((await h.ok(staff, 'booking.day', { serviceId: svc.id, date: THURSDAY })).slots[0].closedReason).toBe('节假日');
  });

  test('refused for a started slot or a provider who is not off, and a refusal leaves the absence in place', async () => {
    const { svc, chairs } = await shop();
    const [slot, other] = await slotsOf(svc.id);
    expect(await code(h.call(staff, 'booking.putProviderBack', { providerId: chairs[0].id, slotId: slot.id }))).toBe('NOT_OFF');
    expect(await code(h.call(staff, 'booking.putProviderBack', { providerId: chairs[0].id, date: THURSDAY }))).toBe('NOT_OFF');
    const refused = await h.call(staff, 'booking.putProviderBack', { providerId: chairs[0].id, slotId: slot.id });
    expect(refused.ok ? '' : refused.error.message).toBe(`${CHAIRS[0]} 在该时段没有停诊`);
    await h.ok(staff, 'booking.takeProviderOff', { providerId: chairs[0].id, slotId: slot.id, reason: '病假' });
    h.setNow('2026-11-26T09:10:00+08:00');
    const late = await h.call(staff, 'booking.putProviderBack', { providerId: chairs[0].id, slotId: slot.id });
    expect(late.ok ? 'OK' : [late.error.code, late.error.message]).toEqual(['SLOT_PAST', '该时段已开始，不能再调整服务人员']);
    expect(await offCount(chairs[0].id)).toBe(1);
    // the day's remaining slot (09:30) had no absence of this chair
    expect(await code(h.call(staff, 'booking.putProviderBack', { providerId: chairs[0].id, date: THURSDAY }))).toBe('NOT_OFF');
    expect(await code(h.call(staff, 'booking.putProviderBack', { providerId: chairs[0].id } as never))).toBe('INVALID_INPUT');
    expect(
      await code(h.call(staff, 'booking.putProviderBack', { providerId: chairs[0].id, slotId: other.id, date: THURSDAY })),
    ).toBe('INVALID_INPUT');
  });

  test('only the service staff and officers of the union put a provider back', async () => {
    const { svc, chairs } = await shop();
    const [slot] = await slotsOf(svc.id);
    await h.ok(staff, 'booking.takeProviderOff', { providerId: chairs[0].id, slotId: slot.id, reason: '病假' });
    const p = h.base.people;
    for (const who of [p.zhangWei, p.yangFan, p.chenJing, p.zhaoLei])
      expect(await code(h.call(who, 'booking.putProviderBack', { providerId: chairs[0].id, slotId: slot.id }))).toBe('FORBIDDEN');
    expect(await code(h.call(null, 'booking.putProviderBack', { providerId: chairs[0].id, slotId: slot.id }))).toBe(
      'UNAUTHENTICATED',
    );
    expect((await slotsOf(svc.id))[0].capacity).toBe(2);
    expect(await code(h.call(p.wangFang, 'booking.putProviderBack', { providerId: chairs[0].id, slotId: slot.id }))).toBe('OK');
    expect((await slotsOf(svc.id))[0].capacity).toBe(3);
  });
});
