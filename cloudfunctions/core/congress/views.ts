import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { AppError } from '../errors';
import type { Access } from '../auth/access';
import {
  checkDifferential,
  inStrokeOrder,
  quorumMet,
  quorumNeeded,
  type Attendance,
  type CandidateView,
  type CongressSettings,
  type ScrutineerRole,
  type VoteStatus,
  type VoteView,
} from '../../../src/contracts/congress';
import { attendanceCounts, type VoteForCount } from './ballot-box';

export interface CongressRow {
  id: string;
  union_id: string;
  title: string;
  starts_at: Date | string;
  place: string | null;
  online: boolean;
  stream_url: string | null;
  documents: { title: string; url: string | null; body: string }[];
  quorum_num: number;
  quorum_den: number;
  threshold_base: 'entitled' | 'present';
  differential_ratio_pct: string | number;
  delegates_see_live_count: boolean;
  status: 'checkin' | 'ended';
  ended_at: Date | string | null;
}

export interface VoteRow {
  id: string;
  congress_id: string;
  position: number;
  round: number;
  kind: 'resolution' | 'election';
  title: string;
  description: string;
  seats: number | null;
  runoff_of: string | null;
  status: VoteStatus;
  opened_at: Date | string | null;
  closed_at: Date | string | null;
  published_at: Date | string | null;
  result: unknown;
}

export const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export function settingsOf(c: CongressRow): CongressSettings {
  return {
    quorumNum: Number(c.quorum_num),
    quorumDen: Number(c.quorum_den),
    thresholdBase: c.threshold_base,
    differentialRatioPct: Number(c.differential_ratio_pct),
    delegatesSeeLiveCount: c.delegates_see_live_count,
  };
}

export async function loadCongress(tx: Db, congressId: string): Promise<CongressRow> {
  const [c] = await rows<CongressRow>(tx, sql`SELECT * FROM congresses WHERE id = ${congressId}`);
  if (!c) throw new AppError('NOT_FOUND', '职代会不存在');
  return c;
}

export async function loadVote(tx: Db, voteId: string): Promise<{ vote: VoteRow; congress: CongressRow }> {
  const [vote] = await rows<VoteRow>(tx, sql`SELECT * FROM congress_votes WHERE id = ${voteId}`);
  if (!vote) throw new AppError('NOT_FOUND', '表决事项不存在');
  return { vote, congress: await loadCongress(tx, vote.congress_id) };
}

/** Scope helpers: the union a congress or a vote belongs to (NOT_FOUND when missing). */
export async function unionOfCongress(tx: Db, congressId: string): Promise<string> {
  return (await loadCongress(tx, congressId)).union_id;
}
export async function unionOfVote(tx: Db, voteId: string): Promise<string> {
  const [r] = await rows<{ union_id: string }>(
    tx,
    sql`SELECT c.union_id FROM congress_votes v JOIN congresses c ON c.id = v.congress_id WHERE v.id = ${voteId}`,
  );
  if (!r) throw new AppError('NOT_FOUND', '表决事项不存在');
  return r.union_id;
}

export const forCount = (vote: VoteRow, congress: CongressRow): VoteForCount => ({
  id: vote.id,
  kind: vote.kind,
  seats: vote.seats,
  congressId: congress.id,
  thresholdBase: congress.threshold_base,
});

export async function attendanceOf(tx: Db, congress: CongressRow): Promise<Attendance> {
  const { entitled, present } = await attendanceCounts(tx, congress.id);
  const s = settingsOf(congress);
  return { entitled, checkedIn: present, quorumNeeded: quorumNeeded(entitled, s), quorumMet: quorumMet(present, entitled, s) };
}

export interface Roles {
  isChair: boolean;
  isScrutineer: boolean;
  isDelegate: boolean;
  checkedIn: boolean;
}

export async function rolesIn(tx: Db, access: Access, congress: CongressRow): Promise<Roles> {
  const personId = access.personId ?? '00000000-0000-0000-0000-000000000000';
  const [u] = await rows<{ path: string }>(tx, sql`SELECT path FROM unions WHERE id = ${congress.union_id}`);
  const [s] = await rows(
    tx,
    sql`SELECT 1 FROM congress_scrutineers WHERE congress_id = ${congress.id} AND person_id = ${personId}`,
  );
  const [d] = await rows<{ checked_in: boolean }>(
    tx,
    sql`SELECT checked_in_at IS NOT NULL AS checked_in FROM congress_delegates WHERE congress_id = ${congress.id} AND person_id = ${personId}`,
  );
  return {
    isChair: access.can(['chair', 'vice_chair'], { id: congress.union_id, path: u.path }),
    isScrutineer: Boolean(s),
    isDelegate: Boolean(d),
    checkedIn: Boolean(d?.checked_in),
  };
}

