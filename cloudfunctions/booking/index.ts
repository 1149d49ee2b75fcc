import { cloudFunction } from '../core/dispatch';
import type { CallContext } from '../core/auth/identity';
import { getRuntime } from '../core/runtime';
import { bookingActions } from '../core/booking/actions';
import { isTimerEvent, runBookingTimer } from '../core/booking/timer';

const serve = cloudFunction('booking', bookingActions);

/**
 * CloudBase entry of the booking function: { action, input } → { ok, data | error } (mini-program call or HTTP
 * access); the `bookingReminders` timer trigger (cloudbaserc.json) sends reminders and pushes subscription messages.
 */
export const main = async (event: unknown, context: CallContext = {}) => {
  if (isTimerEvent(event, context)) {
    const { db, clock } = await getRuntime();
    return { ok: true, data: await runBookingTimer(db, clock()) };
  }
  return serve(event, context);
};
