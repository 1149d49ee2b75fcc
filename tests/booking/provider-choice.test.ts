import type { Harness } from '../support/harness';
import { NOW0, THIS_WEEK, code, serviceRules, useBookingHarness } from './support';
import { rows, sql } from '../../cloudfunctions/core/db/client';
import type { Client } from 'pg';
import { rawConnections, untilLockWaiters } from '../support/db';
import type { ServiceView, SlotView } from '@shared/contracts/booking';

/** Choosing a provider (师傅) when booking: one live booking per provider per slot; 不限 takes whoever is free. */

const THURSDAY = '2026-11-26';

let h: Harness;
let staff: string;
const next = useBookingHarness((bed) => ({ h, staff } = bed));

const onPostgres = process.env.PU_TEST_ENGINE === 'postgres' && !!process.env.TEST_DATABASE_URL;
const CHAIRS = ['1号椅 · 王师傅', '2号椅 · 李师傅', '3号椅 · 赵师傅'];
let seq = 0;

/** A service with three chairs, Thursdays 09:00 and 09:30, two bookings a week, this week released. */
async function shop(): Promise<{ svc: ServiceView; chairs: { id: string; name: string }[] }> {
  const svc = await h.ok(staff, 'booking.saveService', {
    unionId: h.base.unions.xinghuo,
    name: `选师傅${++seq}`,
    rules: serviceRules({ template: [{ weekday: 4, start: '09:00', end: '10:00' }], weeklyLimit: 2 }),
  });
  const saved = await h.ok(staff, 'booking.saveProviders', { serviceId: svc.id, providers: CHAIRS.map((name) => ({ name })) });
  await h.ok(staff, 'booking.generateWeek', { serviceId: svc.id, weekStart: THIS_WEEK, releaseNow: true });
  return { svc, chairs: saved.providers };
}
async function slotsOf(serviceId: string, as: string): Promise<SlotView[]> {
  return (await h.ok(as, 'booking.week', { serviceId, weekStart: THIS_WEEK })).days.flatMap((d) => d.slots);
}
/** The refusal of a call that must be refused (its code, message and fields). */
const refusal = async <T>(
  p: Promise<{ ok: true; data: T } | { ok: false; error: { code: string; message: string; fields?: Record<string, string> } }>,
) => {
  const r = await p;
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
};
const mine = async (p: string, serviceId: string) => (await h.ok(p, 'booking.mine', { serviceId })).bookings[0];

test('the week shows which providers are still free per slot; a chosen one is held, 不限 takes another place', async () => {
  const { svc, chairs } = await shop();
  const [a, b, c, d] = [next(), next(), next(), next()];
  const [slot] = await slotsOf(svc.id, a);
  expect(slot.freeProviderIds).toEqual(chairs.map((x) => x.id));

  const booked = await h.ok(a, 'booking.book', { slotId: slot.id, providerId: chairs[0].id });
  expect(booked).toMatchObject({ providerId: chairs[0].id, providerName: CHAIRS[0] });
  expect((await slotsOf(svc.id, b))[0].freeProviderIds).toEqual([chairs[1].id, chairs[2].id]);

  const taken = await refusal(h.call(b, 'booking.book', { slotId: slot.id, providerId: chairs[0].id }));
  expect(taken.code).toBe('PROVIDER_TAKEN');
  expect(taken.message).toContain(CHAIRS[0]);
  // the refusal wrote nothing: b's week is untouched and the slot still has two places
  expect((await h.ok(b, 'booking.week', { serviceId: svc.id, weekStart: THIS_WEEK })).myCount).toBe(0);

  // each member's 预约成功 notice (pushed by the outbox), with the chosen provider where there is one
  const toldA = (await h.ok(a, 'notices.list', {})).notices[0];
  expect(toldA.title).toBe(`预约成功：${svc.name}`);
  expect(toldA.body).toContain(`11月26日 09:00，${CHAIRS[0]}`);
  expect(toldA.body).toContain(`预约码 ${booked.code}`);
  const plain = await h.ok(b, 'booking.book', { slotId: slot.id });
  expect(plain.providerName).toBeNull();
  const toldB = (await h.ok(b, 'notices.list', {})).notices[0];
  expect(toldB.body).toMatch(new RegExp(`^11月26日 09:00。到店出示预约码 ${plain.code}；开始前 60 分钟`));
  expect((await h.ok(c, 'booking.book', { slotId: slot.id, providerId: chairs[1].id })).providerName).toBe(CHAIRS[1]);
  // three places, three bookings: nobody may choose the chair nobody chose, the slot is full
  const full = (await slotsOf(svc.id, d))[0];
  expect(full.status).toBe('full');
  expect(full.freeProviderIds).toEqual([]);
  expect(await code(h.call(d, 'booking.book', { slotId: slot.id, providerId: chairs[2].id }))).toBe('SLOT_TAKEN');

  // the member sees their choice in 我的预约, the counter sees it on the day sheet
  expect((await mine(a, svc.id)).providerName).toBe(CHAIRS[0]);
  const day = await h.ok(staff, 'booking.day', { serviceId: svc.id, date: THURSDAY });
  expect(day.slots[0].bookings.map((x) => x.providerName)).toEqual([CHAIRS[0], null, CHAIRS[1]]);

  const [audit] = await rows<{ actor_id: string; detail: { provider: string } }>(
    h.database.db,
    sql`SELECT actor_id, detail FROM audit_log WHERE action = 'booking.chooseProvider' AND target_id = ${booked.id}`,
  );
  expect(audit).toMatchObject({ actor_id: a, detail: { provider: CHAIRS[0] } });
});

