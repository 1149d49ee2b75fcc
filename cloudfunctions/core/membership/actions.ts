import type { ActionDef } from '../action';
import { defineAction } from '../action';
import { OFFICERS } from '../auth/access';
import QRCode from 'qrcode';
import { AppError } from '../errors';
import type { Role } from '@shared/contracts/unions';
import { buildTemplate } from './roster-file';
import {
  cancelImport,
  confirmImport,
  importRows,
  importUnion,
  listRoster,
  previewImport,
  startImport,
  uploadChunk,
} from './roster';
import { createInvite, inviteCodeOf, inviteInfo, listInvites, loadInvite, revokeInvite } from './invites';
import { joinUnion, leaveUnion, transferUnion } from './join';
import {
  applicationUnion,
  approveApplication,
  approveBatch,
  listApplications,
  rejectApplication,
  withdrawApplication,
} from './applications';
import { cardUnion, myMembership, verifyCard } from './card';
import { personIdOf } from '../auth/caller';

/** Who manages rosters and invites, and who reviews applications: the union's officers, or a federation above it. */
const MANAGERS: Role[] = ['chair', 'vice_chair', 'federation_admin'];
const ROSTER_KEEPERS: Role[] = [...OFFICERS, 'federation_admin'];
const CARD_CHECKERS: Role[] = [...OFFICERS, 'service_staff', 'federation_admin'];

