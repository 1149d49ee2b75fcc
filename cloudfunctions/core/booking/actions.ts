import type { ActionDef } from '../action';

/** Actions of the booking area. */
export const bookingActions: ActionDef[] = [];
