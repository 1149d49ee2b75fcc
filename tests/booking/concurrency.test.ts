import { createHarness, type Harness } from '../support/harness';
import { rows, sql } from '../../cloudfunctions/core/db/client';
import { engineName } from '../support/db';
import { pgErrorCode } from '../../cloudfunctions/core/errors';

/**
 * A release rush: 2,000 members try 100 one-place slots at once, twenty at a time on the same slot; one in ten
 * also retries the same request, one in ten also tries a second slot, one in twenty taps three slots at once. Invariants, not timing: exactly 100 bookings, nobody over the weekly
 * limit, slot counters equal to the live bookings, and the only refusals are the expected ones.
 */
const NOW = '2026-11-25T10:00:00+08:00';
const MEMBERS = 2000;
const SLOTS = 100;

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ now: new Date(NOW) });
});
afterAll(() => h.close());

type Book = (
  personId: string,
  input: { slotId: string; requestId: string },
) => Promise<{ ok: true; data: { id: string } } | { ok: false; error: { code: string } }>;

/** Through the function entry: one instance, with its memo of full slots and one attempt per slot in flight. */
const throughTheEntry: Book = (p, input) => h.call(p, 'booking.book', input);

/**
 * The statement alone, as if every call came from another instance: no memo, no per-slot queue, so the
 * database's guards (conditional update, CHECK, weekly-limit upsert, the claim) are all that stands.
 */
const statementAlone: Book = async (p, input) => {
  try {
    const [r] = await rows<{ r: { outcome: string; booking?: { id: string } } }>(
      h.database.db,
      // the session version every seeded person has (0): the statement checks it first, as for a signed-in call
      sql`SELECT booking_book_v3(${p}::uuid, 0, ${input.slotId}::uuid, ${input.requestId}, ${new Date(NOW).toISOString()}::timestamptz,
            substr(md5(random()::text), 1, 12), NULL, NULL, NULL, NULL) AS r`, // no write budget, no provider: only the guards stand
    );
    const out = typeof r.r === 'string' ? JSON.parse(r.r) : r.r;
    return out.booking ? { ok: true, data: { id: out.booking.id } } : { ok: false, error: { code: out.outcome } };
  } catch (e) {
    return { ok: false, error: { code: `RAISED ${pgErrorCode(e)}` } };
  }
};

