import { and, eq, inArray } from 'drizzle-orm';
import { defineAction } from '../action';
import type { Db } from '../db/client';
import { members, people, roleGrants, unions } from '../db/schema';
import { errors } from '../errors';
import type { Role } from '@shared/contracts/unions';
import { loadBrand, loadSubtree } from './brand';
import { wecomLogin } from './wecom-login';
import { grantRole, grassrootsUnion, listOfficers, revokeRole, roleHistory } from '../auth/role-grants';
import { revokeSessions } from '../auth/identity';
import { personIdOf } from '../auth/caller';

/** The federation node a person administers, nearest the root when there are several; null for none. */
async function federationOf(tx: Db, grants: { role: string; unionId: string }[]) {
  const ids = grants.filter((g) => g.role === 'federation_admin').map((g) => g.unionId);
  if (ids.length === 0) return null;
  const brands = await Promise.all(ids.map((id) => loadBrand(tx, id)));
  return brands.sort((a, b) => a.lineage.length - b.lineage.length)[0];
}

/** Who appoints a grassroots union's officers: its chair, or a federation admin above it. */
const APPOINTERS: Role[] = ['chair', 'federation_admin'];

export const unionsActions = [
  defineAction('unions.home', {
    readOnly: true,
    allow: 'signedIn',
    async handler({ tx, caller }) {
      if (!caller.personId) throw errors.unauthenticated();
      const [person] = await tx.select({ id: people.id, name: people.name }).from(people).where(eq(people.id, caller.personId));
      if (!person) throw errors.unauthenticated();
      const [m] = await tx
        .select()
        .from(members)
        .where(and(eq(members.personId, person.id), inArray(members.status, ['active', 'pending'])))
        .orderBy(members.status) // 'active' before 'pending'
        .limit(1);
      const grants = await tx
        .select({ role: roleGrants.role, unionId: roleGrants.unionId, unionName: unions.shortName })
        .from(roleGrants)
        .innerJoin(unions, eq(unions.id, roleGrants.unionId))
        .where(eq(roleGrants.personId, person.id));
      return {
        person,
        membership: m
          ? {
              memberNo: m.memberNo,
              status: m.status,
              joinedAt: m.joinedAt?.toISOString() ?? null,
              union: await loadBrand(tx, m.unionId),
            }
          : null,
        roles: grants.map((g) => ({ ...g, role: g.role as Role })),
        // a federation admin's home shows the federation she administers (the highest, if several)
        federation: await federationOf(tx, grants),
      };
    },
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
      revokeRole(tx, caller.personId, input, !!union && access.can(['federation_admin'], union), now),
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
    async handler({ tx, input, audit }) {
      const { unionId, ...changes } = input;
      const before = await loadBrand(tx, unionId);
      if (Object.keys(changes).length > 0) await tx.update(unions).set(changes).where(eq(unions.id, unionId));
      await audit({
        action: 'unions.updateBranding',
        unionId,
        targetType: 'union',
        targetId: unionId,
        detail: { before, changes },
      });
      return loadBrand(tx, unionId);
    },
  }),
];
