import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';

/**
 * How old the figures may be before a read rebuilds them (the `federationRollup` timer runs more often than
 * this, so at provincial scale a read never pays for a rebuild; on the demo database a read keeps them fresh).
 */
export const FRESH_SECONDS = 600;

/** Start of the calendar year of `now` in China (Asia/Shanghai, UTC+8 all year). */
export function yearStartOf(now: Date): Date {
  const local = new Date(now.getTime() + 8 * 3600_000);
  return new Date(Date.UTC(local.getUTCFullYear(), 0, 1) - 8 * 3600_000);
}

/** First of the month eleven months before `now`'s month (Asia/Shanghai): the trend window of 12 months. */
export function trendStartOf(now: Date): Date {
  const local = new Date(now.getTime() + 8 * 3600_000);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 11, 1) - 8 * 3600_000);
}

/**
 * Every node's figures over its subtree, from each union's own figures: a union's own rows are added to every
 * ancestor named in its path ('/<root>/…/<own>/'), so one GROUP BY builds the whole tree.
 */
const toAncestors = (own: ReturnType<typeof sql>) => sql`
  SELECT anc::uuid AS union_id, o.metric, sum(o.value)::bigint AS value
  FROM (${own}) o
  JOIN unions u ON u.id = o.union_id
  CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from u.path), '/')) AS anc
  GROUP BY anc, o.metric`;

/** Each union's own figures as (union_id, metric, value); metric names are read by overview.ts. */
function ownFigures(yearStart: Date, now: Date) {
  const y = yearStart.toISOString();
  const n = now.toISOString();
  return sql`
    SELECT u.id AS union_id, v.metric, v.value FROM unions u
    CROSS JOIN LATERAL (VALUES ('unions.total', 1), ('unions.' || u.level, 1),
                               ('unions.newYear', CASE WHEN u.created_at >= ${y}::timestamptz THEN 1 ELSE 0 END)) v(metric, value)
    UNION ALL
    SELECT m.union_id, v.metric, v.value FROM (
      SELECT union_id,
             count(*) FILTER (WHERE status = 'active') AS active,
             count(*) FILTER (WHERE joined_at >= ${y}::timestamptz AND previous_member_id IS NULL) AS joined,
             count(*) FILTER (WHERE joined_at >= ${y}::timestamptz AND previous_member_id IS NOT NULL) AS transfers_in,
             count(*) FILTER (WHERE status = 'transferred' AND left_at >= ${y}::timestamptz) AS transfers_out,
             count(*) FILTER (WHERE status = 'left' AND left_at >= ${y}::timestamptz) AS left_year
      FROM members GROUP BY union_id) m
    CROSS JOIN LATERAL (VALUES ('members.active', m.active), ('members.joinedYear', m.joined),
                               ('members.transfersIn', m.transfers_in), ('members.transfersOut', m.transfers_out),
                               ('members.leftYear', m.left_year)) v(metric, value)
    UNION ALL
    SELECT a.union_id, v.metric, v.value FROM (
      SELECT union_id, count(*) AS pending,
             sum(extract(epoch FROM (${n}::timestamptz - created_at)))::bigint AS wait_seconds,
             count(*) FILTER (WHERE created_at < ${n}::timestamptz - interval '7 days') AS over7
      FROM applications WHERE status = 'pending' GROUP BY union_id) a
    CROSS JOIN LATERAL (VALUES ('applications.pending', a.pending), ('applications.waitSeconds', a.wait_seconds),
                               ('applications.over7d', a.over7)) v(metric, value)
    UNION ALL
    SELECT c.union_id, v.metric, v.value FROM (
      SELECT union_id,
             count(*) FILTER (WHERE status IN ('submitted', 'returned')) AS in_review,
             count(*) FILTER (WHERE status IN ('officer_approved', 'federation_approved')) AS approved,
             count(*) FILTER (WHERE status = 'paid') AS paid,
             count(*) FILTER (WHERE status = 'rejected') AS rejected,
             coalesce(sum(approved_fen) FILTER (WHERE status IN ('officer_approved', 'federation_approved', 'paid')), 0) AS approved_fen,
             coalesce(sum(approved_fen) FILTER (WHERE status = 'paid'), 0) AS paid_fen
      FROM aid_claims WHERE submitted_at >= ${y}::timestamptz GROUP BY union_id) c
    CROSS JOIN LATERAL (VALUES ('claims.inReview', c.in_review), ('claims.approved', c.approved), ('claims.paid', c.paid),
                               ('claims.rejected', c.rejected), ('claims.approvedFen', c.approved_fen),
                               ('claims.paidFen', c.paid_fen)) v(metric, value)
    UNION ALL
    SELECT e.union_id, v.metric, v.value FROM (
      SELECT union_id, count(*) AS enrolled, sum(contribution_fen)::bigint AS contributions
      FROM aid_enrolments WHERE year = extract(year FROM ${y}::timestamptz AT TIME ZONE 'Asia/Shanghai') GROUP BY union_id) e
    CROSS JOIN LATERAL (VALUES ('aid.enrolled', e.enrolled), ('aid.contributionsFen', e.contributions)) v(metric, value)
    UNION ALL
    SELECT k.union_id, v.metric, v.value FROM (
      SELECT c.union_id, count(*) AS held, sum(d.delegates)::bigint AS delegates, sum(d.checked_in)::bigint AS checked_in,
             sum(e.elections)::bigint AS elections
      FROM congresses c
      CROSS JOIN LATERAL (SELECT count(*) AS delegates, count(checked_in_at) AS checked_in
                          FROM congress_delegates WHERE congress_id = c.id) d
      CROSS JOIN LATERAL (SELECT count(*) AS elections FROM congress_votes
                          WHERE congress_id = c.id AND kind = 'election' AND status = 'published') e
      WHERE c.starts_at >= ${y}::timestamptz GROUP BY c.union_id) k
    CROSS JOIN LATERAL (VALUES ('congress.held', k.held), ('congress.delegates', k.delegates),
                               ('congress.checkedIn', k.checked_in), ('congress.elections', k.elections)) v(metric, value)
    UNION ALL
    SELECT s.union_id, 'booking.slotsOffered', sum(sl.capacity)::bigint
      FROM booking_slots sl JOIN booking_services s ON s.id = sl.service_id
     WHERE sl.starts_at >= ${y}::timestamptz AND sl.starts_at < ${n}::timestamptz GROUP BY s.union_id
    UNION ALL
    SELECT b.union_id, v.metric, v.value FROM (
      SELECT s.union_id,
             count(*) FILTER (WHERE bk.status <> 'cancelled') AS booked,
             count(*) FILTER (WHERE bk.status = 'attended') AS attended,
             count(*) FILTER (WHERE bk.status = 'no_show') AS no_show
      FROM booking_bookings bk JOIN booking_slots sl ON sl.id = bk.slot_id JOIN booking_services s ON s.id = bk.service_id
      WHERE sl.starts_at >= ${y}::timestamptz GROUP BY s.union_id) b
    CROSS JOIN LATERAL (VALUES ('booking.booked', b.booked), ('booking.attended', b.attended),
                               ('booking.noShow', b.no_show)) v(metric, value)`;
}

