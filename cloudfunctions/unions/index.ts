import { cloudFunction } from '../core/dispatch';
import { unionsActions } from '../core/unions/actions';
import { noticesActions } from '../core/notices/actions';
import { federationActions } from '../core/federation/actions';
import { signinActions } from '../core/unions/signin-actions';

/**
 * CloudBase entry of the unions function: { action, input } → { ok, data | error } (mini-program call or HTTP
 * access). The notices area (`notices.list`, `notices.markRead`; `HOSTED_BY` in src/shared/contracts) is hosted here, and the federation overview and member directory (core/federation).
 */
export const main = cloudFunction('unions', [...unionsActions, ...noticesActions, ...signinActions, ...federationActions]);
