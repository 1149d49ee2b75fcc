import type { Harness } from '../support/harness';
import { THIS_WEEK, code, serviceRules, useBookingHarness } from './support';
import { rows, sql, type Db } from '../../cloudfunctions/core/db/client';
import { FULL_SLOT_MEMO_MS, fullSlots } from '../../cloudfunctions/core/booking/rush';
import { engineName } from '../support/db';
import { signedIn, traffic } from '../support/traffic';
import type { ServiceRules, ServiceView, SlotView } from '@shared/contracts/booking';

/**
 * The rush path of `booking.book` (book.ts, rush.ts, migrations 0650 and 0770): one statement per call in all — the
 * caller's session is checked inside it (`session: 'inline'`), no lookup before it — and no transaction around it, every refusal a value with today's code, the per-instance memo of full slots and how it is
 * forgotten, one attempt per slot in flight, and the claim that refuses the loser of a last place at once.
 */
let h: Harness;
let staff: string;
const next = useBookingHarness((bed) => ({ h, staff } = bed));

const rules = serviceRules();
let seq = 0;
async function service(over: Partial<ServiceRules> = {}): Promise<{ svc: ServiceView; slots: SlotView[] }> {
  const svc = await h.ok(staff, 'booking.saveService', {
    unionId: h.base.unions.xinghuo,
    name: `抢号${++seq}`,
    rules: { ...rules, ...over },
  });
  await h.ok(staff, 'booking.generateWeek', { serviceId: svc.id, weekStart: THIS_WEEK, releaseNow: true });
  const week = await h.ok(staff, 'booking.week', { serviceId: svc.id, weekStart: THIS_WEEK });
  return { svc, slots: week.days.flatMap((d) => d.slots) };
}

/** Active 星火 members made by SQL (the seeded pool is small). */
async function newMembers(n: number): Promise<string[]> {
  const made = await rows<{ id: string }>(
    h.database.db,
    sql`WITH p AS (INSERT INTO people (name) SELECT '抢号' || g FROM generate_series(1, ${n}) g RETURNING id)
        INSERT INTO members (person_id, union_id, member_no, status, joined_at)
        SELECT id, ${h.base.unions.xinghuo}, 'CROWD' || replace(gen_random_uuid()::text, '-', ''), 'active', now() FROM p RETURNING person_id AS id`,
  );
  return made.map((r) => r.id);
}

const measured = <T>(fn: () => Promise<T>) => traffic(h.database.db as Db, fn);

