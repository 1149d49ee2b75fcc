import type { ActionDef } from '../action';
import { defineAction } from '../action';
import type { Role } from '@shared/contracts/unions';
import { overview } from './overview';
import { directoryRows, memberDetail, memberDirectory, memberUnion } from './directory';
import { membersSheet, overviewSheet } from './sheets';

/** Who sees a node's figures: federation admins at or above it (subtree rule), a grassroots union's chairs. */
const OVERVIEW: Role[] = ['federation_admin', 'chair', 'vice_chair'];
/** Who reads a union's member directory (masked) and a member's history. */
const DIRECTORY: Role[] = ['chair', 'vice_chair', 'finance', 'federation_admin'];
/** Who may take the directory away as a file. */
const EXPORTERS: Role[] = ['chair', 'federation_admin'];

/** Federation overview and member directory, hosted by the unions function (action names `unions.*`). */
export const federationActions: ActionDef[] = [
  defineAction('unions.overview', {
    readOnly: true,
    allow: OVERVIEW,
    scope: (_tx, input) => input.unionId,
    handler: ({ tx, input, now }) => overview(tx, input.unionId, now),
  }),

  defineAction('unions.exportOverview', {
    readOnly: true,
    allow: OVERVIEW,
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input, now }) {
      const o = await overview(tx, input.unionId, now);
      return { fileName: `数据概览-${o.union.name}-${o.refreshedAt.slice(0, 10)}.xlsx`, contentBase64: await overviewSheet(o) };
    },
  }),

  defineAction('unions.memberDirectory', {
    readOnly: true,
    allow: DIRECTORY,
    scope: (_tx, input) => input.unionId,
    handler: ({ tx, input }) => memberDirectory(tx, input),
  }),

  defineAction('unions.exportMembers', {
    allow: EXPORTERS,
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input, audit, now }) {
      const list = await directoryRows(tx, input);
      await audit({
        action: 'unions.exportMembers',
        unionId: input.unionId,
        targetType: 'union',
        targetId: input.unionId,
        detail: { q: input.q ?? null, status: input.status ?? null, rows: list.length },
      });
      const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
      return { fileName: `会员花名册-${day}.xlsx`, contentBase64: await membersSheet(list), rows: list.length };
    },
  }),

  defineAction('unions.memberDetail', {
    readOnly: true,
    allow: DIRECTORY,
    scope: (tx, input) => memberUnion(tx, input.memberId),
    handler: ({ tx, input }) => memberDetail(tx, input.memberId),
  }),
];
