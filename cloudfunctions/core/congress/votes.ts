import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { AppError } from '../errors';
import type { Access } from '../auth/access';
import type { ActionOutput } from '../action';
import {
  checkDifferential,
  inStrokeOrder,
  type Attendance,
  type CandidateView,
  type ElectionTally,
  type Tally,
  type VoteStatus,
  type VoteView,
} from '@shared/contracts/congress';
import { runningTally, type VoteForCount } from './ballot-box';
import { assertInSession, attendanceOf, iso, loadCongress, rolesIn, type Audit, type CongressRow } from './congresses';
import { announceVoteOpened } from './announce';

/**
 * The agenda items (表决事项: resolutions and elections) of a congress: their rows, the rules for opening one, the
 * one place a vote row becomes a `VoteView`, opening, the run-off and the live numbers. Casting is ballot-box.ts;
 * closing, publishing and the result pages are results.ts.
 */

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

export async function loadVote(tx: Db, voteId: string): Promise<{ vote: VoteRow; congress: CongressRow }> {
  const [vote] = await rows<VoteRow>(tx, sql`SELECT * FROM congress_votes WHERE id = ${voteId}`);
  if (!vote) throw new AppError('NOT_FOUND', '表决事项不存在');
  return { vote, congress: await loadCongress(tx, vote.congress_id) };
}

/** Scope helper: the union a vote belongs to (NOT_FOUND when missing). */
export async function unionOfVote(tx: Db, voteId: string): Promise<string> {
  const [r] = await rows<{ union_id: string }>(
    tx,
    sql`SELECT c.union_id FROM congress_votes v JOIN congresses c ON c.id = v.congress_id WHERE v.id = ${voteId}`,
  );
  if (!r) throw new AppError('NOT_FOUND', '表决事项不存在');
  return r.union_id;
}

/** Every vote of a congress in agenda order (position, then run-off round). */
function votesOf(tx: Db, congressId: string): Promise<VoteRow[]> {
  return rows<VoteRow>(tx, sql`SELECT * FROM congress_votes WHERE congress_id = ${congressId} ORDER BY position, round`);
}

/** Whether a run-off of this election was already created. */
export async function hasRunoff(tx: Db, voteId: string): Promise<boolean> {
  const [runoff] = await rows(tx, sql`SELECT 1 FROM congress_votes WHERE runoff_of = ${voteId}`);
  return Boolean(runoff);
}

export const forCount = (vote: VoteRow, congress: CongressRow): VoteForCount => ({
  id: vote.id,
  kind: vote.kind,
  seats: vote.seats,
  congressId: congress.id,
  thresholdBase: congress.threshold_base,
});

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

