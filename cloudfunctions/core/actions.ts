import type { ActionDef } from './action';
import { unionsActions } from './unions/actions';
import { membershipActions } from './membership/actions';
import { aidActions } from './aid/actions';
import { congressActions } from './congress/actions';
import { bookingActions } from './booking/actions';
import { noticesActions } from './notices/actions';
import { perksActions } from './perks/actions';
import { federationActions } from './federation/actions';
import { federationExports } from './federation/exports';
import { signinActions } from './unions/signin-actions';
import { invitePosterActions } from './membership/poster';

const all: ActionDef[] = [
  ...unionsActions,
  ...membershipActions,
  ...aidActions,
  ...congressActions,
  ...bookingActions,
  ...noticesActions,
  ...perksActions,
  ...federationActions,
  ...federationExports,
  ...signinActions,
  ...invitePosterActions,
];

/**
 * Every implemented action by name; the authorization matrix test walks this list. Functions never import it:
 * each entry (`cloudfunctions/<fn>/index.ts`) passes only its own area's list, so a bundle holds only its area.
 */
export const actionRegistry = new Map<string, ActionDef>(all.map((a) => [a.name, a]));
