import type { CouponView } from '@shared/contracts/perks';
import { rows, sql, type Db } from '../db/client';
import { AppError, errors } from '../errors';
import { formatShanghai } from '../clock';
import { newCode } from '../readable-code';
import { DEFAULT_WRITE_BUDGET, personBudgetKey, rateLimited, type WriteBudget } from '../auth/budget';
import { fullMemo } from '../rush-memo';
import { callerRefusal } from '../auth/authorize';

/**
 * `perks.grab`: one call of `coupon_grab_v2` (migration 0772: the caller's session, then `coupon_grab_v1` of 0850 —
 * the call's only round trip, `session: 'inline'`), which checks, takes a coupon from a stock bucket
 * (SKIP LOCKED), debits points, writes the coupon and its audit row in one autocommit statement, and returns
 * refusals as values — the booking rush's shape (booking/book.ts), so no transaction and no raise on the crowd path.
 *
 * Around it, per instance, the booking rush's memo (core/rush-memo.ts): once the database answers SOLD_OUT, the
 * batch's holders are read once and, for SOLD_OUT_MEMO_MS, everyone else is refused without the database; a
 * holder still reaches it (their retried request returns their coupon). A batch's stock never grows back, so the
 * memo is never wrong about a sold-out batch; it only expires to bound memory. As with booking, an ineligible
 * caller of a remembered batch hears SOLD_OUT (true) rather than NOT_ELIGIBLE.
 */
export const SOLD_OUT_MEMO_MS = Number(process.env.PERKS_SOLD_OUT_MEMO_MS ?? 2000);
export const soldOut = fullMemo(SOLD_OUT_MEMO_MS);
const learning = new Map<string, Promise<void>>();

/** Read the holders of a sold-out batch once per instance at a time, and remember the batch as sold out. */
function learnSoldOut(db: Db, batchId: string): Promise<void> {
  const running = learning.get(batchId);
  if (running) return running;
  const p = rows<{ person_id: string }>(db, sql`SELECT DISTINCT person_id FROM coupons WHERE batch_id = ${batchId}`)
    .then((r) =>
      soldOut.learn(
        batchId,
        r.map((x) => x.person_id),
      ),
    )
    .finally(() => learning.delete(batchId));
  learning.set(batchId, p);
  return p;
}
interface GrabArgs {
  personId: string;
  /** The session version the caller's token carries, checked by the statement; null = checked already. */
  sessionVersion: number | null;
  batchId: string;
  requestId: string | null;
  now: Date;
  writeBudget: WriteBudget | null;
}

interface GrabOutcome {
  outcome: string;
  coupon?: { id: string; code: string; issued_at: string; title: string; merchant: string | null };
  starts_at?: string;
  per_person?: number;
  price?: number;
  balance?: number;
}

export async function grab(db: Db, args: GrabArgs): Promise<CouponView> {
  if (soldOut.refuses(args.batchId, args.personId)) throw soldOutError();
  const b = args.writeBudget;
  const [row] = await rows<{ r: GrabOutcome | string }>(
    db,
    sql`SELECT coupon_grab_v2(${args.personId}::uuid, ${args.sessionVersion}::int, ${args.batchId}::uuid, ${args.requestId}::text, ${args.now.toISOString()}::timestamptz,
                              ${newCode()}::text, ${b ? personBudgetKey(args.personId) : null}::text, ${b?.limit ?? null}::int,
                              ${b?.windowSeconds ?? null}::int) AS r`,
  );
  const r = typeof row.r === 'string' ? (JSON.parse(row.r) as GrabOutcome) : row.r;
  if (r.coupon)
    return {
      id: r.coupon.id,
      batchId: args.batchId,
      title: r.coupon.title,
      merchant: r.coupon.merchant,
      code: r.coupon.code,
      issuedAt: new Date(r.coupon.issued_at).toISOString(),
      redeemedAt: null,
    };
  if (r.outcome === 'SOLD_OUT') await learnSoldOut(db, args.batchId);
  throw refusal(r, args);
}

const soldOutError = () => new AppError('SOLD_OUT', '手慢了，优惠券已被抢完');

function refusal(r: GrabOutcome, args: GrabArgs): AppError {
  const caller = callerRefusal(r.outcome);
  if (caller) return caller;
  switch (r.outcome) {
    case 'NOT_FOUND':
      return errors.notFound('优惠券批次');
    case 'NOT_ELIGIBLE':
      return new AppError('NOT_ELIGIBLE', '该优惠券仅限发放范围内的在册会员领取');
    case 'NOT_STARTED':
      return new AppError('NOT_STARTED', `尚未开抢，将于 ${formatShanghai(new Date(r.starts_at!))} 开始`);
    case 'ENDED':
      return new AppError('ENDED', '本批优惠券已结束领取');
    case 'SOLD_OUT':
      return soldOutError();
    case 'LIMIT_REACHED':
      return new AppError('LIMIT_REACHED', `每人限领 ${r.per_person} 张，您已领满`);
    case 'INSUFFICIENT_POINTS':
      return new AppError('INSUFFICIENT_POINTS', `积分不足：需要 ${r.price} 分，现有 ${r.balance} 分`);
    case 'RATE_LIMITED':
      return rateLimited(args.writeBudget ?? DEFAULT_WRITE_BUDGET);
    default:
      return errors.internal();
  }
}
