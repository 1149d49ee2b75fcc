import { cloudFunction } from '../core/dispatch';
import { membershipActions } from '../core/membership/actions';
import { federationExports } from '../core/federation/exports';
import { invitePosterActions } from '../core/membership/poster';

/**
 * CloudBase entry of the membership function: { action, input } → { ok, data | error } (mini-program call or HTTP
 * access); it also hosts the federation's spreadsheets (`membership.exportOverview`, `membership.exportMembers`).
 */
export const main = cloudFunction('membership', [...membershipActions, ...invitePosterActions, ...federationExports]);
