import type { ActionDef } from '../action';
import { defineAction } from '../action';
import type { Role } from '@shared/contracts/unions';
import { overview } from './overview';
import { directoryRows } from './directory';
import { membersSheet, overviewSheet } from './sheets';
import { OVERVIEW } from './actions';

/** Who may take the directory away as a file. */
const EXPORTERS: Role[] = ['chair', 'federation_admin'];

/**
 * The spreadsheets of the overview and the directory, hosted by the membership function: it already carries the
 * .xlsx library (rosters), which would triple the unions function's bundle (kept under 1 MB for cold starts).
 */
export const federationExports: ActionDef[] = [
  defineAction('membership.exportOverview', {
    readOnly: true,
    allow: OVERVIEW,
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input, now }) {
      const o = await overview(tx, input.unionId, now);
      return { fileName: `数据概览-${o.union.name}-${o.refreshedAt.slice(0, 10)}.xlsx`, contentBase64: await overviewSheet(o) };
    },
  }),

  defineAction('membership.exportMembers', {
    allow: EXPORTERS,
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input, audit, now }) {
      const list = await directoryRows(tx, input);
      await audit({
        action: 'membership.exportMembers',
        unionId: input.unionId,
        targetType: 'union',
        targetId: input.unionId,
        detail: { q: input.q ?? null, status: input.status ?? null, rows: list.length },
      });
      const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
      return { fileName: `会员花名册-${day}.xlsx`, contentBase64: await membersSheet(list), rows: list.length };
    },
  }),
];
