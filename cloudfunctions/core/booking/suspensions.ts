import { rows, sql, type Db } from '../db/client';
import { formatShanghai, ts } from './calendar';
import { notify } from './notify';
import type { ServiceRow } from './services';

/** A member's suspension from a service after repeated no-shows. */

export async function suspendedUntil(tx: Db, serviceId: string, personId: string, now: Date): Promise<Date | null> {
  const [r] = await rows<{ until: Date }>(
    tx,
    sql`SELECT suspended_until AS until FROM booking_suspensions
        WHERE service_id = ${serviceId} AND person_id = ${personId} AND suspended_until > ${ts(now)}::timestamptz`,
  );
  return r ? new Date(r.until) : null;
}

/** After a no-show, suspend the member when the no-shows in the window reach the limit. Serialised per member. */
export async function applyNoShowPolicy(tx: Db, s: ServiceRow, personId: string, now: Date): Promise<Date | null> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(4004, hashtext(${s.id + personId}))`);
  const since = new Date(now.getTime() - s.no_show_window_days * 86_400_000);
  const [c] = await rows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM booking_bookings b JOIN booking_slots sl ON sl.id = b.slot_id
        WHERE b.service_id = ${s.id} AND b.person_id = ${personId} AND b.status = 'no_show' AND sl.starts_at > ${ts(since)}::timestamptz`,
  );
  if (Number(c.n) < s.no_show_limit) return null;
  const until = new Date(now.getTime() + s.suspend_days * 86_400_000);
  const [r] = await rows<{ until: Date }>(
    tx,
    sql`INSERT INTO booking_suspensions AS x (service_id, person_id, suspended_until) VALUES (${s.id}, ${personId}, ${ts(until)}::timestamptz)
        ON CONFLICT (service_id, person_id) DO UPDATE SET suspended_until = GREATEST(x.suspended_until, EXCLUDED.suspended_until)
        RETURNING suspended_until AS until`,
  );
  await notify(tx, {
    personId,
    unionId: s.union_id,
    kind: 'suspended',
    title: `预约资格暂停：${s.name}`,
    body: `${s.no_show_window_days} 天内预约未到 ${Number(c.n)} 次，预约资格暂停至 ${formatShanghai(new Date(r.until))}。`,
  });
  return new Date(r.until);
}
