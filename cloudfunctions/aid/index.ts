import { cloudFunction } from '../core/dispatch';
import { aidActions } from '../core/aid/actions';

/** CloudBase entry of the aid function: { action, input } → { ok, data | error } (mini-program call or HTTP access). */
export const main = cloudFunction('aid', aidActions);
