import { z } from 'zod';
import { contract } from './contract';
import { empty, id, isoDate, personName } from './common';

/** Contracts of the booking area: in-house services (理发屋, massage, health checks, venues) booked by slot. */

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');

/** One opening window of the weekly template: ISO weekday 1 = Monday … 7 = Sunday. */
export const templateWindow = z
  .object({ weekday: z.number().int().min(1).max(7), start: hhmm, end: hhmm })
  .strict()
  .refine((w) => w.start < w.end, { message: '结束时间应晚于开始时间', path: ['end'] });
export type TemplateWindow = z.infer<typeof templateWindow>;

export const serviceRules = z
  .object({
    /** Length of one slot, minutes. */
    slotMinutes: z.number().int().min(5).max(480),
    /** Places per slot (chairs / providers working in parallel). */
    capacity: z.number().int().min(1).max(500),
    template: z.array(templateWindow).min(1).max(50),
    /** Release rule: the week's slots open on this weekday/time of the week before (weeksAhead weeks before). */
    releaseWeekday: z.number().int().min(1).max(7),
    releaseTime: hhmm,
    releaseWeeksAhead: z.number().int().min(0).max(4),
    weeklyLimit: z.number().int().min(1).max(50),
    cancelMinutesBefore: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60),
    noShowLimit: z.number().int().min(1).max(20),
    noShowWindowDays: z.number().int().min(1).max(365),
    suspendDays: z.number().int().min(1).max(365),
  })
  .strict();
export type ServiceRules = z.infer<typeof serviceRules>;

export const bookingStatuses = ['booked', 'attended', 'no_show', 'cancelled'] as const;
export type BookingStatus = (typeof bookingStatuses)[number];
export const bookingStatusNames: Record<BookingStatus, string> = {
  booked: '已预约',
  attended: '已到店',
  no_show: '未到',
  cancelled: '已取消',
};

/** A named provider of a service (a chair and who works it), e.g. 1号椅 · 王师傅. */
export interface ProviderView {
  id: string;
  name: string;
}

export interface ServiceView extends ServiceRules {
  id: string;
  unionId: string;
  unionName: string;
  name: string;
  location: string | null;
  description: string | null;
  /** Federation node whose whole subtree may book; null = members of the service's own union. */
  eligibleUnionId: string | null;
  active: boolean;
  /** The caller may manage it (service staff / officers of its union). */
  canManage: boolean;
  /** Named providers; when there are any, `capacity` is their number and a slot's capacity those working it. */
  providers: ProviderView[];
}

export interface SlotView {
  id: string;
  date: string;
  startsAt: string;
  endsAt: string;
  /** "12:00" in Asia/Shanghai. */
  label: string;
  capacity: number;
  booked: number;
  free: number;
  status: 'open' | 'closed' | 'not_released' | 'past' | 'full';
  releasedAt: string;
  /** The caller's active booking in this slot. */
  myBookingId: string | null;
  /**
   * Providers (ids) a member may choose for this slot now: working it, not chosen by another booking, and the slot
   * has a free place. Empty for a service without named providers.
   */
  freeProviderIds: string[];
}

export interface DayView {
  date: string;
  weekday: number;
  slots: SlotView[];
  /** No free place left in any future open slot of the day: a waitlist may be joined. */
  full: boolean;
  onWaitlist: boolean;
}

export interface WeekOutput {
  service: ServiceView;
  weekStart: string;
  /** When this week's slots open (server clock, Asia/Shanghai); null when the week has no slots yet. */
  releasesAt: string | null;
  released: boolean;
  serverNow: string;
  days: DayView[];
  myCount: number;
  weeklyLimit: number;
  suspendedUntil: string | null;
}

export interface BookingView {
  id: string;
  serviceId: string;
  serviceName: string;
  slotId: string;
  date: string;
  startsAt: string;
  endsAt: string;
  label: string;
  status: BookingStatus;
  statusName: string;
  /** Shown as a QR / text code at the counter. */
  code: string;
  cancellableUntil: string;
  canCancel: boolean;
  fromWaitlist: boolean;
  cancelReason: string | null;
  /** The provider the member chose (e.g. 1号椅 · 王师傅); null: whoever is free. */
  providerId: string | null;
  providerName: string | null;
  /** PNG data URL of a QR holding `code`, for the staff's scanner; only in 我的预约 for bookings still ahead. */
  qr: string | null;
  /** Where the member stands, in 我的预约 for bookings still ahead (null elsewhere). */
  queue: BookingQueue | null;
}

/** A live booking's place: in its slot (by booking time) and among those not yet served that day. */
export interface BookingQueue {
  /** 1-based: the member is the n-th booked into this slot. */
  position: number;
  /** Live bookings of the slot (booked or checked in). */
  ofSlot: number;
  /** Bookings of the same service that day, before this one and not yet checked in. */
  waitingAhead: number;
}

export interface StaffBookingView {
  id: string;
  personName: string;
  memberNo: string | null;
  status: BookingStatus;
  statusName: string;
  code: string;
  checkedInAt: string | null;
  /** The provider the member chose; null: whoever is free. */
  providerName: string | null;
}

export interface StaffSlotView {
  id: string;
  label: string;
  startsAt: string;
  capacity: number;
  booked: number;
  status: 'open' | 'closed';
  closedReason: string | null;
  /** Closed only because every provider was taken off: putting one back reopens it. */
  closedByProviders: boolean;
  /** The service's providers and whether each works this slot. */
  providers: (ProviderView & { off: boolean; offReason: string | null })[];
  bookings: StaffBookingView[];
}

