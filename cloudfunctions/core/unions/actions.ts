import { defineAction, type ActionDef } from '../action';
import type { Role } from '@shared/contracts/unions';
import { loadBrand, loadSubtree, updateBranding } from './brand';
import { homeOf } from './home';
import { wecomLogin } from './wecom-login';
import { grantRole, grassrootsUnion, listOfficers, revokeRole, roleHistory } from '../auth/role-grants';
import { revokeSessions } from '../auth/identity';
import { personIdOf } from '../auth/caller';

/** Who appoints a grassroots union's officers: its chair, or a federation admin above it. */
const APPOINTERS: Role[] = ['chair', 'federation_admin'];

export const unionsActions: ActionDef[] = [
  defineAction('unions.home', {
    readOnly: true,
    allow: 'signedIn',
    handler: homeOf,
  }),

  defineAction('unions.wecomLogin', {
    allow: 'public',
    handler: ({ tx, input, audit }) => wecomLogin(tx, input.code, audit),
  }),

  defineAction('unions.officers', {
    readOnly: true,
    allow: APPOINTERS,
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input }) {
      await grassrootsUnion(tx, input.unionId);
      return { officers: await listOfficers(tx, input.unionId) };
    },
  }),

  defineAction('unions.grantRole', {
    allow: APPOINTERS,
    scope: (_tx, input) => input.unionId,
    handler: ({ tx, input, caller, now }) => grantRole(tx, caller.personId, input, now),
  }),

  defineAction('unions.revokeRole', {
    allow: APPOINTERS,
    scope: (_tx, input) => input.unionId,
    handler: ({ tx, input, caller, access, union, now }) =>
      revokeRole(tx, caller.personId, input, access.can(['federation_admin'], union), now),
  }),

  defineAction('unions.roleHistory', {
    readOnly: true,
    allow: APPOINTERS,
    scope: (_tx, input) => input.unionId,
    handler: ({ tx, input }) => roleHistory(tx, input.unionId, input.page, input.pageSize),
  }),

  defineAction('unions.signOutEverywhere', {
    allow: 'signedIn',
    async handler({ tx, caller, audit }) {
      const personId = personIdOf(caller.personId);
      await revokeSessions(tx, personId);
      await audit({ action: 'unions.signOutEverywhere', unionId: null, targetType: 'person', targetId: personId });
      return { signedOut: true as const };
    },
  }),

  defineAction('unions.brand', {
    readOnly: true,
    allow: 'public',
    scope: (_tx, input) => input.unionId,
    handler: ({ tx, input }) => loadBrand(tx, input.unionId),
  }),

  defineAction('unions.tree', {
    readOnly: true,
    allow: ['federation_admin', 'chair', 'vice_chair'],
    scope: (_tx, input) => input.unionId,
    handler: async ({ tx, input }) => ({ nodes: await loadSubtree(tx, input.unionId) }),
  }),

  defineAction('unions.updateBranding', {
    allow: ['chair', 'federation_admin'],
    scope: (_tx, input) => input.unionId,
    handler: updateBranding,
  }),
];