test('a retried request gets its own booking back, a second tap is ALREADY_BOOKED, not PROVIDER_TAKEN', async () => {
  const { svc, chairs } = await shop();
  const a = next();
  const [slot] = await slotsOf(svc.id, a);
  const input = { slotId: slot.id, providerId: chairs[2].id, requestId: 'retry-choose-1' };
  const first = await h.ok(a, 'booking.book', input);
  const again = await h.ok(a, 'booking.book', input);
  expect(again).toMatchObject({ id: first.id, providerId: chairs[2].id, providerName: CHAIRS[2] });
  expect(await code(h.call(a, 'booking.book', { slotId: slot.id, providerId: chairs[2].id }))).toBe('ALREADY_BOOKED');
});

test('a provider of another service, or a malformed one, is refused with the field named', async () => {
  const { svc } = await shop();
  const other = await shop();
  const a = next();
  const [slot] = await slotsOf(svc.id, a);
  expect(await code(h.call(a, 'booking.book', { slotId: slot.id, providerId: other.chairs[0].id }))).toBe('NOT_FOUND');
  const bad = await refusal(h.call(a, 'booking.book', { slotId: slot.id, providerId: 'wang' }));
  expect(bad.code).toBe('INVALID_INPUT');
  expect(bad.fields).toHaveProperty('providerId');
});

test('many members choosing one provider at once: exactly one gets them, the rest are refused and keep their quota', async () => {
  const { svc, chairs } = await shop();
  const crowd = Array.from({ length: 8 }, () => next());
  const [slot, later] = await slotsOf(svc.id, crowd[0]);
  const results = await Promise.all(
    crowd.map((p) => code(h.call(p, 'booking.book', { slotId: slot.id, providerId: chairs[1].id }))),
  );
  expect(results.filter((r) => r === 'OK')).toHaveLength(1);
  expect(results.filter((r) => r === 'PROVIDER_TAKEN')).toHaveLength(7);
  const [row] = await rows<{ booked: number; holders: number }>(
    h.database.db,
    sql`SELECT sl.booked, (SELECT count(*)::int FROM booking_bookings b WHERE b.slot_id = sl.id AND b.status <> 'cancelled') AS holders
        FROM booking_slots sl WHERE sl.id = ${slot.id}`,
  );
  expect(Number(row.booked)).toBe(1);
  expect(Number(row.holders)).toBe(1);
  // nobody refused spent a weekly booking: each may still book twice
  const loser = crowd[results.indexOf('PROVIDER_TAKEN')];
  expect(await code(h.call(loser, 'booking.book', { slotId: slot.id }))).toBe('OK');
  expect(await code(h.call(loser, 'booking.book', { slotId: later.id }))).toBe('OK');
});

/**
 * Two instances choose one provider at once (PostgreSQL, raw connections): both pass the statement's look-up of the
 * provider while a staff change holds the slot row, so only the unique index on (slot, provider) can refuse the
 * second; its refusal must undo the whole booking (place, weekly count) and come back as PROVIDER_TAKEN.
 */
