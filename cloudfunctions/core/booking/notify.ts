import type { Db } from '../db/client';
import { notify as notifyPerson, type NoticeKind } from '../notices/store';

export type { NoticeKind };

/** The page a booking notice opens (and its subscription message links to): the member's bookings. */
const BOOKING_NOTICE_PAGE = 'pages/booking/mine/index';

/**
 * Write a member's booking notice (core/notices) inside the caller's transaction; the outbox pushes it after
 * commit (core/notices/outbox.ts, run by the booking timer), so a rolled-back booking never leaves a message behind.
 */
export async function notify(
  tx: Db,
  n: { personId: string; unionId: string; bookingId?: string | null; kind: NoticeKind; title: string; body: string },
): Promise<void> {
  await notifyPerson(tx, n.personId, {
    source: 'booking',
    kind: n.kind,
    title: n.title,
    body: n.body,
    page: BOOKING_NOTICE_PAGE,
    unionId: n.unionId,
    subjectId: n.bookingId ?? null,
  });
}
