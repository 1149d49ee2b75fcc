import { cloudFunction } from '../core/dispatch';
import type { CallContext } from '../core/auth/identity';
import { isNamedTimer } from '../core/events';
import { getRuntime } from '../core/runtime';
import { perksActions } from '../core/perks/actions';
import { runPointsExpiry } from '../core/perks/expiry';

const serve = cloudFunction('perks', perksActions);

/** The `pointsExpiry` timer trigger (cloudbaserc.json): the yearly expiry of points (core/perks/expiry.ts). */
export const POINTS_EXPIRY_TRIGGER = 'pointsExpiry';

/**
 * CloudBase entry of the perks function (普惠: activities, points, coupons): { action, input } → { ok, data | error };
 * its timer expires the points of the year now due.
 */
export const main = async (event: unknown, context: CallContext = {}) => {
  if (isNamedTimer(event, context, POINTS_EXPIRY_TRIGGER)) {
    const { db, clock } = await getRuntime();
    return { ok: true, data: await runPointsExpiry(db, clock()) };
  }
  return serve(event, context);
};
