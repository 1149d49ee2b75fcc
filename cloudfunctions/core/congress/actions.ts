import type { ActionDef } from '../action';

/** Actions of the congress area. */
export const congressActions: ActionDef[] = [];
