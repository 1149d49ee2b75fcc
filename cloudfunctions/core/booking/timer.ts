import type { Db } from '../db/client';
import type { CallContext } from '../auth/identity';
import { triggerSource } from '../events';
import { deliverNotices, type DeliveryReport } from '../notices/outbox';
import { noticeChannels } from '../notices/channels';
import { remindDue } from './reminders';

/** How far ahead a reminder goes out; the timer runs every few minutes, each booking is reminded once. */
export const REMIND_WITHIN_MINUTES = 120;
export const TIMER_TRIGGER = 'bookingReminders';

/**
 * A timer trigger is known by what the platform sets for the invocation (`TRIGGER_SRC=timer`, core/events.ts),
 * never by the event alone: any caller can send `{ Type: 'Timer', TriggerName }` through callFunction or HTTP
 * access. The platform's event names the trigger, so a timer of another name is not this job.
 */
export function isTimerEvent(event: unknown, context: CallContext): boolean {
  if (!event || typeof event !== 'object' || Array.isArray(event)) return false;
  if ((event as Record<string, unknown>).TriggerName !== TIMER_TRIGGER) return false;
  return triggerSource(context) === 'timer';
}

/**
 * The timer's work: write the due reminders (in-app notices) in one transaction, then deliver the platform's
 * undelivered notices of every area (the outbox has no timer of its own; this one runs every few minutes).
 */
export async function runBookingTimer(
  db: Db,
  now: Date,
): Promise<{ reminded: number; pushed: number; delivery: DeliveryReport }> {
  const reminded = await db.transaction((tx) => remindDue(tx, now, REMIND_WITHIN_MINUTES));
  const delivery = await deliverNotices(db, noticeChannels());
  return { reminded, pushed: delivery.sent, delivery };
}
