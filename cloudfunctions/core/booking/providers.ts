import type { ProviderView, StaffSlotView } from '@shared/contracts/booking';
import { rows, sql, type Db } from '../db/client';
import { AppError, errors } from '../errors';
import type { RoleContext } from '../action';
import { refundCancelledByStaff } from './bookings';
import { formatShanghai, ts } from './calendar';
import { capacityFromProviders, loadService, serviceUnion, type ServiceRow } from './services';
import { fullSlots } from './rush';
import { offerAddedPlace } from './waitlist';
import { providerWorks, releaseUnworkedChoices, surrenderOrder } from './provider-choice';
import { closeSlot } from './week';

/**
 * Named providers (chairs) of a service. When a service has any, a slot's capacity is the number of its active
 * providers not taken off for that slot; `booking_slots.booked <= capacity` stays the database's guard.
 */

type Audit = RoleContext<'booking.saveProviders'>['audit'];

/** The union a provider belongs to (through its service). */
export const providerUnion = async (tx: Db, providerId: string) => {
  const [p] = await rows<{ service_id: string }>(tx, sql`SELECT service_id FROM booking_providers WHERE id = ${providerId}`);
  if (!p) throw errors.notFound('服务人员');
  return serviceUnion(tx, p.service_id);
};

/** Replace the service's provider list (kept by id, new ones added, missing ones retired) and re-derive capacities. */
export async function saveProviders(
  tx: Db,
  serviceId: string,
  list: { id?: string; name: string }[],
  unionId: string | undefined,
  now: Date,
  audit: Audit,
): Promise<{ providers: ProviderView[]; capacity: number; cancelled: number }> {
  const s = await loadService(tx, serviceId);
  const keep = list.filter((p) => p.id).map((p) => p.id as string);
  // retire first, so a name may move to another chair without tripping the unique index
  await tx.execute(
    keep.length > 0
      ? sql`UPDATE booking_providers SET active = false WHERE service_id = ${s.id} AND active AND NOT (id = ANY(${`{${keep.join(',')}}`}::uuid[]))`
      : sql`UPDATE booking_providers SET active = false WHERE service_id = ${s.id} AND active`,
  );
  for (const [sort, p] of list.entries()) {
    if (p.id) {
      const [u] = await rows(
        tx,
        sql`UPDATE booking_providers SET name = ${p.name}, sort = ${sort} WHERE id = ${p.id} AND service_id = ${s.id} AND active RETURNING id`,
      );
      if (!u) throw errors.notFound('服务人员');
    } else {
      await tx.execute(sql`INSERT INTO booking_providers (service_id, name, sort) VALUES (${s.id}, ${p.name}, ${sort})`);
    }
  }
  await capacityFromProviders(tx, s.id);
  const future = await rows<{ id: string }>(
    tx,
    sql`SELECT id FROM booking_slots WHERE service_id = ${s.id} AND status = 'open' AND starts_at > ${ts(now)}::timestamptz ORDER BY starts_at`,
  );
  const cancelled: string[] = [];
  for (const sl of future) cancelled.push(...(await fitSlotToProviders(tx, s, sl.id, '服务人员调整', now)));
  const fresh = await loadService(tx, s.id);
  const r = { providers: fresh.providers ?? [], capacity: list.length, cancelled };
  fullSlots.forgetAll(); // capacities of the service's slots changed
  await audit({
    action: 'booking.saveProviders',
    unionId,
    targetType: 'booking_service',
    targetId: s.id,
    detail: { providers: r.providers, cancelled: r.cancelled },
  });
  return { providers: r.providers, capacity: r.capacity, cancelled: r.cancelled.length };
}

interface SlotStaffing {
  id: string;
  booked: number;
  capacity: number;
  status: string;
  closed_by_providers: boolean;
  starts_at: Date;
  /** active providers of the service, and those of them not taken off this slot */
  total: number;
  working: number;
}

/** Lock one slot row and count who works it: the one place the "capacity = providers working" rule is read. */
async function lockSlotStaffing(tx: Db, slotId: string): Promise<SlotStaffing> {
  const [slot] = await rows<SlotStaffing>(
    tx,
    sql`SELECT sl.id, sl.booked, sl.capacity, sl.status, sl.closed_by_providers, sl.starts_at,
          (SELECT count(*)::int FROM booking_providers p WHERE p.service_id = sl.service_id AND p.active) AS total,
          (SELECT count(*)::int FROM booking_providers p WHERE p.service_id = sl.service_id AND ${providerWorks('p', 'sl.id')}) AS working
        FROM booking_slots sl WHERE sl.id = ${slotId} FOR UPDATE OF sl`,
  );
  if (!slot) throw errors.notFound('时段');
  return {
    ...slot,
    total: Number(slot.total),
    working: Number(slot.working),
    booked: Number(slot.booked),
    capacity: Number(slot.capacity),
  };
}