/** Each union's own monthly figures as (union_id, month, metric, value) over the trend window. */
function ownMonthly(trendStart: Date) {
  const t = trendStart.toISOString();
  const month = (col: string) => sql.raw(`(date_trunc('month', ${col} AT TIME ZONE 'Asia/Shanghai'))::date`);
  return sql`
    SELECT union_id, ${month('joined_at')} AS month, 'members.joined' AS metric, count(*)::bigint AS value
      FROM members WHERE joined_at >= ${t}::timestamptz GROUP BY 1, 2
    UNION ALL
    SELECT union_id, ${month('submitted_at')}, 'claims.submitted', count(*)::bigint
      FROM aid_claims WHERE submitted_at >= ${t}::timestamptz GROUP BY 1, 2
    UNION ALL
    SELECT s.union_id, ${month('sl.starts_at')}, 'booking.booked', count(*)::bigint
      FROM booking_bookings bk JOIN booking_slots sl ON sl.id = bk.slot_id JOIN booking_services s ON s.id = bk.service_id
     WHERE sl.starts_at >= ${t}::timestamptz AND bk.status <> 'cancelled' GROUP BY 1, 2`;
}

/**
 * Rebuild every node's figures as of `now`, in the caller's transaction, one rebuild at a time (an advisory
 * lock: the timer waits for a rebuild in progress, then finds the figures fresh; a reader with `ifOlderThanSeconds`
 * does not wait and serves the figures it has). Returns when the figures served were rebuilt.
 */
export async function refreshFederationStats(tx: Db, now: Date, opts: { ifOlderThanSeconds?: number } = {}): Promise<Date> {
  const lastRefresh = async () =>
    (await rows<{ refreshed_at: string | Date }>(tx, sql`SELECT refreshed_at FROM federation_refreshes WHERE id = 1`))[0];
  if (opts.ifOlderThanSeconds !== undefined) {
    const last = await lastRefresh();
    if (last && now.getTime() - new Date(last.refreshed_at).getTime() < opts.ifOlderThanSeconds * 1000)
      return new Date(last.refreshed_at);
    // a reader never queues behind a rebuild in progress: it serves the figures it has
    if (last) {
      const [got] = await rows<{ ok: boolean }>(tx, sql`SELECT pg_try_advisory_xact_lock(hashtext('federation_stats')) AS ok`);
      if (!got.ok) return new Date(last.refreshed_at);
    }
  }
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('federation_stats'))`);
  const [last] = await rows<{ refreshed_at: string | Date }>(tx, sql`SELECT refreshed_at FROM federation_refreshes WHERE id = 1`);
  if (last && opts.ifOlderThanSeconds !== undefined) {
    const at = new Date(last.refreshed_at);
    if (now.getTime() - at.getTime() < opts.ifOlderThanSeconds * 1000) return at;
  }
  const started = Date.now();
  const yearStart = yearStartOf(now);
  await tx.execute(sql`DELETE FROM federation_stats`);
  await tx.execute(sql`INSERT INTO federation_stats (union_id, metric, value) ${toAncestors(ownFigures(yearStart, now))}`);
  await tx.execute(sql`DELETE FROM federation_monthly`);
  await tx.execute(sql`
    INSERT INTO federation_monthly (union_id, month, metric, value)
    SELECT anc::uuid, o.month, o.metric, sum(o.value)::bigint
    FROM (${ownMonthly(trendStartOf(now))}) o
    JOIN unions u ON u.id = o.union_id
    CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from u.path), '/')) AS anc
    GROUP BY anc, o.month, o.metric`);
  await tx.execute(sql`
    INSERT INTO federation_refreshes (id, refreshed_at, year_start, duration_ms)
    VALUES (1, ${now.toISOString()}::timestamptz, ${yearStart.toISOString()}::timestamptz, ${Date.now() - started})
    ON CONFLICT (id) DO UPDATE SET refreshed_at = excluded.refreshed_at, year_start = excluded.year_start,
                                   duration_ms = excluded.duration_ms`);
  return now;
}