/** Actions of the membership area. */
export const membershipActions: ActionDef[] = [
  defineAction('membership.rosterTemplate', {
    readOnly: true,
    allow: ROSTER_KEEPERS,
    scope: (_tx, input) => input.unionId,
    handler: async () => ({ fileName: '工会会员花名册模板.xlsx', base64: (await buildTemplate()).toString('base64') }),
  }),

  defineAction('membership.startRosterImport', {
    allow: ROSTER_KEEPERS,
    scope: (_tx, input) => input.unionId,
    handler: ({ tx, input, caller, now }) => startImport(tx, input.unionId, caller.personId, input.fileName, input.size, now),
  }),

  defineAction('membership.uploadRosterChunk', {
    allow: ROSTER_KEEPERS,
    scope: (tx, input) => importUnion(tx, input.importId),
    handler: ({ tx, input }) => uploadChunk(tx, input.importId, input.seq, input.data),
  }),

  defineAction('membership.previewRosterImport', {
    allow: ROSTER_KEEPERS,
    scope: (tx, input) => importUnion(tx, input.importId),
    handler: ({ tx, input, now }) => previewImport(tx, input.importId, now),
  }),

  defineAction('membership.rosterImportRows', {
    readOnly: true,
    allow: ROSTER_KEEPERS,
    scope: (tx, input) => importUnion(tx, input.importId),
    handler: ({ tx, input }) => importRows(tx, input.importId, input.onlyInvalid, input.page, input.pageSize),
  }),

  defineAction('membership.confirmRosterImport', {
    allow: ROSTER_KEEPERS,
    scope: (tx, input) => importUnion(tx, input.importId),
    async handler({ tx, input, now, audit }) {
      const { unionId, ...out } = await confirmImport(tx, input.importId, now);
      await audit({
        action: 'membership.confirmRosterImport',
        unionId,
        targetType: 'roster_import',
        targetId: input.importId,
        detail: { inserted: out.inserted, skipped: out.skipped },
      });
      return out;
    },
  }),

  defineAction('membership.cancelRosterImport', {
    allow: ROSTER_KEEPERS,
    scope: (tx, input) => importUnion(tx, input.importId),
    handler: ({ tx, input }) => cancelImport(tx, input.importId),
  }),

  defineAction('membership.listRoster', {
    readOnly: true,
    allow: ROSTER_KEEPERS,
    scope: (_tx, input) => input.unionId,
    handler: ({ tx, input }) => listRoster(tx, input.unionId, input.q, input.page, input.pageSize),
  }),

  defineAction('membership.createInvite', {
    allow: MANAGERS,
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input, caller, now, audit }) {
      const invite = await createInvite(tx, caller.personId, input, now);
      await audit({
        action: 'membership.createInvite',
        unionId: input.unionId,
        targetType: 'invite',
        targetId: invite.id,
        detail: { expiresAt: invite.expiresAt, maxUses: invite.maxUses, autoApprove: invite.autoApprove },
      });
      return invite;
    },
  }),

  defineAction('membership.listInvites', {
    readOnly: true,
    allow: MANAGERS,
    scope: (_tx, input) => input.unionId,
    handler: ({ tx, input, now }) => listInvites(tx, input.unionId, now),
  }),

  defineAction('membership.revokeInvite', {
    allow: MANAGERS,
    scope: async (tx, input) => (await loadInvite(tx, input.inviteId)).union_id,
    async handler({ tx, input, caller, now, audit }) {
      const invite = await revokeInvite(tx, caller.personId, input.inviteId, now);
      await audit({ action: 'membership.revokeInvite', unionId: invite.unionId, targetType: 'invite', targetId: invite.id });
      return invite;
    },
  }),

  defineAction('membership.inviteQr', {
    readOnly: true,
    allow: MANAGERS,
    scope: async (tx, input) => (await loadInvite(tx, input.inviteId)).union_id,
    async handler({ input }) {
      if (!input.link.includes(`invite=${inviteCodeOf(input.inviteId)}`))
        throw new AppError('INVALID_INPUT', '链接中没有该邀请的邀请码', { link: '链接：应包含该邀请的邀请码' });
      return { dataUrl: await QRCode.toDataURL(input.link, { errorCorrectionLevel: 'M', margin: 1, width: 280 }) };
    },
  }),

  defineAction('membership.inviteInfo', {
    readOnly: true,
    allow: 'public',
    handler: ({ tx, input, now }) => inviteInfo(tx, input.inviteCode, now),
  }),

  defineAction('membership.join', {
    allow: 'signedIn',
    handler: ({ tx, input, caller, now, audit }) => joinUnion(tx, caller, input, now, audit),
  }),

  defineAction('membership.transfer', {
    allow: 'signedIn',
    handler: ({ tx, input, caller, now, audit }) => transferUnion(tx, caller, input, now, audit),
  }),

  defineAction('membership.leave', {
    allow: 'signedIn',
    handler: ({ tx, input, caller, now, audit }) => leaveUnion(tx, personIdOf(caller.personId), input.reason, now, audit),
  }),

  defineAction('membership.withdrawApplication', {
    allow: 'signedIn',
    handler: ({ tx, input, caller, now, audit }) =>
      withdrawApplication(tx, personIdOf(caller.personId), input.applicationId, now, audit),
  }),

  defineAction('membership.myMembership', {
    readOnly: true,
    allow: 'signedIn',
    handler: async ({ tx, caller, now }) =>
      caller.personId
        ? myMembership(tx, caller.personId, now)
        : { person: null, card: null, pending: null, lastDecided: null, history: [] },
  }),

  defineAction('membership.listApplications', {
    readOnly: true,
    allow: MANAGERS,
    scope: (_tx, input) => input.unionId,
    handler: ({ tx, input }) => listApplications(tx, input.unionId, input.status, input.page, input.pageSize),
  }),

  defineAction('membership.approve', {
    allow: MANAGERS,
    scope: (tx, input) => applicationUnion(tx, input.applicationId),
    handler: ({ tx, input, caller, now, audit }) =>
      approveApplication(tx, caller.personId, input.applicationId, input.assignUnionId, now, audit),
  }),

  defineAction('membership.reject', {
    allow: MANAGERS,
    scope: (tx, input) => applicationUnion(tx, input.applicationId),
    handler: ({ tx, input, caller, now, audit }) =>
      rejectApplication(tx, caller.personId, input.applicationId, input.reason, now, audit),
  }),

  defineAction('membership.approveBatch', {
    allow: MANAGERS,
    scope: (_tx, input) => input.unionId,
    handler: ({ tx, input, caller, now, audit }) =>
      approveBatch(tx, caller.personId, input.unionId, input.applicationIds, now, audit),
  }),

  defineAction('membership.verifyCard', {
    readOnly: true,
    allow: CARD_CHECKERS,
    scope: (tx, input) => cardUnion(tx, input.code),
    handler: ({ tx, input, now }) => verifyCard(tx, input.code, now),
  }),
] as ActionDef[];
