import type { OverviewChild } from '@shared/contracts/federation';
import { leagueOf } from '@shared/domain/federation/league';

/** League tables: best first, ties share a rank, hidden claim counts and missing turnouts placed as documented. */
const child = (name: string, over: Partial<OverviewChild>): OverviewChild => ({
  id: name,
  name,
  level: 'grassroots',
  activeMembers: 0,
  joinedThisYear: 0,
  pendingApplications: 0,
  claimsInReview: 0,
  turnoutPct: null,
  noShows: 0,
  ...over,
});

const unions = [
  child('甲', { activeMembers: 120, pendingApplications: 3, claimsInReview: null, turnoutPct: 92 }),
  child('乙', { activeMembers: 300, pendingApplications: 9, claimsInReview: 0, turnoutPct: null }),
  child('丙', { activeMembers: 120, pendingApplications: 0, claimsInReview: 7, turnoutPct: 75 }),
  child('丁', { activeMembers: 45, pendingApplications: 9, claimsInReview: null, turnoutPct: 100 }),
];
const table = (metric: Parameters<typeof leagueOf>[1]) =>
  leagueOf(unions, metric).map((r) => `${r.rank} ${r.child.name} ${r.shown}`);

test('members: largest first, ties share the rank and the next rank skips', () => {
  expect(table('activeMembers')).toEqual(['1 乙 300', '2 丙 120', '2 甲 120', '4 丁 45']);
});

test('approval backlog: the longest queue first', () => {
  expect(table('pendingApplications')).toEqual(['1 丁 9', '1 乙 9', '3 甲 3', '4 丙 0']);
});

test('claims in review: a hidden count (<5) ranks below 7 and above 0, and stays hidden', () => {
  expect(table('claimsInReview')).toEqual(['1 丙 7', '2 丁 <5', '2 甲 <5', '4 乙 0']);
});

test('turnout: percent, and a union without a congress this year comes last as -', () => {
  expect(table('turnoutPct')).toEqual(['1 丁 100%', '2 甲 92%', '3 丙 75%', '4 乙 -']);
});