/**
 * Set one slot's capacity to the providers working it. When fewer places remain than bookings, bookings beyond the
 * new capacity are cancelled (quota returned, member told): those without a chosen provider still working the slot
 * first, newest first (`surrenderOrder`). When nobody works it any more, the slot is closed like any closed slot. The slot row is locked first, so a concurrent booking either
 * committed before (and may be cancelled here) or is judged against the new capacity. Then bookings whose chosen
 * provider no longer works the slot keep their place without the choice. Returns the cancelled ids.
 */
export async function fitSlotToProviders(tx: Db, s: ServiceRow, slotId: string, reason: string, now: Date): Promise<string[]> {
  const cancelled = await fitCapacity(tx, s, slotId, reason, now);
  await releaseUnworkedChoices(tx, s, slotId, reason);
  return cancelled;
}

async function fitCapacity(tx: Db, s: ServiceRow, slotId: string, reason: string, now: Date): Promise<string[]> {
  const slot = await lockSlotStaffing(tx, slotId);
  if (slot.total === 0 || slot.status !== 'open') return [];
  const working = slot.working;
  if (working === 0) {
    const ids = await rows<{ id: string }>(
      tx,
      sql`SELECT id FROM booking_bookings WHERE slot_id = ${slotId} AND status = 'booked'`,
    );
    await closeSlot(tx, s, slotId, reason, now);
    await tx.execute(sql`UPDATE booking_slots SET closed_by_providers = true WHERE id = ${slotId}`);
    return ids.map((r) => r.id);
  }
  const overflow = Math.max(0, slot.booked - working);
  const cancelled =
    overflow === 0
      ? []
      : await rows<{ id: string; person_id: string; week_start: string }>(
          tx,
          sql`UPDATE booking_bookings b SET status = 'cancelled', cancelled_at = ${ts(now)}::timestamptz, cancel_reason = ${'服务人员减少：' + reason}
              WHERE b.id IN (SELECT b.id FROM booking_bookings b WHERE b.slot_id = ${slotId} AND b.status = 'booked'
                             ${surrenderOrder} LIMIT ${overflow})
              RETURNING b.id, b.person_id, b.week_start::text`,
        );
  if (cancelled.length < overflow)
    throw new AppError(
      'PROVIDER_BUSY',
      `${formatShanghai(new Date(slot.starts_at))} 的时段已签到的人数多于剩余服务人员，不能减少`,
    );
  await refundCancelledByStaff(
    tx,
    s,
    cancelled,
    `很抱歉，${formatShanghai(new Date(slot.starts_at))} 的时段因「${reason}」少了服务人员，名额减少，您的预约已取消，本周预约次数已退回。`,
  );
  await tx.execute(
    sql`UPDATE booking_slots SET capacity = ${working}, booked = booked - ${cancelled.length} WHERE id = ${slotId}`,
  );
  return cancelled.map((b) => b.id);
}

type ProviderTarget = { providerId: string; slotId?: string; date?: string; now: Date };

/** The provider (active), its service, and the chosen slot or the day's slots that have not started yet. */
async function providerAndSlots(
  tx: Db,
  args: ProviderTarget,
): Promise<{ p: { name: string }; s: ServiceRow; ahead: { id: string; starts_at: Date; status: string }[] }> {
  const [p] = await rows<{ service_id: string; name: string }>(
    tx,
    sql`SELECT service_id, name FROM booking_providers WHERE id = ${args.providerId} AND active`,
  );
  if (!p) throw errors.notFound('服务人员');
  const s = await loadService(tx, p.service_id);
  const slots = await rows<{ id: string; starts_at: Date; status: string }>(
    tx,
    args.slotId
      ? sql`SELECT id, starts_at, status FROM booking_slots WHERE id = ${args.slotId} AND service_id = ${s.id}`
      : sql`SELECT id, starts_at, status FROM booking_slots WHERE service_id = ${s.id} AND day = ${args.date ?? ''} ORDER BY starts_at`,
  );
  if (args.slotId && slots.length === 0) throw errors.notFound('时段');
  if (args.slotId && new Date(slots[0].starts_at) <= args.now)
    throw new AppError('SLOT_PAST', '该时段已开始，不能再调整服务人员');
  return { p, s, ahead: slots.filter((sl) => new Date(sl.starts_at) > args.now) };
}

