import { cloudFunction } from '../core/dispatch';
import { congressActions } from '../core/congress/actions';

/** CloudBase entry of the congress function: { action, input } → { ok, data | error } (mini-program call or HTTP access). */
export const main = cloudFunction('congress', congressActions);
