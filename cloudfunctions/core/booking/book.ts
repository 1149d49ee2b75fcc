import type { BookingView } from '@shared/contracts/booking';
import { rows, sql, type Db } from '../db/client';
import { AppError, errors } from '../errors';
import { formatShanghai } from './calendar';
import { bookingView, newCode, type BookingViewFields } from './bookings';
import { refusals } from './services';
import { fullSlots, oneAtATime } from './rush';
import { callerRefusal } from '../auth/authorize';
import { DEFAULT_WRITE_BUDGET, personBudgetKey, rateLimited, type WriteBudget } from '../auth/budget';

/**
 * `booking.book`: one call of the database function `booking_book_v3` (migration 0940: the caller's session, the chosen
 * provider, then `booking_book_v1` of 0650), which checks, books and audits in one autocommit statement and returns refusals as
 * values — the whole call's one round trip (`session: 'inline'`). Around it, per instance: refusals of a slot known
 * full without the database, and one attempt per slot in flight (rush.ts).
 */
interface BookArgs {
  personId: string;
  /** The session version the caller's token carries, checked by the statement; null = checked already. */
  sessionVersion: number | null;
  slotId: string;
  /** The provider the member chose; null: whoever is free. */
  providerId: string | null;
  requestId: string | null;
  now: Date;
  /** The caller's write budget, spent inside the statement at its first write; null = off. */
  writeBudget: WriteBudget | null;
}

export async function bookPlace(db: Db, args: BookArgs): Promise<BookingView> {
  const { personId, slotId, now } = args;
  if (fullSlots.refuses(slotId, personId)) throw slotTaken();
  return oneAtATime(slotId, async () => {
    if (fullSlots.refuses(slotId, personId)) throw slotTaken();
    const r = await callBook(db, args);
    if (r.outcome === 'BOOKED' && r.full) fullSlots.learn(slotId, r.holders ?? []);
    if (r.outcome === 'SLOT_TAKEN' && r.holders) fullSlots.learn(slotId, r.holders);
    if (r.booking) return bookingView(r.booking, now);
    throw refusal(r, args);
  });
}

/** The function's answer (see the migration for each outcome's fields). */
interface BookOutcome {
  outcome: string;
  booking?: BookingViewFields;
  full?: boolean;
  holders?: string[] | null;
  service?: { name: string; union_name: string; eligible_name: string | null; eligible_path: string | null };
  until?: string;
  released_at?: string;
  weekly_limit?: number;
  provider_name?: string;
}

async function callBook(db: Db, args: BookArgs): Promise<BookOutcome> {
  const b = args.writeBudget;
  const [r] = await rows<{ r: BookOutcome | string }>(
    db,
    sql`SELECT booking_book_v3(${args.personId}::uuid, ${args.sessionVersion}::int, ${args.slotId}::uuid, ${args.requestId}::text, ${args.now.toISOString()}::timestamptz, ${newCode()}::text,
                               ${b ? personBudgetKey(args.personId) : null}::text, ${b?.limit ?? null}::int, ${b?.windowSeconds ?? null}::int,
                               ${args.providerId}::uuid) AS r`,
  );
  return typeof r.r === 'string' ? (JSON.parse(r.r) as BookOutcome) : r.r;
}

const slotTaken = () => new AppError('SLOT_TAKEN', '手慢了，该时段刚刚被约满，请选择其他时段');

/** The same codes and words as every other refusal of the booking area. */
function refusal(r: BookOutcome, args: BookArgs): AppError {
  const caller = callerRefusal(r.outcome);
  if (caller) return caller;
  switch (r.outcome) {
    case 'NOT_FOUND':
      return errors.notFound('时段');
    case 'NOT_ELIGIBLE':
      return refusals.notEligible(r.service!);
    case 'SERVICE_CLOSED':
      return refusals.serviceClosed(r.service!.name);
    case 'SUSPENDED':
      return refusals.suspended(new Date(r.until!));
    case 'NOT_YET_RELEASED':
      return new AppError('NOT_YET_RELEASED', `该时段尚未开放预约，将于 ${formatShanghai(new Date(r.released_at!))} 开放`);
    case 'SLOT_CLOSED':
      return new AppError('SLOT_CLOSED', '该时段已停止服务，请选择其他时段');
    case 'SLOT_PAST':
      return new AppError('SLOT_PAST', '该时段已开始，不能再预约');
    case 'SLOT_TAKEN':
      return slotTaken();
    case 'PROVIDER_NOT_FOUND':
      return errors.notFound('服务人员');
    case 'PROVIDER_OFF':
      return new AppError('PROVIDER_OFF', `${r.provider_name} 在该时段停诊，请选择其他师傅或「不限」`);
    case 'PROVIDER_TAKEN':
      return new AppError('PROVIDER_TAKEN', `手慢了，${r.provider_name} 在该时段已被预约，请选择其他师傅、其他时段或「不限」`);
    case 'ALREADY_BOOKED':
      return new AppError('ALREADY_BOOKED', '您已预约该时段');
    case 'RATE_LIMITED':
      return rateLimited(args.writeBudget ?? DEFAULT_WRITE_BUDGET);
    case 'LIMIT_REACHED':
      return new AppError('LIMIT_REACHED', `每人每周最多预约 ${r.weekly_limit} 次，本周次数已用完`);
    default:
      return errors.internal();
  }
}