/** The agenda as the caller sees it: every vote with its candidates (姓氏笔画), whether the caller voted, and whether it can open. */
export async function agendaOf(tx: Db, congress: CongressRow, personId: string | null): Promise<VoteView[]> {
  const votes = await votesOf(tx, congress.id);
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

/** Opens a pending vote when the rules allow (congress in session, agenda order, quorum, 差额), or refuses with the reason. */
async function startVote(tx: Db, vote: VoteRow, congress: CongressRow, now: Date) {
  await assertInSession(tx, congress.id);
  const all = await votesOf(tx, congress.id);
  const [n] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM congress_candidates WHERE vote_id = ${vote.id}`);
  const reason = openBlockedReason(
    vote,
    all,
    await attendanceOf(tx, congress),
    Number(n.n),
    Number(congress.differential_ratio_pct),
  );
  if (reason) {
    const code =
      vote.status !== 'pending'
        ? 'VOTE_NOT_PENDING'
        : all.some((v) => v.status === 'open')
          ? 'ANOTHER_VOTE_OPEN'
          : reason.includes('议程顺序')
            ? 'OUT_OF_ORDER'
            : reason.includes('签到')
              ? 'NO_QUORUM'
              : 'DIFFERENTIAL_RULE';
    throw new AppError(code, reason);
  }
  // The partial unique index keeps a second vote from opening even if two chairs tap at once.
  const opened = await rows(
    tx,
    sql`UPDATE congress_votes SET status = 'open', opened_at = ${now.toISOString()} WHERE id = ${vote.id} AND status = 'pending' RETURNING id`,
  );
  if (opened.length === 0) throw new AppError('VOTE_NOT_PENDING', '该事项不是待开始状态');
  await announceVoteOpened(tx, congress, vote);
}

/** The chair opens a vote (audited with the attendance at that moment). */
export async function openVote(
  tx: Db,
  personId: string | null,
  voteId: string,
  now: Date,
  audit: Audit,
): Promise<ActionOutput<'congress.openVote'>> {
  const { vote, congress } = await loadVote(tx, voteId);
  await startVote(tx, vote, congress, now);
  const attendance = await attendanceOf(tx, congress);
  await audit({
    action: 'congress.openVote',
    unionId: congress.union_id,
    targetType: 'congress_vote',
    targetId: vote.id,
    detail: { title: vote.title, entitled: attendance.entitled, checkedIn: attendance.checkedIn },
  });
  return voteView(tx, congress, vote.id, personId);
}

/**
 * 另行选举: a new round of a closed election for the seats still empty, with the candidates the tally names;
 * opened at once when the rules allow, otherwise it waits as the next item.
 */
export async function createRunoff(
  tx: Db,
  personId: string | null,
  voteId: string,
  now: Date,
  audit: Audit,
): Promise<ActionOutput<'congress.createRunoff'>> {
  const { vote, congress } = await loadVote(tx, voteId);
  await assertInSession(tx, congress.id);
  if (vote.kind !== 'election' || (vote.status !== 'closed' && vote.status !== 'published')) {
    throw new AppError('NO_RUNOFF', '只有已结束的选举才能另行选举');
  }
  const tally = vote.result as ElectionTally;
  if (!tally?.runoff) throw new AppError('NO_RUNOFF', '本轮选举已选足名额，无需另行选举');
  if (await hasRunoff(tx, vote.id)) throw new AppError('RUNOFF_EXISTS', '已为本轮选举创建另行选举');
  const title = `${vote.title.replace(/（另行选举.*）$/, '')}（另行选举${vote.round > 0 ? ` 第${vote.round + 1}轮` : ''}）`;
  const [nv] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO congress_votes (congress_id, position, round, kind, title, description, seats, runoff_of)
        VALUES (${congress.id}, ${vote.position}, ${vote.round + 1}, 'election', ${title},
          ${tally.runoff.reason === 'tie' ? '得票相等者另行选举' : '对未当选的候选人另行选举'}, ${tally.runoff.seats}, ${vote.id})
        RETURNING id`,
  );
  for (const cand of tally.runoff.candidates) {
    if (cand.candidateId) {
      await tx.execute(
        sql`INSERT INTO congress_candidates (vote_id, person_id, name, photo_url, cv, sort_key)
            SELECT ${nv.id}, person_id, name, photo_url, cv, sort_key FROM congress_candidates WHERE id = ${cand.candidateId}`,
      );
    } else {
      await tx.execute(
        sql`INSERT INTO congress_candidates (vote_id, name, cv, sort_key) VALUES (${nv.id}, ${cand.name}, '另选他人', ${'zzz' + cand.name})`,
      );
    }
  }
  await audit({
    action: 'congress.createRunoff',
    unionId: congress.union_id,
    targetType: 'congress_vote',
    targetId: nv.id,
    detail: {
      of: vote.id,
      reason: tally.runoff.reason,
      seats: tally.runoff.seats,
      candidates: tally.runoff.candidates.map((c) => c.name),
    },
  });
  // One tap: open it at once when the rules allow; otherwise it waits as the next item.
  const { vote: created } = await loadVote(tx, nv.id);
  const all = await votesOf(tx, congress.id);
  if (
    !openBlockedReason(
      created,
      all,
      await attendanceOf(tx, congress),
      tally.runoff.candidates.length,
      Number(congress.differential_ratio_pct),
    )
  ) {
    await startVote(tx, created, congress, now);
    await audit({
      action: 'congress.openVote',
      unionId: congress.union_id,
      targetType: 'congress_vote',
      targetId: nv.id,
      detail: { title },
    });
  }
  return voteView(tx, congress, nv.id, personId);
}

/** The live numbers of a vote: attendance, how many voted, and the tally for those who may see it — never who voted. */
export async function liveView(tx: Db, access: Access, voteId: string): Promise<ActionOutput<'congress.live'>> {
  const { vote, congress } = await loadVote(tx, voteId);
  const r = await rolesIn(tx, access, congress);
  const [t] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM congress_turnout WHERE vote_id = ${vote.id}`);
  let tally: Tally | null = null;
  if (vote.status === 'open') {
    if (r.isChair || r.isScrutineer || (r.isDelegate && congress.delegates_see_live_count))
      tally = await runningTally(tx, forCount(vote, congress));
  } else if (vote.status === 'published' || (vote.status === 'closed' && (r.isChair || r.isScrutineer))) {
    tally = vote.result as Tally;
  }
  // Numbers only, never names: a list of who has voted next to a running count would reveal votes.
  return { voteId: vote.id, status: vote.status, attendance: await attendanceOf(tx, congress), voted: Number(t.n), tally };
}
