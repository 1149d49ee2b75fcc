import type { PointsEntryView } from '@shared/contracts/perks';
import { rows, sql, type Db } from '../db/client';
import { postPoints, type PointsKind, type Posted } from '../points-ledger';
import { AppError, errors } from '../errors';
import { iso } from '../clock';

/**
 * The points ledger (积分): entries are append-only (migration 0850's trigger), the balance moves with each entry
 * in the same transaction and never goes below zero. Every post goes through `points_post_v1`, which serialises a
 * person's posts on their balance row and posts a request key once.
 */
export { postPoints, type PointsKind, type Post, type Posted } from '../points-ledger';

export async function balanceOf(tx: Db, personId: string): Promise<number> {
  const [b] = await rows<{ balance: number }>(tx, sql`SELECT balance FROM points_balances WHERE person_id = ${personId}`);
  return Number(b?.balance ?? 0);
}

export async function myPoints(tx: Db, personId: string): Promise<{ balance: number; entries: PointsEntryView[] }> {
  const entries = await rows<{ id: string; delta: number; kind: PointsKind; reason: string; created_at: Date | string }>(
    tx,
    sql`SELECT id, delta, kind, reason, created_at FROM points_entries WHERE person_id = ${personId}
        ORDER BY created_at DESC, id LIMIT 100`,
  );
  return {
    balance: await balanceOf(tx, personId),
    entries: entries.map((e) => ({
      id: e.id,
      delta: Number(e.delta),
      kind: e.kind,
      reason: e.reason,
      createdAt: iso(e.created_at),
    })),
  };
}

interface Grant {
  unionId: string;
  memberNo: string;
  points: number;
  reason: string;
  requestId: string;
}

/** An officer grants (or deducts) points to an active member of their union, named by member number. */
export async function grantPoints(tx: Db, actorId: string, g: Grant, now: Date): Promise<{ personId: string } & Posted> {
  const [m] = await rows<{ person_id: string }>(
    tx,
    sql`SELECT person_id FROM members WHERE union_id = ${g.unionId} AND member_no = ${g.memberNo} AND status = 'active'`,
  );
  if (!m) throw new AppError('NOT_FOUND', '本会没有该会员证号的在册会员', { memberNo: '会员证号不存在' });
  const r = await postPoints(tx, {
    personId: m.person_id,
    unionId: g.unionId,
    delta: g.points,
    kind: 'grant',
    reason: g.reason,
    actorId,
    key: `grant:${g.requestId}`,
    now,
  });
  if (r.outcome === 'INSUFFICIENT')
    throw new AppError('INSUFFICIENT_POINTS', `扣减后积分不能为负（该会员现有 ${r.balance} 分）`, { points: '超过现有积分' });
  return { personId: m.person_id, ...r };
}

/** A union's figures: points granted by it (check-ins included), spent on its coupons, members holding any. */
export async function unionPoints(tx: Db, unionId: string): Promise<{ granted: number; spent: number; members: number }> {
  const [r] = await rows<{ granted: string | number; spent: string | number; members: string | number }>(
    tx,
    sql`SELECT COALESCE(sum(delta) FILTER (WHERE delta > 0), 0) AS granted,
               COALESCE(-sum(delta) FILTER (WHERE delta < 0), 0) AS spent,
               count(DISTINCT person_id) AS members
          FROM points_entries WHERE union_id = ${unionId}`,
  );
  if (!r) throw errors.internal();
  return { granted: Number(r.granted), spent: Number(r.spent), members: Number(r.members) };
}
