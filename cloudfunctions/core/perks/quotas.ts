import type { ActivityQuota } from '@shared/contracts/perks';
import { rows, sql, uuidList, type Db } from '../db/client';
import { AppError } from '../errors';

/**
 * 名额分配: an activity published to a subtree may share its places out among unions under the publisher. A
 * member counts against the quota of the union their own union lies under; with quotas, members under no quota
 * union may not sign up. The guard of each quota is `taken < places` in the update that takes a place (after the
 * activity's own `taken < capacity`, in that order everywhere, so two takers never wait on each other in turns).
 */

export interface QuotaInput {
  unionId: string;
  places: number;
}

/** Stores the quotas of a new activity: each union in the publisher's subtree, none lying under another. */
export async function saveQuotas(
  tx: Db,
  activityId: string,
  publisher: { id: string; path: string },
  quotas: readonly QuotaInput[],
): Promise<void> {
  if (!quotas.length) return;
  const found = await rows<{ id: string; path: string; short_name: string }>(
    tx,
    sql`SELECT id, path, short_name FROM unions WHERE id IN ${uuidList(quotas.map((q) => q.unionId))}`,
  );
  const byId = new Map(found.map((u) => [u.id, u]));
  quotas.forEach((q, i) => {
    const u = byId.get(q.unionId);
    if (!u || !u.path.startsWith(publisher.path))
      throw new AppError('INVALID_INPUT', '名额只能分配给本会下级的工会', { [`quotas.${i}.unionId`]: '不是本会下级工会' });
  });
  for (const a of found)
    for (const b of found)
      if (a.id !== b.id && b.path.startsWith(a.path))
        throw new AppError('INVALID_INPUT', `${b.short_name}属于${a.short_name}，名额不能重复分配`, {
          quotas: `${b.short_name}属于${a.short_name}`,
        });
  await tx.execute(
    sql`INSERT INTO activity_quotas (activity_id, union_id, places)
        SELECT ${activityId}, (q->>'unionId')::uuid, (q->>'places')::int
          FROM jsonb_array_elements(${JSON.stringify(quotas)}::jsonb) q`,
  );
}

/** The quotas of an activity with their unions' names, in name order. */
export async function activityQuotas(tx: Db, activityId: string): Promise<ActivityQuota[]> {
  const list = await rows<{ union_id: string; union_name: string; places: number; taken: number }>(
    tx,
    sql`SELECT q.union_id, u.short_name AS union_name, q.places, q.taken
          FROM activity_quotas q JOIN unions u ON u.id = q.union_id
         WHERE q.activity_id = ${activityId} ORDER BY u.short_name, q.union_id`,
  );
  return list.map((q) => ({ unionId: q.union_id, unionName: q.union_name, places: q.places, taken: q.taken }));
}

/**
 * The quota a member of the union at `memberPath` counts against: `{ quota: null }` when the activity has none,
 * `null` when it has quotas and none covers the member (not eligible).
 */
export async function quotaOf(tx: Db, activityId: string, memberPath: string): Promise<{ quota: string | null } | null> {
  const [r] = await rows<{ quotas: number; quota: string | null }>(
    tx,
    sql`SELECT count(*)::int AS quotas,
               (array_agg(q.union_id) FILTER (WHERE ${memberPath}::text LIKE u.path || '%'))[1] AS quota
          FROM activity_quotas q JOIN unions u ON u.id = q.union_id WHERE q.activity_id = ${activityId}`,
  );
  if (!r || r.quotas === 0) return { quota: null };
  return r.quota ? { quota: r.quota } : null;
}

/** Takes one place of a quota; false when its places are all taken. */
export async function takeQuotaPlace(tx: Db, activityId: string, unionId: string): Promise<boolean> {
  const took = await rows<{ taken: number }>(
    tx,
    sql`UPDATE activity_quotas SET taken = taken + 1
         WHERE activity_id = ${activityId} AND union_id = ${unionId} AND taken < places RETURNING taken`,
  );
  return took.length > 0;
}

/** Gives one place of a quota back (a confirmed sign-up was cancelled). */
export async function releaseQuotaPlace(tx: Db, activityId: string, unionId: string): Promise<void> {
  await tx.execute(sql`UPDATE activity_quotas SET taken = taken - 1 WHERE activity_id = ${activityId} AND union_id = ${unionId}`);
}

/** After the draw: each quota's taken = its confirmed sign-ups. */
export async function recountQuotas(tx: Db, activityId: string): Promise<void> {
  await tx.execute(
    sql`UPDATE activity_quotas q
           SET taken = (SELECT count(*) FROM activity_signups s
                         WHERE s.activity_id = q.activity_id AND s.quota_union_id = q.union_id AND s.status = 'confirmed')
         WHERE q.activity_id = ${activityId}`,
  );
}
