import type { StaffSlotView } from '@shared/contracts/booking';
import { rows, sql, type Db } from '../db/client';
import { loadBookings, staffBookingView } from './bookings';
import { iso, shanghaiTime } from './calendar';
import { providersBySlot } from './providers';
import { loadService } from './services';

/** `booking.day`: the counter's sheet of a day — each slot (the one place it becomes a `StaffSlotView`), its providers and bookings. */
export async function staffDay(tx: Db, serviceId: string, date: string): Promise<{ date: string; slots: StaffSlotView[] }> {
  const svc = await loadService(tx, serviceId);
  const slots = await rows<{
    id: string;
    starts_at: Date;
    capacity: number;
    booked: number;
    status: 'open' | 'closed';
    closed_reason: string | null;
    closed_by_providers: boolean;
  }>(
    tx,
    sql`SELECT id, starts_at, capacity, booked, status, closed_reason, closed_by_providers FROM booking_slots
        WHERE service_id = ${serviceId} AND day = ${date} ORDER BY starts_at`,
  );
  const bookings = await loadBookings(tx, sql`b.service_id = ${serviceId} AND sl.day = ${date}`, sql`ORDER BY b.created_at`);
  const providers = await providersBySlot(
    tx,
    svc,
    slots.map((sl) => sl.id),
  );
  const out: StaffSlotView[] = slots.map((sl) => ({
    id: sl.id,
    label: shanghaiTime(new Date(sl.starts_at)),
    startsAt: iso(sl.starts_at),
    capacity: sl.capacity,
    booked: sl.booked,
    status: sl.status,
    closedReason: sl.closed_reason,
    closedByProviders: sl.closed_by_providers,
    providers: providers.get(sl.id) ?? [],
    bookings: bookings.filter((b) => b.slot_id === sl.id).map(staffBookingView),
  }));
  return { date, slots: out };
}