/** Why the chair cannot open this vote now (null = it can be opened). */
export function openBlockedReason(
  vote: VoteRow,
  all: VoteRow[],
  attendance: Attendance,
  candidates: number,
  ratioPct: number,
): string | null {
  if (vote.status !== 'pending') return '该事项不是待开始状态';
  if (all.some((v) => v.status === 'open')) return '另一事项正在投票，请先结束';
  const earlier = all.find(
    (v) =>
      v.id !== vote.id &&
      v.status === 'pending' &&
      (v.position < vote.position || (v.position === vote.position && v.round < vote.round)),
  );
  if (earlier) return `请按议程顺序进行，先完成「${earlier.title}」`;
  if (!attendance.quorumMet)
    return `签到人数 ${attendance.checkedIn} 人，未超过应到人数的法定比例（至少需 ${attendance.quorumNeeded} 人）`;
  if (vote.kind === 'election') {
    const d = checkDifferential(candidates, vote.seats ?? 0, ratioPct);
    if (!d.ok) return d.message;
  }
  return null;
}

export async function agendaOf(tx: Db, congress: CongressRow, personId: string | null): Promise<VoteView[]> {
  const votes = await rows<VoteRow>(
    tx,
    sql`SELECT * FROM congress_votes WHERE congress_id = ${congress.id} ORDER BY position, round`,
  );
  const cands = await rows<{ id: string; vote_id: string; name: string; photo_url: string | null; cv: string; sort_key: string }>(
    tx,
    sql`SELECT c.id, c.vote_id, c.name, c.photo_url, c.cv, c.sort_key FROM congress_candidates c
        JOIN congress_votes v ON v.id = c.vote_id WHERE v.congress_id = ${congress.id} ORDER BY c.sort_key, c.name`,
  );
  const voted = personId
    ? new Set(
        (
          await rows<{ vote_id: string }>(
            tx,
            sql`SELECT t.vote_id FROM congress_turnout t JOIN congress_votes v ON v.id = t.vote_id
                WHERE v.congress_id = ${congress.id} AND t.delegate_id = ${personId}`,
          )
        ).map((r) => r.vote_id),
      )
    : new Set<string>();
  const attendance = await attendanceOf(tx, congress);
  const ratio = Number(congress.differential_ratio_pct);
  return votes.map((v) => {
    const candidates: CandidateView[] = inStrokeOrder(
      cands
        .filter((c) => c.vote_id === v.id)
        .map((c) => ({ id: c.id, name: c.name, photoUrl: c.photo_url, cv: c.cv, sortKey: c.sort_key })),
    );
    const reason =
      congress.status === 'ended' ? '本次职代会已闭幕' : openBlockedReason(v, votes, attendance, candidates.length, ratio);
    return {
      id: v.id,
      position: v.position,
      round: v.round,
      kind: v.kind,
      title: v.title,
      description: v.description,
      status: v.status,
      seats: v.seats,
      candidates,
      runoffOf: v.runoff_of,
      differential: v.kind === 'election' ? checkDifferential(candidates.length, v.seats ?? 0, ratio) : null,
      voted: voted.has(v.id),
      canOpen: reason === null,
      openBlockedReason: reason,
      openedAt: iso(v.opened_at),
      closedAt: iso(v.closed_at),
      publishedAt: iso(v.published_at),
    };
  });
}

export async function voteView(tx: Db, congress: CongressRow, voteId: string, personId: string | null): Promise<VoteView> {
  const v = (await agendaOf(tx, congress, personId)).find((x) => x.id === voteId);
  if (!v) throw new AppError('NOT_FOUND', '表决事项不存在');
  return v;
}

export async function scrutineersOf(
  tx: Db,
  congressId: string,
): Promise<{ personId: string; name: string; role: ScrutineerRole }[]> {
  return rows<{ personId: string; name: string; role: ScrutineerRole }>(
    tx,
    sql`SELECT s.person_id AS "personId", p.name, s.role FROM congress_scrutineers s JOIN people p ON p.id = s.person_id
        WHERE s.congress_id = ${congressId} ORDER BY s.role DESC, p.name`,
  );
}
