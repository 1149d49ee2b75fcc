import type { ActionDef } from '../action';
import type { ProviderView, ServiceRules, ServiceView, TemplateWindow } from '@shared/contracts/booking';
import type { Role } from '@shared/contracts/unions';
import { OFFICERS, unionRef, type Access } from '../auth/access';
import { rows, sql, type Db } from '../db/client';
import type { SQL } from 'drizzle-orm';
import { AppError, errors } from '../errors';
import { formatShanghai } from './calendar';

/**
 * The service (a barber's chair, a clinic): its row, its rules, who may book and who manages it, and the one
 * place where its row becomes a `ServiceView`.
 */

/** Who manages a service: its service staff and the officers of its union. */
export const MANAGERS: Role[] = ['service_staff', ...OFFICERS];

export interface ServiceRow {
  id: string;
  union_id: string;
  union_name: string;
  union_path: string;
  name: string;
  location: string | null;
  description: string | null;
  eligible_union_id: string | null;
  eligible_path: string | null;
  eligible_name: string | null;
  slot_minutes: number;
  capacity: number;
  template: TemplateWindow[];
  release_weekday: number;
  release_time: string;
  release_weeks_ahead: number;
  weekly_limit: number;
  cancel_minutes_before: number;
  no_show_limit: number;
  no_show_window_days: number;
  suspend_days: number;
  active: boolean;
  /** Named providers (chairs), active ones in order; [] when the service only has a number of places. */
  providers?: ProviderView[];
}

/** Service rows with their unions' names and paths and their active providers: the one place a service row is read. */
async function serviceRows(tx: Db, where: SQL): Promise<ServiceRow[]> {
  const list = await rows<ServiceRow>(
    tx,
    sql`SELECT s.*, u.short_name AS union_name, u.path AS union_path, e.path AS eligible_path, e.short_name AS eligible_name,
          COALESCE((SELECT jsonb_agg(jsonb_build_object('id', p.id, 'name', p.name) ORDER BY p.sort, p.created_at)
                    FROM booking_providers p WHERE p.service_id = s.id AND p.active), '[]'::jsonb) AS providers
        FROM booking_services s JOIN unions u ON u.id = s.union_id LEFT JOIN unions e ON e.id = s.eligible_union_id
        WHERE ${where} ORDER BY s.created_at`,
  );
  for (const s of list) if (typeof s.providers === 'string') s.providers = JSON.parse(s.providers) as ProviderView[];
  return list;
}

export async function loadService(tx: Db, serviceId: string): Promise<ServiceRow> {
  const [s] = await serviceRows(tx, sql`s.id = ${serviceId}`);
  if (!s) throw errors.notFound('服务项目');
  return s;
}

/** The union a service belongs to (the scope of every action on it). */
export const serviceUnion = async (tx: Db, serviceId: string) => (await loadService(tx, serviceId)).union_id;

export const rulesOf = (s: ServiceRow): ServiceRules => ({
  slotMinutes: s.slot_minutes,
  capacity: s.capacity,
  template: s.template,
  releaseWeekday: s.release_weekday,
  releaseTime: s.release_time,
  releaseWeeksAhead: s.release_weeks_ahead,
  weeklyLimit: s.weekly_limit,
  cancelMinutesBefore: s.cancel_minutes_before,
  noShowLimit: s.no_show_limit,
  noShowWindowDays: s.no_show_window_days,
  suspendDays: s.suspend_days,
});

export const canManage = (access: Access, s: ServiceRow) => access.can(MANAGERS, { id: s.union_id, path: s.union_path });

/** Members of the service's union, or of every union in the configured federation subtree. */
export const canBook = (access: Access, s: ServiceRow) =>
  access.grants.some(
    (g) => g.role === 'member' && (s.eligible_path ? g.unionPath.startsWith(s.eligible_path) : g.unionId === s.union_id),
  );

export function serviceView(s: ServiceRow, access: Access): ServiceView {
  return {
    id: s.id,
    unionId: s.union_id,
    unionName: s.union_name,
    name: s.name,
    location: s.location,
    description: s.description,
    eligibleUnionId: s.eligible_union_id,
    active: s.active,
    canManage: canManage(access, s),
    providers: s.providers ?? [],
    ...rulesOf(s),
  };
}