test.each([
  ['through the entry', throughTheEntry, 'A'],
  ['the statement alone, as from many instances', statementAlone, 'B'],
] as const)(
  `2,000 members × 100 slots at once → exactly 100 bookings, %s (${engineName()})`,
  async (_label, book: Book, tag) => {
    const staff = h.base.people.liuYang;
    const xinghuo = h.base.unions.xinghuo;
    // Thursday 08:00–16:20 in 5-minute slots = 100 slots of 1 place
    const svc = await h.ok(staff, 'booking.saveService', {
      unionId: xinghuo,
      name: `抢号测试${tag}`,
      rules: {
        slotMinutes: 5,
        capacity: 1,
        template: [{ weekday: 4, start: '08:00', end: '16:20' }],
        releaseWeekday: 1,
        releaseTime: '12:00',
        releaseWeeksAhead: 1,
        weeklyLimit: 1,
        cancelMinutesBefore: 60,
        noShowLimit: 2,
        noShowWindowDays: 30,
        suspendDays: 14,
      },
    });
    expect(
      (await h.ok(staff, 'booking.generateWeek', { serviceId: svc.id, weekStart: '2026-11-23', releaseNow: true })).created,
    ).toBe(SLOTS);
    const slots = (await h.ok(staff, 'booking.week', { serviceId: svc.id, weekStart: '2026-11-23' })).days.flatMap(
      (d) => d.slots,
    );
    expect(slots).toHaveLength(SLOTS);

    // 2,000 members made by SQL, for speed
    const made = await rows<{ id: string }>(
      h.database.db,
      sql`WITH p AS (INSERT INTO people (name) SELECT '抢号' || g FROM generate_series(1, ${MEMBERS}) g RETURNING id)
        INSERT INTO members (person_id, union_id, member_no, status, joined_at)
        SELECT id, ${xinghuo}, 'RUSH' || ${tag} || row_number() OVER (), 'active', now() FROM p RETURNING person_id AS id`,
    );
    const people = made.map((r) => r.id);
    expect(people).toHaveLength(MEMBERS);

    // count statements in flight at the same moment: on PostgreSQL the rush must really overlap (PGlite serialises);
    // the booking is one autocommit statement, so statements (not transactions) are what overlaps
    const db = h.database.db;
    const original = db.execute.bind(db);
    let open = 0;
    let maxOpen = 0;
    db.execute = (async (...args: Parameters<typeof original>) => {
      maxOpen = Math.max(maxOpen, ++open);
      try {
        return await original(...args);
      } finally {
        open--;
      }
    }) as typeof db.execute;

    const calls = people.flatMap((p, i) => {
      // neighbours in the queue aim at the same slot, so the transactions in flight really fight over one row
      const first = { slotId: slots[Math.floor(i / (MEMBERS / SLOTS))].id, requestId: `rush-${i}-a` };
      const second = { slotId: slots[(i * 7 + 13) % SLOTS].id, requestId: `rush-${i}-b` };
      const attempts = [book(p, first)];
      if (i % 10 === 0) attempts.push(book(p, first)); // a client retry of the same request
      if (i % 10 === 5) attempts.push(book(p, second)); // a second slot: over the weekly limit if the first won
      // the head of each group is greedy: it also taps the next two slots at once, ahead of their crowds —
      // without the weekly-limit guard it would win all three
      if (i % (MEMBERS / SLOTS) === 0)
        for (const k of [1, 2])
          attempts.push(
            book(p, { slotId: slots[(Math.floor(i / (MEMBERS / SLOTS)) + k) % SLOTS].id, requestId: `rush-${i}-g${k}` }),
          );
      return attempts.map((a) => a.then((r) => ({ p, r })));
    });
    const results = await Promise.all(calls);
    db.execute = original;
    if (engineName() === 'postgres') expect(maxOpen).toBeGreaterThanOrEqual(10);

    const codes = new Map<string, number>();
    for (const { r } of results) codes.set(r.ok ? 'OK' : r.error.code, (codes.get(r.ok ? 'OK' : r.error.code) ?? 0) + 1);
    const unexpected = [...codes.keys()].filter((c) => !['OK', 'SLOT_TAKEN', 'LIMIT_REACHED'].includes(c));
    expect(unexpected).toEqual([]);

    const live = await rows<{ slot_id: string; person_id: string }>(
      h.database.db,
      sql`SELECT slot_id, person_id FROM booking_bookings WHERE service_id = ${svc.id} AND status <> 'cancelled'`,
    );
    expect(live).toHaveLength(SLOTS);
    expect(new Set(live.map((b) => b.slot_id)).size).toBe(SLOTS);
    expect(new Set(live.map((b) => b.person_id)).size).toBe(SLOTS); // weekly limit 1 → 100 different members
    const counters = await rows<{ bad: number }>(
      h.database.db,
      sql`SELECT count(*)::int AS bad FROM booking_slots sl WHERE sl.service_id = ${svc.id}
        AND sl.booked <> (SELECT count(*) FROM booking_bookings b WHERE b.slot_id = sl.id AND b.status <> 'cancelled')`,
    );
    expect(Number(counters[0].bad)).toBe(0);
    const weeks = await rows<{ over: number; sum: number }>(
      h.database.db,
      sql`SELECT count(*) FILTER (WHERE count > 1)::int AS over, COALESCE(sum(count), 0)::int AS sum FROM booking_member_weeks WHERE service_id = ${svc.id}`,
    );
    expect(Number(weeks[0].over)).toBe(0);
    expect(Number(weeks[0].sum)).toBe(SLOTS);

    // every successful call names a live booking of its caller; retries got the same booking, never a second one
    const okIds = new Set<string>();
    for (const { p, r } of results) {
      if (!r.ok) continue;
      expect(live.some((b) => b.person_id === p)).toBe(true);
      okIds.add(r.data.id);
    }
    expect(okIds.size).toBe(SLOTS);
  },
  180_000,
);
