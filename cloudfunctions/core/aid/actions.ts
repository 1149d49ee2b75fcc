import type { ActionDef } from '../action';

/** Actions of the aid area. */
export const aidActions: ActionDef[] = [];
