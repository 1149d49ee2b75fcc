import { handle } from '../core/dispatch';
import type { CallContext } from '../core/auth/identity';

/** CloudBase entry of the congress function: every call is { action, input } → { ok, data | error }. */
export const main = (event: unknown, context: CallContext) => handle('congress', event, context);
