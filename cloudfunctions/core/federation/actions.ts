import type { ActionDef } from '../action';
import { defineAction } from '../action';
import type { Role } from '@shared/contracts/unions';
import { overview } from './overview';
import { memberDetail, memberDirectory, memberUnion } from './directory';

/** Who sees a node's figures: federation admins at or above it (subtree rule), a grassroots union's chairs. */
export const OVERVIEW: Role[] = ['federation_admin', 'chair', 'vice_chair'];
/** Who reads a union's member directory (masked) and a member's history. */
const DIRECTORY: Role[] = ['chair', 'vice_chair', 'finance', 'federation_admin'];

/** Federation overview and member directory, hosted by the unions function (action names `unions.*`). */
export const federationActions: ActionDef[] = [
  defineAction('unions.overview', {
    readOnly: true,
    allow: OVERVIEW,
    scope: (_tx, input) => input.unionId,
    handler: ({ tx, input, now }) => overview(tx, input.unionId, now),
  }),

  defineAction('unions.memberDirectory', {
    readOnly: true,
    allow: DIRECTORY,
    scope: (_tx, input) => input.unionId,
    handler: ({ tx, input }) => memberDirectory(tx, input),
  }),

  defineAction('unions.memberDetail', {
    readOnly: true,
    allow: DIRECTORY,
    scope: (tx, input) => memberUnion(tx, input.memberId),
    handler: ({ tx, input }) => memberDetail(tx, input.memberId),
  }),
];
