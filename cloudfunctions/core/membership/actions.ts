import type { ActionDef } from '../action';

/** Actions of the membership area. */
export const membershipActions: ActionDef[] = [];
