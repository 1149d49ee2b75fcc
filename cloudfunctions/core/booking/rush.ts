import { fullMemo } from '../rush-memo';

export { oneAtATime } from '../rush-memo';

/**
 * What one instance (one process) remembers during a release rush (the memo itself is core/rush-memo.ts, shared
 * with the coupon rush), so that the crowd of refusals does not reach
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

/** Full slots and the people holding their places (forgotten on cancel, close, capacity change, or after the memo's time). */
export const fullSlots = fullMemo(FULL_SLOT_MEMO_MS);
