import { handle } from '../core/dispatch';
import type { CallContext } from '../core/auth/identity';
import { getRuntime } from '../core/runtime';
import { isTimerEvent, runBookingTimer } from '../core/booking/timer';

/**
 * CloudBase entry of the booking function: every call is { action, input } → { ok, data | error };
 * the `bookingReminders` timer trigger (cloudbaserc.json) sends reminders and pushes subscription messages.
 */
export const main = async (event: unknown, context: CallContext) => {
  if (isTimerEvent(event, context)) {
    const { db, clock } = await getRuntime();
    return { ok: true, data: await runBookingTimer(db, clock()) };
  }
  return handle('booking', event, context);
};
