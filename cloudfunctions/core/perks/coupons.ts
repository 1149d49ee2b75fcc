import { codeQr } from '../qr';
import type { CouponBatchView, CouponView } from '@shared/contracts/perks';
import type { Role } from '@shared/contracts/unions';
import type { Access } from '../auth/access';
import { unionRef } from '../auth/access';
import { rows, sql, type Db } from '../db/client';
import { AppError, errors } from '../errors';
import { iso } from '../clock';

/**
 * Coupon batches: publishing one (its stock split in up to 16 buckets, so the rush spreads over rows), the
 * batches a member may grab, their own coupons, and a merchant's redemption (once). The grab itself is grab.ts.
 */
export const PERK_OFFICERS: Role[] = ['chair', 'vice_chair', 'federation_admin'];
/** Who redeems a coupon at the counter: the union's service staff and officers. */
export const REDEEMERS: Role[] = ['service_staff', ...PERK_OFFICERS];
export const MAX_BUCKETS = 16;

/** The stock of `total` in buckets: as many as 16, sizes differing by at most one. */
export function splitStock(total: number): number[] {
  const n = Math.min(MAX_BUCKETS, total);
  return Array.from({ length: n }, (_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0));
}

interface BatchRow {
  id: string;
  union_id: string;
  union_name: string;
  union_path: string;
  title: string;
  description: string | null;
  merchant: string | null;
  total: number;
  remaining: number | string;
  per_person: number;
  price_points: number;
  starts_at: Date | string;
  ends_at: Date | string | null;
  held: number | string;
}

const batchView = (b: BatchRow, access: Access): CouponBatchView => ({
  id: b.id,
  unionId: b.union_id,
  unionName: b.union_name,
  title: b.title,
  description: b.description,
  merchant: b.merchant,
  total: b.total,
  remaining: Number(b.remaining),
  perPerson: b.per_person,
  pricePoints: b.price_points,
  startsAt: iso(b.starts_at),
  endsAt: b.ends_at == null ? null : iso(b.ends_at),
  held: Number(b.held),
  canManage: access.can(PERK_OFFICERS, { id: b.union_id, path: b.union_path }),
});

const batchSelect = (personId: string) => sql`
  SELECT c.id, c.union_id, u.short_name AS union_name, u.path AS union_path, c.title, c.description, c.merchant, c.total,
         c.per_person, c.price_points, c.starts_at, c.ends_at,
         (SELECT COALESCE(sum(remaining), 0) FROM coupon_stock s WHERE s.batch_id = c.id) AS remaining,
         COALESCE((SELECT held FROM coupon_holdings h WHERE h.batch_id = c.id AND h.person_id = ${personId}), 0) AS held
    FROM coupon_batches c JOIN unions u ON u.id = c.union_id LEFT JOIN unions e ON e.id = c.eligible_union_id`;

interface PublishBatch {
  unionId: string;
  eligibleUnionId?: string;
  title: string;
  description?: string;
  merchant?: string;
  total: number;
  perPerson: number;
  pricePoints: number;
  startsAt: string;
  endsAt?: string;
  validUntil?: string;
}

