import { and, eq, sql } from 'drizzle-orm';
import type { Role } from '../../../src/contracts/unions';
import type { Db } from '../db/client';
import { members, roleGrants, unions } from '../db/schema';
import type { Caller } from './caller';

/** Officer roles of a grassroots union (主席 / 副主席 / 财务). */
export const OFFICERS: Role[] = ['chair', 'vice_chair', 'finance'];

export interface Grant {
  role: Role;
  unionId: string;
  unionPath: string;
}

/**
 * What a caller may do, loaded once per call: explicit grants plus the derived "member" role
 * of their active membership. `can` is the single rule for role + union scope.
 */
export class Access {
  constructor(
    readonly caller: Caller,
    readonly grants: Grant[],
  ) {}

  get personId(): string | null {
    return this.caller.personId;
  }

  /**
   * Does the caller hold one of `roles` on the union at `target` (its id and path)?
   * Federation admins act on their node and everything below it; every other role on its own union only.
   */
  can(roles: readonly Role[], target: { id: string; path: string }): boolean {
    return this.grants.some((g) =>
      roles.includes(g.role) && (g.role === 'federation_admin' ? target.path.startsWith(g.unionPath) : g.unionId === target.id),
    );
  }

  memberUnionId(): string | null {
    return this.grants.find((g) => g.role === 'member')?.unionId ?? null;
  }
}

export async function loadAccess(db: Db, caller: Caller): Promise<Access> {
  if (!caller.personId) return new Access(caller, []);
  const explicit = await db
    .select({ role: roleGrants.role, unionId: roleGrants.unionId, unionPath: unions.path })
    .from(roleGrants)
    .innerJoin(unions, eq(unions.id, roleGrants.unionId))
    .where(eq(roleGrants.personId, caller.personId));
  const membership = await db
    .select({ unionId: members.unionId, unionPath: unions.path })
    .from(members)
    .innerJoin(unions, eq(unions.id, members.unionId))
    .where(and(eq(members.personId, caller.personId), eq(members.status, 'active')));
  return new Access(caller, [
    ...explicit.map((g) => ({ ...g, role: g.role as Role })),
    ...membership.map((m) => ({ role: 'member' as Role, unionId: m.unionId, unionPath: m.unionPath })),
  ]);
}

export async function unionRef(db: Db, unionId: string): Promise<{ id: string; path: string } | null> {
  const [u] = await db.select({ id: unions.id, path: unions.path }).from(unions).where(eq(unions.id, unionId)).limit(1);
  return u ?? null;
}

/** SQL condition: the union column lies in the subtree rooted at `path`. */
export const inSubtree = (pathColumn: typeof unions.path, rootPath: string) => sql`${pathColumn} LIKE ${rootPath + '%'}`;
