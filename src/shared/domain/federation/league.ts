import type { OverviewChild } from '../../contracts/federation';

/**
 * League tables of the unions below a node (排行): one metric at a time, best first, ties sharing a rank. A hidden
 * claim count (fewer than 5, shown as <5) ranks below every shown count of 5 or more and above 0; a union without a
 * congress this year ranks after every turnout. For the 数据驾驶舱 and the 运营大屏 alike.
 */
export const leagueMetrics = [
  'activeMembers',
  'joinedThisYear',
  'pendingApplications',
  'claimsInReview',
  'turnoutPct',
  'noShows',
] as const;
export type LeagueMetric = (typeof leagueMetrics)[number];

export const leagueMetricNames: Record<LeagueMetric, string> = {
  activeMembers: '会员',
  joinedThisYear: '本年入会',
  pendingApplications: '待审申请',
  claimsInReview: '互助审核',
  turnoutPct: '出席率',
  noShows: '爽约',
};

export interface LeagueRow {
  child: OverviewChild;
  rank: number;
  /** The metric as shown: a number, '<5' (hidden), '-' (none) or a percent. */
  shown: string;
}

/** Sort key: larger ranks higher. */
function keyOf(c: OverviewChild, metric: LeagueMetric): number {
  const v = c[metric];
  if (v === null) return metric === 'claimsInReview' ? 4.5 : -1; // '<5' between 0 and 5; no turnout last
  return v;
}

function shownOf(c: OverviewChild, metric: LeagueMetric): string {
  const v = c[metric];
  if (v === null) return metric === 'claimsInReview' ? '<5' : '-';
  return metric === 'turnoutPct' ? `${v}%` : String(v);
}

export function leagueOf(children: readonly OverviewChild[], metric: LeagueMetric): LeagueRow[] {
  const sorted = [...children].sort((a, b) => keyOf(b, metric) - keyOf(a, metric) || a.name.localeCompare(b.name, 'zh-CN'));
  let rank = 0;
  return sorted.map((child, i) => {
    if (i === 0 || keyOf(sorted[i - 1], metric) !== keyOf(child, metric)) rank = i + 1;
    return { child, rank, shown: shownOf(child, metric) };
  });
}