describe('one statement, refusals as values', () => {
  test('a booking is one statement in all (no caller lookup before it), without a transaction around it, and it is audited', async () => {
    const { slots } = await service();
    const a = next();
    const asA = await signedIn(h, a);
    const t = await measured(() => asA('booking.book', { slotId: slots[0].id, requestId: 'one-trip' }));
    expect(t.result.ok).toBe(true);
    expect({ statements: t.statements, transactions: t.transactions }).toEqual({
      statements: 1,
      transactions: 0,
    });
    expect(t.sql[0]).toContain('booking_book_v3');
    const id = t.result.ok ? t.result.data.id : '';
    const [audit] = await rows<{ actor_id: string; union_id: string; detail: { slotId: string } }>(
      h.database.db,
      sql`SELECT actor_id, union_id, detail FROM audit_log WHERE action = 'booking.book' AND target_type = 'booking' AND target_id = ${id}`,
    );
    expect(audit).toMatchObject({ actor_id: a, union_id: h.base.unions.xinghuo, detail: { slotId: slots[0].id } });
    // the retried request returns the same booking, still in one statement
    const again = await measured(() => asA('booking.book', { slotId: slots[0].id, requestId: 'one-trip' }));
    expect(again.result.ok && again.result.data.id).toBe(id);
    expect(again.statements).toBe(1);
  });

  test(`every refusal keeps its code and costs one statement that does not raise (${engineName()})`, async () => {
    // Thursday 09:00–12:00: six one-place slots, weekly limit 1
    const { svc, slots } = await service({ template: [{ weekday: 4, start: '09:00', end: '12:00' }] });
    const [a, b, c] = [next(), next(), next()];
    const refusal = async (who: string, input: { slotId: string; requestId?: string }) => {
      const callAs = await signedIn(h, who);
      const t = await measured(() => code(callAs('booking.book', input)));
      expect({ code: t.result, statements: t.statements, raised: t.raised, transactions: t.transactions }).toEqual({
        code: t.result,
        statements: 1,
        raised: 0,
        transactions: 0,
      });
      return t.result;
    };
    expect(await refusal(a, { slotId: '00000000-0000-4000-8000-000000000000' })).toBe('NOT_FOUND');
    expect(await refusal(h.base.people.yangFan, { slotId: slots[0].id })).toBe('NOT_ELIGIBLE');
    await h.database.db.execute(
      sql`UPDATE booking_slots SET released_at = '2026-11-30T12:00:00+08:00' WHERE id = ${slots[3].id}`,
    );
    expect(await refusal(a, { slotId: slots[3].id })).toBe('NOT_YET_RELEASED');
    await h.ok(staff, 'booking.closeSlot', { slotId: slots[2].id, reason: '停电' });
    expect(await refusal(a, { slotId: slots[2].id })).toBe('SLOT_CLOSED');
    expect(await refusal(a, { slotId: slots[0].id, requestId: 'request-a' })).toBe('OK');
    expect(await refusal(b, { slotId: slots[1].id, requestId: 'request-b' })).toBe('OK');
    // a holds the full slot: the memo lets a's retried request through to the database, which returns a's booking
    expect(await refusal(a, { slotId: slots[0].id, requestId: 'request-a' })).toBe('OK');
    fullSlots.forgetAll(); // as an instance that has not seen slot 1 fill
    expect(await refusal(c, { slotId: slots[1].id })).toBe('SLOT_TAKEN');
    await h.database.db.execute(sql`UPDATE booking_slots SET capacity = 2 WHERE id = ${slots[5].id}`);
    expect(await refusal(c, { slotId: slots[5].id })).toBe('OK');
    expect(await refusal(c, { slotId: slots[5].id })).toBe('ALREADY_BOOKED');
    expect(await refusal(a, { slotId: slots[4].id })).toBe('LIMIT_REACHED');
    const [{ count }] = await rows<{ count: number }>(
      h.database.db,
      sql`SELECT count FROM booking_member_weeks WHERE service_id = ${svc.id} AND person_id = ${a}`,
    );
    expect(Number(count)).toBe(1); // the refused attempt left the count as it was
    await h.database.db.execute(
      sql`INSERT INTO booking_suspensions (service_id, person_id, suspended_until) VALUES (${svc.id}, ${c}, '2026-12-31T00:00:00+08:00')`,
    );
    expect(await refusal(c, { slotId: slots[4].id })).toBe('SUSPENDED');
    const save = (active: boolean) =>
      h.ok(staff, 'booking.saveService', {
        serviceId: svc.id,
        unionId: h.base.unions.xinghuo,
        name: svc.name,
        rules: { ...rules, template: [{ weekday: 4, start: '09:00', end: '12:00' }] },
        active,
      });
    await save(false);
    expect(await refusal(c, { slotId: slots[4].id })).toBe('SERVICE_CLOSED');
    await save(true);
    h.setNow('2026-11-26T11:10:00+08:00');
    expect(await refusal(next(), { slotId: slots[4].id })).toBe('SLOT_PAST');
  });
});

describe('the caller checked inside the statement (session: inline)', () => {
  test('a revoked session is refused UNAUTHENTICATED by the booking statement itself, which books nothing', async () => {
    const { slots } = await service();
    const a = next();
    const stale = await h.tokenFor(a);
    await h.callWithToken(stale, 'unions.signOutEverywhere', {});
    const t = await measured(() => code(h.callWithToken(stale, 'booking.book', { slotId: slots[0].id })));
    expect({ code: t.result, statements: t.statements, raised: t.raised }).toEqual({
      code: 'UNAUTHENTICATED',
      statements: 1,
      raised: 0,
    });
    const [{ n }] = await rows<{ n: number }>(
      h.database.db,
      sql`SELECT count(*)::int AS n FROM booking_bookings WHERE slot_id = ${slots[0].id}`,
    );
    expect(n).toBe(0);
    // signed in again (a fresh token under the new version): booked
    expect(await code(h.call(a, 'booking.book', { slotId: slots[0].id }))).toBe('OK');
  });
});