export interface WeekFigures {
  weekStart: string;
  offered: number;
  booked: number;
  attended: number;
  noShows: number;
  cancellations: number;
}

const serviceFields = {
  name: z.string().trim().min(1).max(40),
  location: z.string().trim().max(100).nullable().optional(),
  description: z.string().trim().max(500).nullable().optional(),
  eligibleUnionId: id.nullable().optional(),
  active: z.boolean().optional(),
};

export const bookingContracts = {
  /** Services the caller may book or manage. */
  'booking.services': contract<{ services: ServiceView[] }>()(empty),
  'booking.saveService': contract<ServiceView>()(
    z.object({ serviceId: id.optional(), unionId: id, ...serviceFields, rules: serviceRules }).strict(),
  ),
  /** Materialise a week's slots from the template (idempotent); `releaseNow` opens them at once. */
  'booking.generateWeek': contract<{ created: number; releasesAt: string }>()(
    z.object({ serviceId: id, weekStart: isoDate, releaseNow: z.boolean().optional() }).strict(),
  ),
  /** The member's week grid; weekStart defaults to the current week (Asia/Shanghai). */
  'booking.week': contract<WeekOutput>()(z.object({ serviceId: id, weekStart: isoDate.optional() }).strict()),
  'booking.book': contract<BookingView>()(
    z
      .object({
        slotId: id,
        /** The provider (师傅) the member chose; absent: whoever is free (不限). */
        providerId: id.optional(),
        requestId: z.string().trim().min(8).max(64).optional(),
      })
      .strict(),
  ),
  'booking.cancel': contract<BookingView>()(z.object({ bookingId: id }).strict()),
  'booking.mine': contract<{ bookings: BookingView[] }>()(z.object({ serviceId: id.optional() }).strict()),
  'booking.joinWaitlist': contract<{ date: string; position: number }>()(z.object({ serviceId: id, date: isoDate }).strict()),
  'booking.leaveWaitlist': contract<{ date: string }>()(z.object({ serviceId: id, date: isoDate }).strict()),
  /** Staff: the day's slots with who booked; date defaults to today by the server clock (Asia/Shanghai). */
  'booking.day': contract<{ date: string; slots: StaffSlotView[] }>()(
    z.object({ serviceId: id, date: isoDate.optional() }).strict(),
  ),
  /** Staff: check in by scanned code or by booking id. */
  'booking.checkIn': contract<StaffBookingView>()(
    z
      .object({
        serviceId: id,
        code: z
          .string()
          .trim()
          .toUpperCase()
          .regex(/^[A-Z0-9]{8}$/, '应为 8 位预约码')
          .optional(),
        bookingId: id.optional(),
      })
      .strict()
      .refine((v) => !!v.code !== !!v.bookingId, { message: '请提供预约码或预约之一', path: ['code'] }),
  ),
  'booking.markNoShow': contract<StaffBookingView & { suspendedUntil: string | null }>()(z.object({ bookingId: id }).strict()),
  'booking.closeSlot': contract<{ cancelled: number }>()(
    z.object({ slotId: id, reason: z.string().trim().min(1).max(100) }).strict(),
  ),
  'booking.closeDay': contract<{ cancelled: number; slots: number }>()(
    z.object({ serviceId: id, date: isoDate, reason: z.string().trim().min(1).max(100) }).strict(),
  ),
  'booking.stats': contract<{ weeks: WeekFigures[] }>()(
    z.object({ serviceId: id, weeks: z.number().int().min(1).max(26).default(8) }).strict(),
  ),
  /** Staff: the service's named providers (chairs) in order; the list replaces the old one, missing ones are removed. */
  'booking.saveProviders': contract<{ providers: ProviderView[]; capacity: number; cancelled: number }>()(
    z
      .object({
        serviceId: id,
        providers: z
          .array(z.object({ id: id.optional(), name: personName }).strict())
          .min(1)
          .max(50)
          .refine((l) => new Set(l.map((p) => p.name)).size === l.length, { message: '服务人员名称不能重复' }),
      })
      .strict(),
  ),
  /** Staff: take one provider off a slot or a whole day (barber ill); overflowing bookings, newest first, are cancelled. */
  'booking.takeProviderOff': contract<{ slots: number; cancelled: number }>()(
    z
      .object({ providerId: id, slotId: id.optional(), date: isoDate.optional(), reason: z.string().trim().min(1).max(100) })
      .strict()
      .refine((v) => !!v.slotId !== !!v.date, { message: '请选择时段或日期之一', path: ['slotId'] }),
  ),
  /** Staff: put a provider taken off back on a slot or a day; the places come back and go to the waitlist first. */
  'booking.putProviderBack': contract<{ slots: number; assigned: number }>()(
    z
      .object({ providerId: id, slotId: id.optional(), date: isoDate.optional() })
      .strict()
      .refine((v) => !!v.slotId !== !!v.date, { message: '请选择时段或日期之一', path: ['slotId'] }),
  ),
  /** Send reminders for bookings starting within the next `withinMinutes` (timer trigger or staff). */
  'booking.remind': contract<{ sent: number }>()(
    z
      .object({
        serviceId: id,
        withinMinutes: z
          .number()
          .int()
          .min(5)
          .max(24 * 60)
          .default(120),
      })
      .strict(),
  ),
};
