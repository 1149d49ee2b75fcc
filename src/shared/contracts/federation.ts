import { z } from 'zod';
import { contract } from './contract';
import { id, paging } from './common';
import type { MembershipStatus } from './membership';
import type { OfficerRole, UnionLevel } from './unions';

/** A count that small-group suppression may hide (null = 少于 5，不予显示); see @shared/domain/federation/suppression. */
export type Suppressed = number | null;

/** One union directly below the node, as a row of the league tables. */
export interface OverviewChild {
  id: string;
  name: string;
  level: UnionLevel;
  activeMembers: number;
  joinedThisYear: number;
  pendingApplications: number;
  claimsInReview: Suppressed;
  /** Delegates checked in / entitled this year, percent; null when no congress was held. */
  turnoutPct: number | null;
  noShows: number;
}

/** The figures of a union node's whole subtree (the node included), as of `refreshedAt`. */
export interface OverviewOutput {
  union: { id: string; name: string; level: UnionLevel; parentId: string | null };
  /** When the figures were rebuilt (数据截至); they are at most FRESH_SECONDS old when read. */
  refreshedAt: string;
  unions: { total: number; byLevel: Record<UnionLevel, number>; newThisYear: number };
  members: {
    active: number;
    joinedThisYear: number;
    transfersIn: number;
    transfersOut: number;
    leftThisYear: number;
    pendingApplications: number;
    /** Average days the pending applications have waited so far; null when none wait. */
    averageWaitDays: number | null;
    waitingOver7Days: number;
  };
  aid: {
    claims: { inReview: Suppressed; approved: Suppressed; paid: Suppressed; rejected: Suppressed };
    claimsTotal: Suppressed;
    approvedFen: Suppressed;
    paidFen: Suppressed;
    enrolled: number;
    /** This year's contributions collected (the plans' budget the payouts are measured against). */
    contributionsFen: number;
  };
  congress: { held: number; delegates: number; checkedIn: number; turnoutPct: number | null; elections: number };
  booking: { slotsOffered: number; booked: number; attended: number; noShows: number };
  /** Twelve months up to this one ('2026-01'); claims suppressed per month like every claim figure. */
  trend: { months: string[]; joined: number[]; claims: Suppressed[]; bookings: number[] };
  children: OverviewChild[];
}

export interface DirectoryMember {
  memberId: string;
  name: string;
  memberNo: string;
  status: MembershipStatus;
  joinedAt: string | null;
  department: string | null;
  /** Masked: 尾号 1234 (the full number is never stored). */
  phone: string | null;
}

export interface MemberHistoryEvent {
  at: string;
  kind: 'applied' | 'joined' | 'transferredIn' | 'transferredOut' | 'left' | 'rejected';
  unionName: string;
}

export interface MemberDetailOutput {
  member: DirectoryMember & { unionId: string; unionName: string; idNumber: string | null };
  history: MemberHistoryEvent[];
  /** Count only: no diagnosis, hospital or amount leaves the aid area here. */
  claimsCount: number;
  officerRoles: OfficerRole[];
}

export const directoryStatuses = ['active', 'pending', 'left', 'transferred'] as const;
const directoryFilter = z.object({
  unionId: id,
  q: z.string().trim().max(40, '搜索词不能超过 40 个字').optional(),
  status: z.enum(directoryStatuses).optional(),
});

export const federationContracts = {
  /** 数据驾驶舱: the figures of a node's subtree and its children (federation admins above it, its own officers). */
  'unions.overview': contract<OverviewOutput>()(z.object({ unionId: id }).strict()),
  /** The same figures and the league table of the children as .xlsx (hosted by the membership function, with exceljs). */
  'membership.exportOverview': contract<{ fileName: string; contentBase64: string }>()(z.object({ unionId: id }).strict()),
  /** 会员花名册: members of one union, searched by name / member no. / department, filtered by status. */
  'unions.memberDirectory': contract<{ members: DirectoryMember[]; total: number }>()(directoryFilter.merge(paging).strict()),
  /** The directory (same search and filter) as .xlsx, masked; audited. */
  'membership.exportMembers': contract<{ fileName: string; contentBase64: string; rows: number }>()(directoryFilter.strict()),
  /** One membership: its history (joined, transfers), claim count and officer roles. */
  'unions.memberDetail': contract<MemberDetailOutput>()(z.object({ memberId: id }).strict()),
};
