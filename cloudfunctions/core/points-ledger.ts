import type { PointsEntryView } from '@shared/contracts/perks';
import { rows, sql, type Db } from './db/client';

/**
 * The one way to move points (the 普惠 ledger, migration 0850): `points_post_v1` serialises a person's posts on their
 * balance row, posts a key once and never lets the balance go below zero. Outside core/perks so that other areas
 * (booking, congress: core/points-rules.ts) post points without carrying the perks area in their bundles.
 */
export type PointsKind = PointsEntryView['kind'];

export interface Post {
  personId: string;
  unionId: string;
  delta: number;
  kind: PointsKind;
  reason: string;
  actorId: string | null;
  /** One entry per (person, key): `grant:<requestId>`, `checkin:<activityId>`. */
  key: string;
  now: Date;
}

export interface Posted {
  outcome: 'POSTED' | 'PRIOR' | 'INSUFFICIENT';
  balance: number;
}

export async function postPoints(tx: Db, p: Post): Promise<Posted> {
  const [r] = await rows<{ r: Posted | string }>(
    tx,
    sql`SELECT points_post_v1(${p.personId}::uuid, ${p.unionId}::uuid, ${p.delta}::int, ${p.kind}::text, ${p.reason}::text,
                              ${p.actorId}::uuid, ${p.key}::text, ${p.now.toISOString()}::timestamptz) AS r`,
  );
  return typeof r.r === 'string' ? (JSON.parse(r.r) as Posted) : r.r;
}
