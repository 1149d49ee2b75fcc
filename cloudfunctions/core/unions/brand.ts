import { and, eq, inArray, sql } from 'drizzle-orm';
import type { UnionBrand, UnionNode } from '@shared/contracts/unions';
import type { Db } from '../db/client';
import type { RoleContext } from '../action';
import { members, unions } from '../db/schema';
import { errors } from '../errors';

/** Ancestor ids from the root down to the union itself, read off its materialised path. */
export const pathIds = (path: string): string[] => path.split('/').filter(Boolean);

/** The branding a member sees on the home page (一区一品牌), with the names of the tree above. */
export async function loadBrand(db: Db, unionId: string): Promise<UnionBrand> {
  const [u] = await db.select().from(unions).where(eq(unions.id, unionId)).limit(1);
  if (!u) throw errors.notFound('工会');
  const ancestors = await db
    .select({ id: unions.id, name: unions.name })
    .from(unions)
    .where(inArray(unions.id, pathIds(u.path)));
  const byId = new Map(ancestors.map((a) => [a.id, a.name]));
  return {
    id: u.id,
    name: u.name,
    shortName: u.shortName,
    level: u.level,
    logoUrl: u.logoUrl,
    themeColor: u.themeColor,
    slogan: u.slogan,
    lineage: pathIds(u.path).map((id) => byId.get(id) ?? ''),
  };
}

/** The subtree under a union with each node's count of active members. */
export async function loadSubtree(db: Db, rootId: string): Promise<UnionNode[]> {
  const [root] = await db.select({ path: unions.path }).from(unions).where(eq(unions.id, rootId)).limit(1);
  if (!root) throw errors.notFound('工会');
  const nodes = await db
    .select({
      id: unions.id,
      parentId: unions.parentId,
      name: unions.name,
      level: unions.level,
      themeColor: unions.themeColor,
      activeMembers: sql<number>`(SELECT count(*)::int FROM ${members} WHERE ${and(eq(members.unionId, unions.id), eq(members.status, 'active'))})`,
    })
    .from(unions)
    .where(sql`${unions.path} LIKE ${root.path + '%'}`)
    .orderBy(unions.path);
  return nodes.map((n) => ({ ...n, activeMembers: Number(n.activeMembers) }));
}

/** A chair's (or the federation's) change of the union's branding, audited with what it was before. */
export async function updateBranding({ tx, input, audit }: RoleContext<'unions.updateBranding'>): Promise<UnionBrand> {
  const { unionId, ...changes } = input;
  const before = await loadBrand(tx, unionId);
  if (Object.keys(changes).length > 0) await tx.update(unions).set(changes).where(eq(unions.id, unionId));
  await audit({ action: 'unions.updateBranding', unionId, targetType: 'union', targetId: unionId, detail: { before, changes } });
  return loadBrand(tx, unionId);
}
