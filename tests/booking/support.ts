import { createHarness, type Harness } from '../support/harness';
import type { ServiceRules } from '@shared/contracts/booking';

/** Wednesday 2026-11-25 10:00 in Shanghai: the clock every booking test file starts from (and is reset to). */
export const NOW0 = '2026-11-25T10:00:00+08:00';
/** The Monday of NOW0's week. */
export const THIS_WEEK = '2026-11-23';

/**
 * One seeded harness per test file at NOW0, handed to `ready` (the harness and the 星火 service staff);
 * returns `next()`, which gives a fresh 星火 member for each test that needs one.
 */
export function useBookingHarness(ready: (bed: { h: Harness; staff: string }) => void): () => string {
  let h: Harness | undefined;
  let pool: string[] = [];
  let n = 0;
  beforeAll(async () => {
    h = await createHarness({ now: new Date(NOW0) });
    const named = new Set(Object.values(h.base.people));
    pool = h.base.membersOf.xinghuo.filter((p) => !named.has(p));
    ready({ h, staff: h.base.people.liuYang });
  });
  afterAll(() => h?.close());
  beforeEach(() => h?.setNow(NOW0));
  return () => pool[n++];
}

/** The outcome of a call as a code: 'OK' or the refusal's code. */
export const code = async (p: Promise<{ ok: boolean; error?: { code: string } }>) => {
  const r = await p;
  return r.ok ? 'OK' : r.error!.code;
};

/**
 * A service's rules for a test: one place per 30-minute slot on Thursdays 09:00–11:00, released on Mondays at
 * 12:00 one week ahead, one booking per member per week; `over` changes what the test is about.
 */
export const serviceRules = (over: Partial<ServiceRules> = {}): ServiceRules => ({
  slotMinutes: 30,
  capacity: 1,
  template: [{ weekday: 4, start: '09:00', end: '11:00' }],
  releaseWeekday: 1,
  releaseTime: '12:00',
  releaseWeeksAhead: 1,
  weeklyLimit: 1,
  cancelMinutesBefore: 60,
  noShowLimit: 2,
  noShowWindowDays: 30,
  suspendDays: 14,
  ...over,
});