/** The booking area's refusals of a member, worded once (the booking statement returns the same as values). */
export const refusals = {
  notEligible: (s: Pick<ServiceRow, 'name' | 'union_name' | 'eligible_name' | 'eligible_path'>) =>
    new AppError(
      'NOT_ELIGIBLE',
      `您不在「${s.name}」的预约范围内（仅限${s.eligible_path ? `${s.eligible_name}及下属工会` : s.union_name}会员）`,
    ),
  serviceClosed: (name: string) => new AppError('SERVICE_CLOSED', `「${name}」暂停预约`),
  suspended: (until: Date) => new AppError('SUSPENDED', `您因多次预约未到，预约资格已暂停至 ${formatShanghai(until)}`),
};

export function assertCanBook(access: Access, s: ServiceRow) {
  if (!canBook(access, s)) throw refusals.notEligible(s);
  if (!s.active) throw refusals.serviceClosed(s.name);
}

/** `booking.services`: the services the caller may book (active ones) or manage. */
export async function listServices(tx: Db, access: Access): Promise<{ services: ServiceView[] }> {
  // one read of every service (was one per service: a federation of hundreds of unions made hundreds of queries)
  const list = await serviceRows(tx, sql`true`);
  return {
    services: list.filter((s) => (canBook(access, s) && s.active) || canManage(access, s)).map((s) => serviceView(s, access)),
  };
}

type SaveServiceInput = Parameters<ActionDef<'booking.saveService'>['handler']>[0]['input'];

/** `booking.saveService`: create or update a service of the union; returns the saved service. */
export async function saveService(tx: Db, input: SaveServiceInput): Promise<ServiceRow> {
  if (input.eligibleUnionId) {
    const [own, eligible] = [await unionRef(tx, input.unionId), await unionRef(tx, input.eligibleUnionId)];
    // open to a federation subtree that holds this union (e.g. the street federation), never to a stranger's tree
    if (!own || !eligible || !own.path.startsWith(eligible.path))
      throw new AppError('INVALID_INPUT', '可预约范围：应为本工会或其上级工会', {
        eligibleUnionId: '可预约范围：应为本工会或其上级工会',
      });
  }
  const serviceId = await saveServiceRow(tx, input);
  await capacityFromProviders(tx, serviceId);
  return loadService(tx, serviceId);
}

async function saveServiceRow(tx: Db, input: SaveServiceInput): Promise<string> {
  const r = input.rules;
  const cols = {
    name: input.name,
    location: input.location ?? null,
    description: input.description ?? null,
    eligible: input.eligibleUnionId ?? null,
    active: input.active ?? true,
  };
  if (input.serviceId) {
    const [u] = await rows<{ id: string }>(
      tx,
      sql`UPDATE booking_services SET name = ${cols.name}, location = ${cols.location}, description = ${cols.description},
            eligible_union_id = ${cols.eligible}, active = ${cols.active}, slot_minutes = ${r.slotMinutes}, capacity = ${r.capacity},
            template = ${JSON.stringify(r.template)}::jsonb, release_weekday = ${r.releaseWeekday}, release_time = ${r.releaseTime},
            release_weeks_ahead = ${r.releaseWeeksAhead}, weekly_limit = ${r.weeklyLimit}, cancel_minutes_before = ${r.cancelMinutesBefore},
            no_show_limit = ${r.noShowLimit}, no_show_window_days = ${r.noShowWindowDays}, suspend_days = ${r.suspendDays}
          WHERE id = ${input.serviceId} AND union_id = ${input.unionId} RETURNING id`,
    );
    if (!u) throw errors.notFound('服务项目');
    return u.id;
  }
  const [c] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO booking_services (union_id, name, location, description, eligible_union_id, active, slot_minutes, capacity, template,
          release_weekday, release_time, release_weeks_ahead, weekly_limit, cancel_minutes_before, no_show_limit, no_show_window_days, suspend_days)
        VALUES (${input.unionId}, ${cols.name}, ${cols.location}, ${cols.description}, ${cols.eligible}, ${cols.active}, ${r.slotMinutes},
          ${r.capacity}, ${JSON.stringify(r.template)}::jsonb, ${r.releaseWeekday}, ${r.releaseTime}, ${r.releaseWeeksAhead}, ${r.weeklyLimit},
          ${r.cancelMinutesBefore}, ${r.noShowLimit}, ${r.noShowWindowDays}, ${r.suspendDays})
        RETURNING id`,
  );
  return c.id;
}

/** New weeks are materialised with the service's capacity: with providers, it is their number (whatever the form said). */
export async function capacityFromProviders(tx: Db, serviceId: string): Promise<void> {
  await tx.execute(
    sql`UPDATE booking_services s SET capacity = p.n
        FROM (SELECT count(*)::int AS n FROM booking_providers WHERE service_id = ${serviceId} AND active) p
        WHERE s.id = ${serviceId} AND p.n > 0`,
  );
}
