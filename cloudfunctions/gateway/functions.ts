import { main as unions } from '../unions';
import { main as membership } from '../membership';
import { main as aid } from '../aid';
import { main as congress } from '../congress';
import { main as booking } from '../booking';
import { main as perks } from '../perks';
import type { CallContext } from '../core/auth/identity';

/** The deployable cloud functions by name, as CloudBase would invoke them. */
export const functions: Record<string, (event: unknown, context: CallContext) => Promise<unknown>> = {
  unions,
  membership,
  aid,
  congress,
  booking,
  perks,
};
