import { cloudFunction } from '../core/dispatch';
import { perksActions } from '../core/perks/actions';

/** CloudBase entry of the perks function (普惠: activities, points, coupons): { action, input } → { ok, data | error }. */
export const main = cloudFunction('perks', perksActions);
