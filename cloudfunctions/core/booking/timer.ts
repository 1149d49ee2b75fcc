import type { Db } from '../db/client';
import { cloudbaseWxContext, type CallContext } from '../auth/identity';
import { pushNotices, subscriptionMessenger } from './notify';
import { remindDue } from './reminders';

/** How far ahead a reminder goes out; the timer runs every few minutes, each booking is reminded once. */
export const REMIND_WITHIN_MINUTES = 120;
export const TIMER_TRIGGER = 'bookingReminders';

/**
 * A CloudBase timer trigger calls the function with `{ Type: 'Timer', TriggerName, Time }` as an object and
 * without a WeChat caller. The gateway always hands over the HTTP body as text, and a mini-program call
 * carries the member's OPENID: neither can pose as the timer.
 */
export function isTimerEvent(event: unknown, context: CallContext): boolean {
  if (!event || typeof event !== 'object' || Array.isArray(event)) return false;
  const e = event as Record<string, unknown>;
  if (e.Type !== 'Timer' || e.TriggerName !== TIMER_TRIGGER) return false;
  return context.local ? true : !cloudbaseWxContext(context).OPENID;
}

/** The timer's work: write the due reminders (in-app notices) in one transaction, then push the unsent notices. */
export async function runBookingTimer(db: Db, now: Date): Promise<{ reminded: number; pushed: number }> {
  const reminded = await db.transaction((tx) => remindDue(tx, now, REMIND_WITHIN_MINUTES));
  const pushed = await pushNotices(db, subscriptionMessenger(db));
  return { reminded, pushed };
}