export async function publishBatch(tx: Db, access: Access, actorId: string, input: PublishBatch): Promise<CouponBatchView> {
  const union = await unionRef(tx, input.unionId);
  if (!union) throw errors.notFound('工会');
  if (input.eligibleUnionId) {
    const e = await unionRef(tx, input.eligibleUnionId);
    if (!e || !e.path.startsWith(union.path))
      throw new AppError('INVALID_INPUT', '领取范围应为本会或其下级工会', { eligibleUnionId: '不在本会范围内' });
  }
  if (input.endsAt && Date.parse(input.endsAt) <= Date.parse(input.startsAt))
    throw new AppError('INVALID_INPUT', '结束时间应晚于开始时间', { endsAt: '应晚于开始时间' });
  if (input.validUntil && Date.parse(input.validUntil) <= Date.parse(input.endsAt ?? input.startsAt))
    throw new AppError('INVALID_INPUT', '有效期应晚于领取时间', { validUntil: '应晚于开抢（或领取结束）时间' });
  const stock = splitStock(input.total);
  const [b] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO coupon_batches (union_id, eligible_union_id, title, description, merchant, total, per_person, price_points,
                                    buckets, starts_at, ends_at, valid_until, created_by)
        VALUES (${input.unionId}, ${input.eligibleUnionId ?? null}, ${input.title}, ${input.description ?? null},
                ${input.merchant ?? null}, ${input.total}, ${input.perPerson}, ${input.pricePoints}, ${stock.length},
                ${input.startsAt}, ${input.endsAt ?? null}, ${input.validUntil ?? null}, ${actorId})
        RETURNING id`,
  );
  await tx.execute(
    sql`INSERT INTO coupon_stock (batch_id, bucket, remaining)
        SELECT ${b.id}::uuid, o.i - 1, o.n::int FROM jsonb_array_elements_text(${JSON.stringify(stock)}::jsonb) WITH ORDINALITY o(n, i)`,
  );
  return (await loadBatches(tx, access, actorId, sql`c.id = ${b.id}`))[0];
}

async function loadBatches(tx: Db, access: Access, personId: string, where: ReturnType<typeof sql>): Promise<CouponBatchView[]> {
  const list = await rows<BatchRow>(tx, sql`${batchSelect(personId)} WHERE ${where} ORDER BY c.starts_at DESC, c.id`);
  return list.map((b) => batchView(b, access));
}

/** Batches the caller may grab (their union's, or a federation's above them for its subtree) or manages. */
export async function listBatches(tx: Db, access: Access, personId: string): Promise<CouponBatchView[]> {
  const memberPath = access.grants.find((g) => g.role === 'member')?.unionPath ?? null;
  const memberUnion = access.memberUnionId();
  const managed = access.grants.filter((g) => PERK_OFFICERS.includes(g.role));
  const manages = managed.length
    ? sql.join(
        managed.map((g) =>
          g.role === 'federation_admin' ? sql`u.path LIKE ${g.unionPath + '%'}` : sql`c.union_id = ${g.unionId}`,
        ),
        sql` OR `,
      )
    : sql`false`;
  return loadBatches(
    tx,
    access,
    personId,
    sql`((c.eligible_union_id IS NULL AND c.union_id = ${memberUnion}) OR (c.eligible_union_id IS NOT NULL AND ${memberPath}::text LIKE e.path || '%')
         OR ${manages})`,
  );
}

interface CouponRow {
  id: string;
  batch_id: string;
  title: string;
  merchant: string | null;
  code: string;
  issued_at: Date | string;
  redeemed_at: Date | string | null;
  valid_until: Date | string | null;
}

export const couponView = (c: CouponRow): CouponView => ({
  id: c.id,
  batchId: c.batch_id,
  title: c.title,
  merchant: c.merchant,
  code: c.code,
  issuedAt: iso(c.issued_at),
  redeemedAt: c.redeemed_at == null ? null : iso(c.redeemed_at),
  validUntil: c.valid_until == null ? null : iso(c.valid_until),
});

const couponSelect = sql`SELECT k.id, k.batch_id, c.title, c.merchant, k.code, k.issued_at, k.redeemed_at, c.valid_until
                           FROM coupons k JOIN coupon_batches c ON c.id = k.batch_id`;

/** The member's coupons, newest first; the unused ones still valid carry their code as a QR. */
export async function myCoupons(tx: Db, personId: string, now: Date): Promise<CouponView[]> {
  const list = await rows<CouponRow>(
    tx,
    sql`${couponSelect} WHERE k.person_id = ${personId} ORDER BY k.issued_at DESC, k.id LIMIT 200`,
  );
  return Promise.all(
    list.map(async (c) => {
      const v = couponView(c);
      const usable = !c.redeemed_at && (c.valid_until == null || Date.parse(iso(c.valid_until)) > now.getTime());
      return usable ? { ...v, qr: await codeQr(c.code) } : v;
    }),
  );
}

/** The union whose merchant may redeem a coupon (scope of `perks.redeem`). */
export async function couponUnion(tx: Db, code: string): Promise<string> {
  const [r] = await rows<{ union_id: string }>(
    tx,
    sql`SELECT c.union_id FROM coupons k JOIN coupon_batches c ON c.id = k.batch_id WHERE k.code = ${code}`,
  );
  if (!r) throw errors.notFound('优惠券');
  return r.union_id;
}

/**
 * Mark a coupon used, once and only while valid: the conditional update decides between two scans at once, and
 * a batch's `valid_until` (if any) is checked in the same statement.
 */
export async function redeem(tx: Db, actorId: string, code: string, now: Date): Promise<CouponView> {
  const at = now.toISOString();
  const [done] = await rows<{ id: string }>(
    tx,
    sql`UPDATE coupons k SET redeemed_at = ${at}, redeemed_by = ${actorId}
          FROM coupon_batches c
         WHERE c.id = k.batch_id AND k.code = ${code} AND k.redeemed_at IS NULL
           AND (c.valid_until IS NULL OR c.valid_until > ${at}) RETURNING k.id`,
  );
  const [c] = await rows<CouponRow>(tx, sql`${couponSelect} WHERE k.code = ${code}`);
  if (!c) throw errors.notFound('优惠券');
  if (!done && c.redeemed_at) throw new AppError('ALREADY_REDEEMED', '该券已核销，不能重复使用');
  if (!done) throw new AppError('EXPIRED', '该券已过有效期，不能核销');
  return couponView(c);
}
