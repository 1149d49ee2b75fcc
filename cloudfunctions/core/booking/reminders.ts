import { rows, sql, type Db } from '../db/client';
import { formatShanghai } from './calendar';
import { notify } from './notify';

/**
 * Remind members of bookings starting within `withinMinutes` (each booking once): an in-app notice that
 * `pushNotices` later sends as a weapp subscription message. Called by staff (`booking.remind`) or, for
 * every service at once (serviceId omitted), by a CloudBase timer trigger.
 */
export async function remindDue(tx: Db, now: Date, withinMinutes: number, serviceId?: string): Promise<number> {
  const until = new Date(now.getTime() + withinMinutes * 60_000);
  const due = await rows<{
    id: string;
    person_id: string;
    union_id: string;
    starts_at: Date;
    code: string;
    name: string;
    location: string | null;
  }>(
    tx,
    sql`UPDATE booking_bookings b SET reminded_at = ${now.toISOString()}::timestamptz
        FROM booking_slots sl, booking_services sv
        WHERE sl.id = b.slot_id AND sv.id = b.service_id AND b.status = 'booked' AND b.reminded_at IS NULL
          AND (${serviceId ?? null}::uuid IS NULL OR b.service_id = ${serviceId ?? null}::uuid)
          AND sl.starts_at > ${now.toISOString()}::timestamptz AND sl.starts_at <= ${until.toISOString()}::timestamptz
        RETURNING b.id, b.person_id, sv.union_id, sl.starts_at, b.code, sv.name, sv.location`,
  );
  for (const b of due)
    await notify(tx, {
      personId: b.person_id,
      unionId: b.union_id,
      bookingId: b.id,
      kind: 'reminder',
      title: `预约提醒：${b.name}`,
      body: `您预约了 ${formatShanghai(new Date(b.starts_at))}${b.location ? `，地点 ${b.location}` : ''}，到店出示预约码 ${b.code}。`,
    });
  return due.length;
}
