import { rows, sql, uuidList, type Db } from '../db/client';
import { formatShanghai } from './calendar';
import { notify } from './notify';
import type { ServiceRow } from './services';

/**
 * A member's choice of provider (师傅) on a booking (migration 0940): which providers are still free to choose in a
 * slot, and what becomes of a choice when the chosen provider stops working the slot. The booking itself is
 * `booking_book_v3` (book.ts); the unique index on (slot, provider) is the database's guard.
 */

/**
 * SQL: provider row `p` works slot `slot` (an SQL expression): active, and not taken off it. The one place this rule
 * is written for the TypeScript side (capacity = the providers working a slot, providers.ts; choices kept or cleared
 * below); `p` and `slot` are aliases of the caller's own query, never input.
 */
export const providerWorks = (p: string, slot: string) =>
  sql.raw(
    `(${p}.active AND NOT EXISTS (SELECT 1 FROM booking_provider_absences a WHERE a.provider_id = ${p}.id AND a.slot_id = ${slot}))`,
  );

/** Per slot, the providers nobody holds and who work it (ids, in the service's order); empty map without providers. */
export async function choosableProviders(tx: Db, s: ServiceRow, slotIds: string[]): Promise<Map<string, string[]>> {
  const list = s.providers ?? [];
  const out = new Map<string, string[]>();
  if (list.length === 0 || slotIds.length === 0) return out;
  const held = await rows<{ slot_id: string; provider_id: string }>(
    tx,
    sql`SELECT slot_id, provider_id FROM booking_provider_absences WHERE slot_id IN ${uuidList(slotIds)}
        UNION ALL
        SELECT slot_id, provider_id FROM booking_bookings
         WHERE slot_id IN ${uuidList(slotIds)} AND provider_id IS NOT NULL AND status <> 'cancelled'`,
  );
  const busy = new Set(held.map((h) => `${h.slot_id}/${h.provider_id}`));
  for (const id of slotIds)
    out.set(
      id,
      list.filter((p) => !busy.has(`${id}/${p.id}`)).map((p) => p.id),
    );
  return out;
}

/**
 * Live bookings of the slot whose chosen provider no longer works it (taken off, or removed from the service) keep
 * their place with whoever is free: the choice is cleared and the member told, with the free cancellation still
 * theirs. Called after the slot's capacity was fitted to its providers (providers.ts), which cancels such bookings
 * first when places are lost.
 */
export async function releaseUnworkedChoices(tx: Db, s: ServiceRow, slotId: string, reason: string): Promise<number> {
  const freed = await rows<{ id: string; person_id: string; provider: string; starts_at: Date }>(
    tx,
    sql`UPDATE booking_bookings b SET provider_id = NULL
          FROM booking_providers p, booking_slots sl
         WHERE b.slot_id = ${slotId} AND b.status = 'booked' AND p.id = b.provider_id AND sl.id = b.slot_id
           AND NOT ${providerWorks('p', 'b.slot_id')}
       RETURNING b.id, b.person_id, p.name AS provider, sl.starts_at`,
  );
  for (const b of freed)
    await notify(tx, {
      personId: b.person_id,
      unionId: s.union_id,
      bookingId: b.id,
      kind: 'provider_changed',
      title: `服务人员变更：${s.name}`,
      body: `您预约的 ${formatShanghai(new Date(b.starts_at))} 时段，所选的 ${b.provider} 不能服务（${reason}）。名额仍为您保留，将由当时空闲的师傅为您服务；如需改约，可在「我的预约」中取消后重新预约。`,
    });
  return freed.length;
}

/**
 * Order in which a slot's bookings give up their places when it loses places: first those without a choice still
 * honoured (no provider, or one who no longer works the slot), newest first; a member whose chosen provider still
 * works keeps the place longest.
 */
export const surrenderOrder = sql`
  ORDER BY EXISTS (SELECT 1 FROM booking_providers p WHERE p.id = b.provider_id AND ${providerWorks('p', 'b.slot_id')}),
           b.created_at DESC, b.id DESC`;