describe('the memo of full slots', () => {
  test('a full slot is refused without the database; a cancellation frees it again at once', async () => {
    const { slots } = await service();
    const [a, b] = [next(), next()];
    const booking = await h.ok(a, 'booking.book', { slotId: slots[0].id });
    const asB = await signedIn(h, b);
    const refused = await measured(() => code(asB('booking.book', { slotId: slots[0].id })));
    // no statement at all: the token is verified without the database and the refusal comes from the memo
    expect({ code: refused.result, statements: refused.statements }).toEqual({ code: 'SLOT_TAKEN', statements: 0 });
    await h.ok(a, 'booking.cancel', { bookingId: booking.id });
    expect(await code(h.call(b, 'booking.book', { slotId: slots[0].id }))).toBe('OK');
  });

  test('closing a full slot: callers hear SLOT_CLOSED from the database, not the remembered SLOT_TAKEN', async () => {
    const { slots } = await service();
    await h.ok(next(), 'booking.book', { slotId: slots[0].id });
    expect(await code(h.call(next(), 'booking.book', { slotId: slots[0].id }))).toBe('SLOT_TAKEN');
    await h.ok(staff, 'booking.closeSlot', { slotId: slots[0].id, reason: '师傅请假' });
    expect(await code(h.call(next(), 'booking.book', { slotId: slots[0].id }))).toBe('SLOT_CLOSED');
  });

  test('a capacity change (a second chair) frees the slot again', async () => {
    const { svc, slots } = await service();
    await h.ok(staff, 'booking.saveProviders', { serviceId: svc.id, providers: [{ name: '1号椅' }] });
    await h.ok(next(), 'booking.book', { slotId: slots[0].id });
    expect(await code(h.call(next(), 'booking.book', { slotId: slots[0].id }))).toBe('SLOT_TAKEN');
    const { providers } = await h.ok(staff, 'booking.saveProviders', {
      serviceId: svc.id,
      providers: [{ name: '1号椅' }, { name: '2号椅' }],
    });
    expect(providers).toHaveLength(2);
    expect(await code(h.call(next(), 'booking.book', { slotId: slots[0].id }))).toBe('OK');
  });

  test(`a place freed elsewhere (another instance) is seen within ${FULL_SLOT_MEMO_MS} ms`, async () => {
    const { slots } = await service();
    const [a, b] = [next(), next()];
    const booking = await h.ok(a, 'booking.book', { slotId: slots[0].id });
    expect(await code(h.call(b, 'booking.book', { slotId: slots[0].id }))).toBe('SLOT_TAKEN');
    // another instance cancels: this one's memo does not know
    await h.database.db.execute(sql`UPDATE booking_bookings SET status = 'cancelled' WHERE id = ${booking.id}`);
    await h.database.db.execute(sql`UPDATE booking_slots SET booked = booked - 1 WHERE id = ${slots[0].id}`);
    expect(await code(h.call(b, 'booking.book', { slotId: slots[0].id }))).toBe('SLOT_TAKEN');
    const realNow = Date.now;
    const later = realNow() + FULL_SLOT_MEMO_MS + 1;
    Date.now = () => later;
    try {
      expect(await code(h.call(b, 'booking.book', { slotId: slots[0].id }))).toBe('OK');
    } finally {
      Date.now = realNow;
    }
  });

  test('twenty members tap one free place at once: one booking, one statement, nineteen refused from memory', async () => {
    const { slots } = await service();
    const crowd = await newMembers(20);
    const callers = await Promise.all(crowd.map((p) => signedIn(h, p)));
    const t = await measured(() =>
      Promise.all(
        callers.map((callAs, i) => code(callAs('booking.book', { slotId: slots[0].id, requestId: `crowd-request-${i}` }))),
      ),
    );
    expect(t.result.filter((c) => c === 'OK')).toHaveLength(1);
    expect(t.result.filter((c) => c === 'SLOT_TAKEN')).toHaveLength(19);
    // one booking statement for the whole crowd, and nothing else
    expect(t.statements).toBe(1);
  });
});

(engineName() === 'postgres' ? describe : describe.skip)('the claim of a last place (another instance in flight)', () => {
  /** Holds the slot's claim lock in a transaction of its own, as another instance's attempt does, while `fn` runs. */
  async function whileClaimed<T>(slotId: string, fn: () => Promise<T>, holdMs = 0): Promise<T> {
    let result!: Promise<T>;
    await h.database.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(('x' || substr(replace(${slotId}, '-', ''), 1, 16))::bit(64)::bigint)`);
      result = fn();
      if (holdMs) await new Promise((r) => setTimeout(r, holdMs));
      else await result.catch(() => undefined);
    });
    return result;
  }

  test('the last place claimed elsewhere: refused at once, quota given back', async () => {
    const { svc, slots } = await service();
    const a = next();
    const started = Date.now();
    expect(await whileClaimed(slots[0].id, () => code(h.call(a, 'booking.book', { slotId: slots[0].id })))).toBe('SLOT_TAKEN');
    expect(Date.now() - started).toBeLessThan(5000); // did not wait for the claim's transaction (it ends after the call)
    const [w] = await rows<{ count: number }>(
      h.database.db,
      sql`SELECT count FROM booking_member_weeks WHERE service_id = ${svc.id} AND person_id = ${a}`,
    );
    expect(Number(w.count)).toBe(0);
    // the claim went away without taking the place: the next attempt books it
    expect(await code(h.call(a, 'booking.book', { slotId: slots[0].id }))).toBe('OK');
  });

  test('two places free while one is claimed elsewhere: waits for the claim and books, never refuses a free place', async () => {
    const { slots } = await service({ capacity: 2 });
    const a = next();
    expect(await whileClaimed(slots[0].id, () => code(h.call(a, 'booking.book', { slotId: slots[0].id })), 300)).toBe('OK');
  });
});
