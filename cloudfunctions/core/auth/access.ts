import { eq, sql } from 'drizzle-orm';
import type { Role } from '@shared/contracts/unions';
import { rows, type Db } from '../db/client';
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
    /** false: a `session: 'inline'` call, whose roles its own statement checks; asking this object throws. */
    readonly grantsLoaded = true,
  ) {}

  private loaded(): Grant[] {
    if (!this.grantsLoaded) throw new Error('roles not loaded: a session-inline action checks them in its statement');
    return this.grants;
  }

  get personId(): string | null {
    return this.caller.personId;
  }

  /**
   * Does the caller hold one of `roles` on the union at `target` (its id and path)?
   * Federation admins act on their node and everything below it; every other role on its own union only.
   */
  can(roles: readonly Role[], target: { id: string; path: string }): boolean {
    return this.loaded().some(
      (g) =>
        roles.includes(g.role) && (g.role === 'federation_admin' ? target.path.startsWith(g.unionPath) : g.unionId === target.id),
    );
  }

  memberUnionId(): string | null {
    return this.loaded().find((g) => g.role === 'member')?.unionId ?? null;
  }
}

/** A person as the caller lookup sees them: id, current session version and every grant (membership as 'member'). */
export interface PersonAccess {
  id: string;
  sessionVersion: number;
  grants: Grant[];
}

/**
 * The one caller lookup: the person (by id or openid), their session version and all their grants with
 * union paths, in ONE query (one round trip on the hot path). Null when no such person.
 */
export async function loadPersonAccess(db: Db, who: { personId: string } | { openid: string }): Promise<PersonAccess | null> {
  const where = 'personId' in who ? sql`p.id = ${who.personId}` : sql`p.openid = ${who.openid}`;
  const [row] = await rows<{ id: string; session_version: number; grants: Grant[] | string }>(
    db,
    sql`SELECT p.id, p.session_version,
          COALESCE((SELECT json_agg(json_build_object('role', g.role, 'unionId', g.union_id, 'unionPath', u.path))
                    FROM (SELECT role, union_id FROM role_grants WHERE person_id = p.id
                          UNION ALL
                          SELECT 'member', union_id FROM members WHERE person_id = p.id AND status = 'active') g
                    JOIN unions u ON u.id = g.union_id), '[]'::json) AS grants
        FROM people p WHERE ${where} LIMIT 1`,
  );
  if (!row) return null;
  const grants = typeof row.grants === 'string' ? (JSON.parse(row.grants) as Grant[]) : row.grants;
  return { id: row.id, sessionVersion: Number(row.session_version), grants };
}

export async function loadAccess(db: Db, caller: Caller): Promise<Access> {
  if (!caller.personId) return new Access(caller, []);
  return new Access(caller, (await loadPersonAccess(db, { personId: caller.personId }))?.grants ?? []);
}

export async function unionRef(db: Db, unionId: string): Promise<{ id: string; path: string } | null> {
  const [u] = await db.select({ id: unions.id, path: unions.path }).from(unions).where(eq(unions.id, unionId)).limit(1);
  return u ?? null;
}

/** SQL condition: the union column lies in the subtree rooted at `path`. */
export const inSubtree = (pathColumn: typeof unions.path, rootPath: string) => sql`${pathColumn} LIKE ${rootPath + '%'}`;
