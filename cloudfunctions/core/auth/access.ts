import { eq, sql } from 'drizzle-orm';
import type { Role } from '../../../src/contracts/unions';
import type { Db } from '../db/client';
import { unions } from '../db/schema';
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

/** The caller's grants and active memberships in one statement (one round trip per call). */
export async function loadAccess(db: Db, caller: Caller): Promise<Access> {
  if (!caller.personId) return new Access(caller, []);
  const res = (await db.execute(
    sql`SELECT g.role, g.union_id AS "unionId", u.path AS "unionPath" FROM role_grants g JOIN unions u ON u.id = g.union_id
        WHERE g.person_id = ${caller.personId}
        UNION ALL
        SELECT 'member', m.union_id, u.path FROM members m JOIN unions u ON u.id = m.union_id
        WHERE m.person_id = ${caller.personId} AND m.status = 'active'`,
  )) as unknown as { rows: { role: string; unionId: string; unionPath: string }[] };
  return new Access(
    caller,
    res.rows.map((g) => ({ role: g.role as Role, unionId: g.unionId, unionPath: g.unionPath })),
  );
}

/**
 * For an action that opted out of the transaction and checks eligibility in its own statement: its roles were
 * not loaded, and reading them is a programming error, not an empty list.
 */
export function unloadedAccess(caller: Caller): Access {
  const access = new Access(caller, []);
  Object.defineProperty(access, 'grants', {
    get() {
      throw new Error('roles were not loaded for this action (transaction: false without a role list or scope)');
    },
  });
  return access;
}

export async function unionRef(db: Db, unionId: string): Promise<{ id: string; path: string } | null> {
  const [u] = await db.select({ id: unions.id, path: unions.path }).from(unions).where(eq(unions.id, unionId)).limit(1);
  return u ?? null;
}

/** SQL condition: the union column lies in the subtree rooted at `path`. */
export const inSubtree = (pathColumn: typeof unions.path, rootPath: string) => sql`${pathColumn} LIKE ${rootPath + '%'}`;
