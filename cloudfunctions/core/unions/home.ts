import { and, eq, inArray } from 'drizzle-orm';
import type { Role } from '@shared/contracts/unions';
import type { ActionContext, ActionOutput } from '../action';
import type { Db } from '../db/client';
import { members, people, roleGrants, unions } from '../db/schema';
import { errors } from '../errors';
import { loadBrand } from './brand';

/** The federation node a person administers, nearest the root when there are several; null for none. */
async function federationOf(tx: Db, grants: { role: string; unionId: string }[]) {
  const ids = grants.filter((g) => g.role === 'federation_admin').map((g) => g.unionId);
  if (ids.length === 0) return null;
  const brands = await Promise.all(ids.map((id) => loadBrand(tx, id)));
  return brands.sort((a, b) => a.lineage.length - b.lineage.length)[0];
}

/** The signed-in person's home: who they are, their membership (active before pending), roles and federation. */
export async function homeOf({ tx, caller }: ActionContext<'unions.home', 'signedIn'>): Promise<ActionOutput<'unions.home'>> {
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
}
