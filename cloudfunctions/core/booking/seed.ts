import type { Db } from '../db/client';
import { rows, sql } from '../db/client';
import type { SeedBase } from '../db/seed-base';
import { addDays, weekStartOf } from './calendar';
import { newCode } from './bookings';
import { loadService } from './services';
import { ensureWeek } from './week';

const weekdays = [1, 2, 3, 4, 5];

/** Demo data of the booking area: 理发屋 of 星火电子工会, this and next week released, a few bookings (none for 张伟). */
export async function seedBooking(tx: Db, base: SeedBase, now: Date): Promise<void> {
  const [svc] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO booking_services (union_id, name, location, description, slot_minutes, capacity, template,
          release_weekday, release_time, release_weeks_ahead, weekly_limit, cancel_minutes_before, no_show_limit, no_show_window_days, suspend_days)
        VALUES (${base.unions.xinghuo}, '理发屋', '行政楼一层 105 室', '职工理发，两位师傅，每次 20 分钟。凭预约码到店，请准时。', 20, 2,
          ${JSON.stringify(
            weekdays.flatMap((weekday) => [
              { weekday, start: '12:00', end: '13:30' },
              { weekday, start: '17:30', end: '19:00' },
            ]),
          )}::jsonb,
          1, '12:00', 1, 2, 60, 2, 30, 14)
        RETURNING id`,
  );
  for (const [sort, name] of ['1号椅 · 王师傅', '2号椅 · 李师傅'].entries())
    await tx.execute(sql`INSERT INTO booking_providers (service_id, name, sort) VALUES (${svc.id}, ${name}, ${sort})`);
  const s = await loadService(tx, svc.id);
  const thisWeek = weekStartOf(now);
  await ensureWeek(tx, s, thisWeek, now);
  await ensureWeek(tx, s, addDays(thisWeek, 7), now);

  const named = new Set(Object.values(base.people));
  const demoMembers = base.membersOf.xinghuo.filter((p) => !named.has(p)).slice(0, 14);
  const slots = await rows<{ id: string; week_start: string; starts_at: Date; capacity: number }>(
    tx,
    sql`SELECT id, week_start::text, starts_at, capacity FROM booking_slots WHERE service_id = ${s.id} ORDER BY starts_at`,
  );
  // past slots: attended and the odd no-show (figures for the chart); future slots: a booking every third slot
  let m = 0;
  for (const [i, sl] of slots.entries()) {
    const past = new Date(sl.starts_at) <= now;
    if (!past && i % 3 !== 0) continue;
    if (past && i % 2 !== 0) continue;
    const personId = demoMembers[m++ % demoMembers.length];
    const [wk] = await rows<{ count: number }>(
      tx,
      sql`SELECT count FROM booking_member_weeks WHERE service_id = ${s.id} AND person_id = ${personId} AND week_start = ${sl.week_start}`,
    );
    if (wk && wk.count >= s.weekly_limit) continue;
    const status = past ? (i % 10 === 4 ? 'no_show' : 'attended') : 'booked';
    await tx.execute(sql`
      INSERT INTO booking_bookings (slot_id, service_id, person_id, week_start, code, status, checked_in_at, no_show_at)
      VALUES (${sl.id}, ${s.id}, ${personId}, ${sl.week_start}, ${newCode()}, ${status},
        ${status === 'attended' ? new Date(sl.starts_at).toISOString() : null}::timestamptz, ${status === 'no_show' ? new Date(sl.starts_at).toISOString() : null}::timestamptz)`);
    await tx.execute(sql`UPDATE booking_slots SET booked = booked + 1 WHERE id = ${sl.id}`);
    await tx.execute(sql`
      INSERT INTO booking_member_weeks AS w (service_id, person_id, week_start, count) VALUES (${s.id}, ${personId}, ${sl.week_start}, 1)
      ON CONFLICT (service_id, person_id, week_start) DO UPDATE SET count = w.count + 1`);
  }
}