/** Take a provider off the given slots (future, open ones); returns how many slots changed and the cancelled ids. */
export async function takeProviderOff(
  tx: Db,
  args: ProviderTarget & { reason: string; by: string | null },
  unionId: string | undefined,
  audit: Audit,
): Promise<{ slots: number; cancelled: number }> {
  const { p, s, ahead: future } = await providerAndSlots(tx, args);
  const ahead = future.filter((sl) => sl.status === 'open');
  if (ahead.length === 0)
    throw new AppError('NOTHING_TO_CHANGE', args.slotId ? '该时段已关闭' : `${args.date} 没有尚未开始的开放时段`);
  const why = `${p.name}：${args.reason}`;
  let changed = 0;
  const cancelled: string[] = [];
  for (const sl of ahead) {
    const added = await rows(
      tx,
      sql`INSERT INTO booking_provider_absences (provider_id, slot_id, reason, created_by)
          VALUES (${args.providerId}, ${sl.id}, ${args.reason}, ${args.by}) ON CONFLICT DO NOTHING RETURNING slot_id`,
    );
    if (added.length === 0) continue;
    changed++;
    cancelled.push(...(await fitSlotToProviders(tx, s, sl.id, why, args.now)));
  }
  if (changed === 0) throw new AppError('ALREADY_OFF', `${p.name} 在所选时段已停诊`);
  fullSlots.forgetAll(); // capacities changed (a slot may also be closed now)
  await audit({
    action: 'booking.takeProviderOff',
    unionId,
    targetType: 'booking_provider',
    targetId: args.providerId,
    detail: {
      slotId: args.slotId ?? null,
      date: args.date ?? null,
      reason: args.reason,
      slots: changed,
      cancelled,
    },
  });
  return { slots: changed, cancelled: cancelled.length };
}

/**
 * Put a provider back on the given slots (not started, where they were off): each slot's capacity rises to
 * the providers working it, a slot closed only because its providers were all off reopens, and every place
 * added is offered to the day's waitlist as a cancelled place would be. The absence row is removed before the
 * slot row is locked, the same order as taking off, so the two never deadlock. Returns the slots changed and
 * the bookings made for waiting members.
 */
export async function putProviderBack(
  tx: Db,
  args: ProviderTarget,
  unionId: string | undefined,
  audit: Audit,
): Promise<{ slots: number; assigned: number }> {
  const { p, s, ahead } = await providerAndSlots(tx, args);
  let changed = 0;
  const assigned: string[] = [];
  for (const sl of ahead) {
    const back = await rows(
      tx,
      sql`DELETE FROM booking_provider_absences WHERE provider_id = ${args.providerId} AND slot_id = ${sl.id} RETURNING slot_id`,
    );
    if (back.length === 0) continue;
    changed++;
    const slot = await lockSlotStaffing(tx, sl.id);
    if (slot.status === 'closed' && !slot.closed_by_providers) continue; // staff closed it themselves: stays closed
    await tx.execute(
      sql`UPDATE booking_slots SET capacity = ${slot.working}, status = 'open', closed_by_providers = false,
            closed_reason = CASE WHEN status = 'open' THEN closed_reason END
          WHERE id = ${sl.id}`,
    );
    // places that did not exist before: all of a reopened slot's, else those above the old capacity
    const before = slot.status === 'open' ? Math.max(slot.capacity, slot.booked) : slot.booked;
    for (let added = slot.working - before; added > 0; added--) {
      const id = await offerAddedPlace(tx, s, sl.id, args.now);
      if (!id) break;
      assigned.push(id);
    }
  }
  if (changed === 0)
    throw new AppError(
      'NOT_OFF',
      args.slotId ? `${p.name} 在该时段没有停诊` : `${p.name} 在 ${args.date} 尚未开始的时段没有停诊`,
    );
  fullSlots.forgetAll(); // places added
  await audit({
    action: 'booking.putProviderBack',
    unionId,
    targetType: 'booking_provider',
    targetId: args.providerId,
    detail: { slotId: args.slotId ?? null, date: args.date ?? null, slots: changed, assigned },
  });
  return { slots: changed, assigned: assigned.length };
}

/** The providers of a service and who is off, per slot, for the staff day view. */
export async function providersBySlot(
  tx: Db,
  s: ServiceRow,
  slotIds: string[],
): Promise<Map<string, StaffSlotView['providers']>> {
  const out = new Map<string, StaffSlotView['providers']>();
  const list = s.providers ?? [];
  if (list.length === 0 || slotIds.length === 0) return out;
  const off = await rows<{ slot_id: string; provider_id: string; reason: string }>(
    tx,
    sql`SELECT slot_id, provider_id, reason FROM booking_provider_absences WHERE slot_id = ANY(${`{${slotIds.join(',')}}`}::uuid[])`,
  );
  for (const id of slotIds)
    out.set(
      id,
      list.map((p) => {
        const a = off.find((o) => o.slot_id === id && o.provider_id === p.id);
        return { ...p, off: !!a, offReason: a?.reason ?? null };
      }),
    );
  return out;
}
