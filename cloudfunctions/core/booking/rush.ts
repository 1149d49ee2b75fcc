/**
 * What one instance (one process) remembers during a release rush, so that the crowd of refusals does not reach
 * the database: which slots are full, and which slot has an attempt in flight. The database always decides;
 * this only keeps away calls whose answer is already known.
 *
 * - Full slots: set from the database's own answer (a booking that took the last place, or a SLOT_TAKEN refusal),
 *   with the people holding the slot's places. A call for a remembered slot is refused SLOT_TAKEN at once, unless
 *   the caller holds one of its places (then the database answers: their retried request, ALREADY_BOOKED).
 * - Forgotten when this instance cancels a booking, closes a slot or changes a capacity, and in any case after
 *   FULL_SLOT_MEMO_MS: another instance (or a change made in this one while an attempt was reading) frees a place
 *   for this instance's callers at most FULL_SLOT_MEMO_MS later. Until then they are told the slot is full, which
 *   it was when the database last said so.
 * - Known to differ from the database's order of checks: for a remembered slot, an ineligible or suspended caller
 *   hears SLOT_TAKEN (true, and their own refusal comes as soon as a place is free), and a request id reused for
 *   another slot is not looked up.
 * - At most one attempt per slot in flight per instance: the others wait for its answer (in memory, not behind the
 *   slot's row lock in the database) and are refused at once when it took the last place.
 */
export const FULL_SLOT_MEMO_MS = Number(process.env.BOOKING_FULL_SLOT_MEMO_MS ?? 2000);

interface Full {
  until: number;
  holders: Set<string>;
}

const full = new Map<string, Full>();
const inFlight = new Map<string, Promise<unknown>>();

export const fullSlots = {
  /** Is the slot known full for this person (who holds none of its places)? */
  refuses(slotId: string, personId: string): boolean {
    const f = full.get(slotId);
    if (!f) return false;
    if (f.until <= Date.now()) {
      full.delete(slotId);
      return false;
    }
    return !f.holders.has(personId);
  },
  /** The database said the slot is full, held by these people. */
  learn(slotId: string, holders: readonly string[]): void {
    if (FULL_SLOT_MEMO_MS <= 0) return;
    full.set(slotId, { until: Date.now() + FULL_SLOT_MEMO_MS, holders: new Set(holders) });
  },
  /** A place of this slot may have come free (cancel, close, capacity change). */
  forget(slotId: string): void {
    full.delete(slotId);
  },
  /** Capacities changed across a service: forget every slot. */
  forgetAll(): void {
    full.clear();
  },
};

/**
 * Run `attempt` for a slot when no other attempt on that slot is in flight in this process; calls for the same
 * slot run one after another, each seeing what the previous one taught `fullSlots`.
 */
export async function oneAtATime<T>(slotId: string, attempt: () => Promise<T>): Promise<T> {
  const before = inFlight.get(slotId);
  const mine = (before ? before.then(noop, noop) : Promise.resolve()).then(attempt);
  const tail = mine.then(noop, noop);
  inFlight.set(slotId, tail);
  try {
    return await mine;
  } finally {
    if (inFlight.get(slotId) === tail) inFlight.delete(slotId);
  }
}

const noop = () => undefined;
