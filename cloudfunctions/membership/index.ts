import { cloudFunction } from '../core/dispatch';
import { membershipActions } from '../core/membership/actions';
import { invitePosterActions } from '../core/membership/poster';

/** CloudBase entry of the membership function: { action, input } → { ok, data | error } (mini-program call or HTTP access). */
export const main = cloudFunction('membership', [...membershipActions, ...invitePosterActions]);