(onPostgres ? test : test.skip)(
  'two instances choosing one provider at once: one booking, the other PROVIDER_TAKEN with nothing left behind',
  async () => {
    const { svc, chairs } = await shop();
    const [a, b] = [next(), next()];
    const [slot] = await slotsOf(svc.id, a);
    const [holder, c1, c2, watch] = await rawConnections(h.database.url, 4);
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM booking_slots WHERE id = $1 FOR UPDATE', [slot.id]);
      const choose = (c: Client, person: string, bookingCode: string) =>
        c
          .query<{
            r: { outcome: string };
          }>('SELECT booking_book_v3($1::uuid, 0, $2::uuid, NULL, $3::timestamptz, $4, NULL, NULL, NULL, $5::uuid) AS r', [
            person,
            slot.id,
            new Date(NOW0).toISOString(),
            bookingCode,
            chairs[0].id,
          ])
          .then(
            (res) => res.rows[0].r.outcome,
            (e: { code?: string }) => `error ${e.code}`,
          );
      const first = choose(c1, a, 'CHOOSE01');
      const second = choose(c2, b, 'CHOOSE02');
      await untilLockWaiters(watch, 'booking_book_v3', 2);
      await holder.query('COMMIT');
      expect((await Promise.all([first, second])).sort()).toEqual(['BOOKED', 'PROVIDER_TAKEN']);
      const { rows: left } = await watch.query(
        `SELECT sl.booked, (SELECT count(*)::int FROM booking_bookings x WHERE x.slot_id = sl.id) AS rows,
              (SELECT coalesce(sum(count), 0)::int FROM booking_member_weeks w WHERE w.service_id = sl.service_id) AS weeks
         FROM booking_slots sl WHERE sl.id = $1`,
        [slot.id],
      );
      expect(left[0]).toEqual({ booked: 1, rows: 1, weeks: 1 });
    } finally {
      await Promise.all([holder, c1, c2, watch].map((c) => c.end()));
    }
  },
);

test('停诊 of a chosen provider: the place is kept without the choice and the member told; overflow takes the unchosen first', async () => {
  const { svc, chairs } = await shop();
  const [a, b, c, d] = [next(), next(), next(), next()];
  const [slot] = await slotsOf(svc.id, a);
  await h.ok(a, 'booking.book', { slotId: slot.id, providerId: chairs[0].id });
  await h.ok(b, 'booking.book', { slotId: slot.id, providerId: chairs[1].id });
  await h.ok(c, 'booking.book', { slotId: slot.id }); // 不限, booked last

  const r = await h.ok(staff, 'booking.takeProviderOff', { providerId: chairs[0].id, slotId: slot.id, reason: '师傅病假' });
  expect(r).toEqual({ slots: 1, cancelled: 1 });
  // a's chair is off: a and c hold no honoured choice, the newer of them (c) gives up the place; b keeps 李师傅
  expect(await mine(c, svc.id)).toMatchObject({ status: 'cancelled' });
  expect(await mine(a, svc.id)).toMatchObject({ status: 'booked', providerName: null });
  expect(await mine(b, svc.id)).toMatchObject({ status: 'booked', providerName: CHAIRS[1] });
  const told = (await h.ok(a, 'notices.list', {})).notices[0];
  expect(told.title).toContain('服务人员变更');
  expect(told.body).toContain(CHAIRS[0]);
  expect(told.body).toContain('名额仍为您保留');
  expect((await h.ok(b, 'notices.list', {})).notices.some((n) => n.body.includes('师傅病假'))).toBe(false);

  // an off provider cannot be chosen (said before the slot being full); the next slot is untouched
  expect(await code(h.call(d, 'booking.book', { slotId: slot.id, providerId: chairs[0].id }))).toBe('PROVIDER_OFF');
  const [, later] = await slotsOf(svc.id, d);
  expect(later.freeProviderIds).toHaveLength(3);
});

test('an off provider with places left is refused PROVIDER_OFF by name', async () => {
  const { svc, chairs } = await shop();
  const a = next();
  const [slot] = await slotsOf(svc.id, a);
  await h.ok(staff, 'booking.takeProviderOff', { providerId: chairs[2].id, slotId: slot.id, reason: '外出培训' });
  expect((await slotsOf(svc.id, a))[0].freeProviderIds).toEqual([chairs[0].id, chairs[1].id]);
  const r = await refusal(h.call(a, 'booking.book', { slotId: slot.id, providerId: chairs[2].id }));
  expect(r.code).toBe('PROVIDER_OFF');
  expect(r.message).toContain(CHAIRS[2]);
});

test('removing a chosen provider from the service clears the choice on bookings ahead and tells the member', async () => {
  const { svc, chairs } = await shop();
  const a = next();
  const [, later] = await slotsOf(svc.id, a);
  await h.ok(a, 'booking.book', { slotId: later.id, providerId: chairs[2].id });
  await h.ok(staff, 'booking.saveProviders', { serviceId: svc.id, providers: [chairs[0], chairs[1]] });
  expect(await mine(a, svc.id)).toMatchObject({ status: 'booked', providerName: null });
  expect((await h.ok(a, 'notices.list', {})).notices[0].body).toContain(CHAIRS[2]);
});
