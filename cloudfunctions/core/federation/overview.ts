import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { errors } from '../errors';
import { unionLevels, type UnionLevel } from '@shared/contracts/unions';
import type { OverviewChild, OverviewOutput } from '@shared/contracts/federation';
import { suppressAmount, suppressBreakdown, suppressCount } from '@shared/domain/federation/suppression';
import { FRESH_SECONDS, refreshFederationStats, trendStartOf } from './rollup';

type Figures = Map<string, number>;
const get = (f: Figures | undefined, metric: string) => f?.get(metric) ?? 0;
const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

/** Month keys ('2026-01') of the trend window ending with `now`'s month (Asia/Shanghai). */
export function trendMonths(now: Date): string[] {
  const start = new Date(trendStartOf(now).getTime() + 8 * 3600_000);
  return Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + i, 1));
    return d.toISOString().slice(0, 7);
  });
}

function childRow(u: { id: string; name: string; level: UnionLevel }, f: Figures | undefined): OverviewChild {
  return {
    ...u,
    activeMembers: get(f, 'members.active'),
    joinedThisYear: get(f, 'members.joinedYear'),
    pendingApplications: get(f, 'applications.pending'),
    claimsInReview: suppressCount(get(f, 'claims.inReview')),
    turnoutPct: pct(get(f, 'congress.checkedIn'), get(f, 'congress.delegates')),
    noShows: get(f, 'booking.noShow'),
  };
}

/**
 * The overview of one node from the rolled-up figures (rebuilt first when older than FRESH_SECONDS): three reads
 * by primary key / parent, whatever the size of the subtree. Claim figures pass small-group suppression.
 */
export async function overview(tx: Db, unionId: string, now: Date): Promise<OverviewOutput> {
  const refreshedAt = await refreshFederationStats(tx, now, { ifOlderThanSeconds: FRESH_SECONDS });
  const [node] = await rows<{ id: string; name: string; level: UnionLevel; parent_id: string | null }>(
    tx,
    sql`SELECT id, short_name AS name, level, parent_id FROM unions WHERE id = ${unionId}`,
  );
  if (!node) throw errors.notFound('工会');
  const stats = await rows<{ union_id: string; metric: string; value: string | number }>(
    tx,
    sql`SELECT s.union_id, s.metric, s.value FROM federation_stats s
        WHERE s.union_id = ${unionId} OR s.union_id IN (SELECT id FROM unions WHERE parent_id = ${unionId})`,
  );
  const byUnion = new Map<string, Figures>();
  for (const r of stats) {
    if (!byUnion.has(r.union_id)) byUnion.set(r.union_id, new Map());
    byUnion.get(r.union_id)!.set(r.metric, Number(r.value));
  }
  const f = byUnion.get(unionId);
  const children = await rows<{ id: string; name: string; level: UnionLevel }>(
    tx,
    sql`SELECT id, short_name AS name, level FROM unions WHERE parent_id = ${unionId} ORDER BY code`,
  );
  const monthly = await rows<{ month: string | Date; metric: string; value: string | number }>(
    tx,
    sql`SELECT to_char(month, 'YYYY-MM') AS month, metric, value FROM federation_monthly WHERE union_id = ${unionId}`,
  );
  const months = trendMonths(now);
  const series = (metric: string) =>
    months.map((m) => Number(monthly.find((r) => String(r.month) === m && r.metric === metric)?.value ?? 0));

  const pending = get(f, 'applications.pending');
  const claims = suppressBreakdown({
    inReview: get(f, 'claims.inReview'),
    approved: get(f, 'claims.approved'),
    paid: get(f, 'claims.paid'),
    rejected: get(f, 'claims.rejected'),
  });
  const granted = get(f, 'claims.approved') + get(f, 'claims.paid');
  const delegates = get(f, 'congress.delegates');
  return {
    union: { id: node.id, name: node.name, level: node.level, parentId: node.parent_id },
    refreshedAt: refreshedAt.toISOString(),
    unions: {
      total: get(f, 'unions.total'),
      byLevel: Object.fromEntries(unionLevels.map((l) => [l, get(f, `unions.${l}`)])) as Record<UnionLevel, number>,
      newThisYear: get(f, 'unions.newYear'),
    },
    members: {
      active: get(f, 'members.active'),
      joinedThisYear: get(f, 'members.joinedYear'),
      transfersIn: get(f, 'members.transfersIn'),
      transfersOut: get(f, 'members.transfersOut'),
      leftThisYear: get(f, 'members.leftYear'),
      pendingApplications: pending,
      // the wait grows with time: measured at the refresh, plus the time since
      averageWaitDays:
        pending > 0
          ? Math.round(
              (get(f, 'applications.waitSeconds') / pending / 86400 + (now.getTime() - refreshedAt.getTime()) / 86400_000) * 10,
            ) / 10
          : null,
      waitingOver7Days: get(f, 'applications.over7d'),
    },
    aid: {
      claims: claims.cells,
      claimsTotal: claims.total,
      approvedFen: suppressAmount(get(f, 'claims.approvedFen'), granted),
      paidFen: suppressAmount(get(f, 'claims.paidFen'), get(f, 'claims.paid')),
      enrolled: get(f, 'aid.enrolled'),
      contributionsFen: get(f, 'aid.contributionsFen'),
    },
    congress: {
      held: get(f, 'congress.held'),
      delegates,
      checkedIn: get(f, 'congress.checkedIn'),
      turnoutPct: pct(get(f, 'congress.checkedIn'), delegates),
      elections: get(f, 'congress.elections'),
    },
    booking: {
      slotsOffered: get(f, 'booking.slotsOffered'),
      booked: get(f, 'booking.booked'),
      attended: get(f, 'booking.attended'),
      noShows: get(f, 'booking.noShow'),
    },
    trend: {
      months,
      joined: series('members.joined'),
      claims: series('claims.submitted').map((n) => suppressCount(n)),
      bookings: series('booking.booked'),
    },
    children: children.map((c) => childRow(c, byUnion.get(c.id))),
  };
}
