/**
 * What one instance (one process) remembers during a rush, so that the crowd of refusals does not reach the
 * database: which targets (a booking slot, a coupon batch) are full, with the people holding them. The database
 * always decides; this only keeps away calls whose answer is already known. Used by booking/rush.ts (slots) and
 * perks/grab.ts (coupon batches).
 *
 * - Set from the database's own answer (the last place taken, or a "full" refusal), with the holders. A call for a
 *   remembered target is refused at once, unless the caller is one of its holders (then the database answers:
 *   their retried request returns what they got, a second tap its own refusal).
 * - Forgotten on `forget` (something in this instance may have freed a place) and in any case after `ms`.
 */
export interface FullMemo {
  /** Is the target known full for this person (who holds none of it)? */
  refuses(id: string, personId: string): boolean;
  /** The database said the target is full, held by these people. */
  learn(id: string, holders: readonly string[]): void;
  /** A place of this target may have come free. */
  forget(id: string): void;
  forgetAll(): void;
}

export function fullMemo(ms: number): FullMemo {
  const full = new Map<string, { until: number; holders: Set<string> }>();
  return {
    refuses(id, personId) {
      const f = full.get(id);
      if (!f) return false;
      if (f.until <= Date.now()) {
        full.delete(id);
        return false;
      }
      return !f.holders.has(personId);
    },
    learn(id, holders) {
      if (ms <= 0) return;
      full.set(id, { until: Date.now() + ms, holders: new Set(holders) });
    },
    forget(id) {
      full.delete(id);
    },
    forgetAll() {
      full.clear();
    },
  };
}

const inFlight = new Map<string, Promise<unknown>>();

/**
 * Run `attempt` for a target when no other attempt on it is in flight in this process; calls for the same target
 * run one after another, each seeing what the previous one taught the memo.
 */
export async function oneAtATime<T>(id: string, attempt: () => Promise<T>): Promise<T> {
  const before = inFlight.get(id);
  const mine = (before ? before.then(noop, noop) : Promise.resolve()).then(attempt);
  const tail = mine.then(noop, noop);
  inFlight.set(id, tail);
  try {
    return await mine;
  } finally {
    if (inFlight.get(id) === tail) inFlight.delete(id);
  }
}

const noop = () => undefined;
