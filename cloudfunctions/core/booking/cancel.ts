import type { RoleContext } from '../action';
import type { BookingView } from '@shared/contracts/booking';
import { rows, sql, type Db } from '../db/client';
import { AppError, errors } from '../errors';
import { bookingView, cancelDeadline, loadBooking } from './bookings';
import { formatShanghai, ts } from './calendar';
import { fullSlots } from './rush';
import { loadService } from './services';
import { releasePlace } from './waitlist';

const SELF_CANCEL = '本人取消';

/**
 * `booking.cancel`: the member cancels their own booking before the deadline; the place goes to the day's
 * waitlist first (waitlist.ts). Idempotent for the member: a repeat returns the booking already cancelled.
 */
export async function cancelBooking(
  tx: Db,
  personId: string,
  bookingId: string,
  unionId: string | undefined,
  now: Date,
  audit: RoleContext<'booking.cancel'>['audit'],
): Promise<BookingView> {
  const b = await loadBooking(tx, bookingId);
  if (b.person_id !== personId) throw errors.notFound('预约'); // someone else's booking does not exist for you
  // a double tap or a retry after a lost answer: the member's own cancellation is already done
  if (b.status === 'cancelled' && b.cancel_reason === SELF_CANCEL) return bookingView(b, now);
  if (b.status !== 'booked')
    throw new AppError('NOT_CANCELLABLE', `该预约${b.status === 'cancelled' ? '已取消' : '已结束'}，不能取消`);
  const deadline = cancelDeadline(b);
  if (now > deadline)
    throw new AppError(
      'CANCEL_DEADLINE_PASSED',
      `已过取消截止时间（开始前 ${b.cancel_minutes_before} 分钟，即 ${formatShanghai(deadline)}）`,
    );
  const [done] = await rows<{ id: string }>(
    tx,
    sql`UPDATE booking_bookings SET status = 'cancelled', cancelled_at = ${ts(now)}::timestamptz, cancel_reason = ${SELF_CANCEL}
        WHERE id = ${b.id} AND status = 'booked' RETURNING id`,
  );
  if (!done) {
    const after = await loadBooking(tx, b.id); // a concurrent tap of the same member won the row
    if (after.status === 'cancelled' && after.cancel_reason === SELF_CANCEL) return bookingView(after, now);
    throw new AppError('NOT_CANCELLABLE', '该预约状态已变化，请刷新');
  }
  const s = await loadService(tx, b.service_id);
  const assigned = await releasePlace(tx, s, b, now, true);
  fullSlots.forget(b.slot_id);
  await audit({
    action: 'booking.cancel',
    unionId,
    targetType: 'booking',
    targetId: b.id,
    detail: { slotId: b.slot_id, assignedTo: assigned },
  });
  return bookingView(await loadBooking(tx, b.id), now);
}
