import { sql } from 'drizzle-orm';
import { defineAction, type ActionDef } from '../action';
import { rows, type Db } from '../db/client';
import { AppError } from '../errors';
import type { Access } from '../auth/access';
import { personIdOf } from '../auth/caller';
import type {
  BallotChoices,
  PublishedReceipt,
  ElectionTally,
  ResolutionTally,
  ResultView,
  Tally,
} from '../../../src/contracts/congress';
import { defaultCongressSettings } from '../../../src/contracts/congress-rules';
import { ballotForm, castBallot, closeAndCount, runningTally } from './ballot-box';
import { announceResult } from './announce';
import {
  agendaOf,
  attendanceOf,
  forCount,
  iso,
  loadCongress,
  loadVote,
  openBlockedReason,
  rolesIn,
  scrutineersOf,
  settingsOf,
  unionOfCongress,
  unionOfVote,
  voteView,
  type CongressRow,
  type VoteRow,
} from './views';

const READERS = ['member', 'chair', 'vice_chair', 'federation_admin'] as const;
const CHAIRS = ['chair', 'vice_chair'] as const;

export const INTEGRITY_NOTE =
  '本系统为每位已签到代表在每项表决中发出一张电子选票；“谁已投票”由数据库唯一约束保证每人每项只能投一次，且与选票在同一事务中写入，' +
  '因此收回选票数不可能多于发出选票数。选票与投票人分开存放，无任何关联字段。';

async function resultView(tx: Db, vote: VoteRow, congress: CongressRow, access: Access): Promise<ResultView> {
  const [u] = await rows<{ name: string }>(tx, sql`SELECT name FROM unions WHERE id = ${congress.union_id}`);
  const tally = vote.result as Tally | null;
  const [runoff] = await rows(tx, sql`SELECT 1 FROM congress_votes WHERE runoff_of = ${vote.id}`);
  const { isChair } = await rolesIn(tx, access, congress);
  return {
    vote: await voteView(tx, congress, vote.id, access.personId),
    congressId: congress.id,
    congressTitle: congress.title,
    canCreateRunoff: isChair && congress.status !== 'ended' && tally?.kind === 'election' && tally.runoff !== null && !runoff,
    unionName: u.name,
    tally: vote.result as ElectionTally | ResolutionTally,
    integrityNote: INTEGRITY_NOTE,
    scrutineers: (await scrutineersOf(tx, congress.id)).map(({ name, role }) => ({ name, role })),
  };
}

/** After the close: chair and scrutineers (and, for receipts, delegates); after publishing: every member. */
async function requireResultAccess(tx: Db, access: Access, vote: VoteRow, congress: CongressRow, delegatesToo: boolean) {
  if (vote.status === 'pending' || vote.status === 'open') throw new AppError('VOTE_NOT_CLOSED', '投票结束后才能查看结果');
  if (vote.status === 'published') return;
  const r = await rolesIn(tx, access, congress);
  if (r.isChair || r.isScrutineer || (delegatesToo && r.isDelegate)) return;
  throw new AppError('NOT_PUBLISHED', '结果尚未公布');
}

/**
 * Nothing opens or is created after 闭幕. The share lock on the congress row orders this against a concurrent
 * `congress.end` (which takes the row for update): whichever commits first, the other sees it.
 */
async function assertInSession(tx: Db, congressId: string) {
  const [c] = await rows<{ status: string }>(tx, sql`SELECT status FROM congresses WHERE id = ${congressId} FOR SHARE`);
  if (c?.status === 'ended') throw new AppError('CONGRESS_ENDED', '本次职代会已闭幕');
}

async function openVote(tx: Db, vote: VoteRow, congress: CongressRow, now: Date) {
  await assertInSession(tx, congress.id);
  const all = await rows<VoteRow>(
    tx,
    sql`SELECT * FROM congress_votes WHERE congress_id = ${congress.id} ORDER BY position, round`,
  );
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
}

const DAY_MS = 86_400_000;

/** The one place a receipt row becomes what the list shows: code and fingerprint, never choices. */
const publishedReceipt = (r: { receipt_code: string; fingerprint: string | null }): PublishedReceipt => ({
  receiptCode: r.receipt_code,
  fingerprint: r.fingerprint,
});

export const congressActions: ActionDef[] = [
  defineAction('congress.list', {
    readOnly: true,
    allow: READERS,
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input, caller }) {
      const list = await rows<{
        id: string;
        title: string;
        starts_at: Date | string;
        place: string | null;
        online: boolean;
        status: 'checkin' | 'ended';
        ended_at: Date | string | null;
        delegates: number;
        checked_in: number;
        is_delegate: boolean;
      }>(
        tx,
        sql`SELECT c.id, c.title, c.starts_at, c.place, c.online, c.status, c.ended_at,
                   (SELECT count(*)::int FROM congress_delegates d WHERE d.congress_id = c.id) AS delegates,
                   (SELECT count(checked_in_at)::int FROM congress_delegates d WHERE d.congress_id = c.id) AS checked_in,
                   EXISTS (SELECT 1 FROM congress_delegates d WHERE d.congress_id = c.id AND d.person_id = ${caller.personId}) AS is_delegate
            FROM congresses c WHERE c.union_id = ${input.unionId} ORDER BY c.starts_at DESC`,
      );
      return {
        congresses: list.map((c) => ({
          id: c.id,
          title: c.title,
          startsAt: iso(c.starts_at)!,
          place: c.place,
          online: c.online,
          status: c.status,
          endedAt: iso(c.ended_at),
          delegates: Number(c.delegates),
          checkedIn: Number(c.checked_in),
          isDelegate: c.is_delegate,
        })),
      };
    },
  }),

  defineAction('congress.memberChoices', {
    readOnly: true,
    allow: CHAIRS,
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input }) {
      const members = await rows<{ personId: string; name: string; memberNo: string }>(
        tx,
        sql`SELECT m.person_id AS "personId", p.name, m.member_no AS "memberNo" FROM members m JOIN people p ON p.id = m.person_id
            WHERE m.union_id = ${input.unionId} AND m.status = 'active' ORDER BY m.member_no`,
      );
      return { members };
    },
  }),

  defineAction('congress.create', {
    allow: CHAIRS,
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input, caller, audit, now }) {
      const starts = Date.parse(input.startsAt);
      // a congress is recorded up to a year after it met and planned up to two years ahead — never 9999
      if (starts < now.getTime() - 366 * DAY_MS || starts > now.getTime() + 2 * 366 * DAY_MS)
        throw new AppError('INVALID_INPUT', '开始时间：应在一年前至两年后之间', { startsAt: '开始时间：应在一年前至两年后之间' });
      const settings = { ...defaultCongressSettings, ...input.settings };
      if (settings.quorumNum >= settings.quorumDen)
        throw new AppError('INVALID_INPUT', '法定人数比例应小于 1', { settings: '法定人数比例应小于 1' });
      const delegates = [...new Set(input.delegates)];
      const scrutineerIds = input.scrutineers.map((s) => s.personId);
      if (new Set(scrutineerIds).size !== scrutineerIds.length)
        throw new AppError('INVALID_INPUT', '监票人、计票人不能重复', { scrutineers: '不能重复' });
      // Delegates and scrutineers are chosen from the union's active members.
      const wanted = [...new Set([...delegates, ...scrutineerIds])];
      const found = await rows<{ person_id: string }>(
        tx,
        sql`SELECT person_id FROM members WHERE union_id = ${input.unionId} AND status = 'active'
            AND person_id IN (${sql.join(
              wanted.map((p) => sql`${p}`),
              sql`, `,
            )})`,
      );
      const active = new Set(found.map((r) => r.person_id));
      if (delegates.some((p) => !active.has(p)))
        throw new AppError('NOT_MEMBER', '职工代表须从本工会在册会员中产生', { delegates: '含有非本工会会员' });
      if (scrutineerIds.some((p) => !active.has(p)))
        throw new AppError('NOT_MEMBER', '监票人、计票人须是本工会会员', { scrutineers: '含有非本工会会员' });
      const candidatePeople = new Set(
        input.agenda.flatMap((a) => (a.kind === 'election' ? a.candidates.map((c) => c.personId).filter(Boolean) : [])),
      );
      if (scrutineerIds.some((p) => candidatePeople.has(p)))
        throw new AppError('SCRUTINEER_IS_CANDIDATE', '监票人、计票人须从非候选人中产生', { scrutineers: '不能是候选人' });
      for (const a of input.agenda) {
        if (a.kind !== 'election') continue;
        const names = a.candidates.map((c) => c.name);
        if (new Set(names).size !== names.length)
          throw new AppError('INVALID_INPUT', `「${a.title}」候选人姓名重复`, { candidates: '姓名重复' });
      }

      const [c] = await rows<{ id: string }>(
        tx,
        sql`INSERT INTO congresses (union_id, title, starts_at, place, online, stream_url, documents, quorum_num, quorum_den,
              threshold_base, differential_ratio_pct, delegates_see_live_count, created_by)
            VALUES (${input.unionId}, ${input.title}, ${input.startsAt}, ${input.place}, ${input.online}, ${input.streamUrl},
              ${JSON.stringify(input.documents)}::jsonb, ${settings.quorumNum}, ${settings.quorumDen}, ${settings.thresholdBase},
              ${settings.differentialRatioPct}, ${settings.delegatesSeeLiveCount}, ${caller.personId})
            RETURNING id`,
      );
      await tx.execute(
        sql`INSERT INTO congress_delegates (congress_id, person_id) SELECT ${c.id}::uuid, unnest(${`{${delegates.join(',')}}`}::uuid[])`,
      );
      for (const s of input.scrutineers) {
        await tx.execute(
          sql`INSERT INTO congress_scrutineers (congress_id, person_id, role) VALUES (${c.id}, ${s.personId}, ${s.role})`,
        );
      }
      let position = 0;
      for (const a of input.agenda) {
        position++;
        const [v] = await rows<{ id: string }>(
          tx,
          sql`INSERT INTO congress_votes (congress_id, position, kind, title, description, seats)
              VALUES (${c.id}, ${position}, ${a.kind}, ${a.title}, ${a.description}, ${a.kind === 'election' ? a.seats : null}) RETURNING id`,
        );
        if (a.kind === 'election') {
          let i = 0;
          for (const cand of a.candidates) {
            i++;
            await tx.execute(
              sql`INSERT INTO congress_candidates (vote_id, person_id, name, photo_url, cv, sort_key)
                  VALUES (${v.id}, ${cand.personId ?? null}, ${cand.name}, ${cand.photoUrl ?? null}, ${cand.cv}, ${String(i).padStart(3, '0')})`,
            );
          }
        }
      }
      await audit({
        action: 'congress.create',
        unionId: input.unionId,
        targetType: 'congress',
        targetId: c.id,
        detail: { title: input.title, delegates: delegates.length, agenda: input.agenda.length, settings },
      });
      return { congressId: c.id };
    },
  }),

  defineAction('congress.get', {
    readOnly: true,
    allow: READERS,
    scope: (tx, input) => unionOfCongress(tx, input.congressId),
    async handler({ tx, input, access }) {
      const c = await loadCongress(tx, input.congressId);
      const r = await rolesIn(tx, access, c);
      const [u] = await rows<{ short_name: string }>(tx, sql`SELECT short_name FROM unions WHERE id = ${c.union_id}`);
      return {
        id: c.id,
        unionId: c.union_id,
        unionName: u.short_name,
        title: c.title,
        startsAt: iso(c.starts_at)!,
        place: c.place,
        online: c.online,
        streamUrl: c.stream_url,
        status: c.status,
        endedAt: iso(c.ended_at),
        documents: c.documents,
        settings: settingsOf(c),
        attendance: await attendanceOf(tx, c),
        scrutineers: await scrutineersOf(tx, c.id),
        agenda: await agendaOf(tx, c, access.personId),
        me: { isDelegate: r.isDelegate, checkedIn: r.checkedIn, isScrutineer: r.isScrutineer, isChair: r.isChair },
      };
    },
  }),

  defineAction('congress.delegates', {
    readOnly: true,
    allow: READERS,
    scope: (tx, input) => unionOfCongress(tx, input.congressId),
    async handler({ tx, input }) {
      const list = await rows<{ personId: string; name: string; checkedIn: boolean }>(
        tx,
        sql`SELECT d.person_id AS "personId", p.name, d.checked_in_at IS NOT NULL AS "checkedIn"
            FROM congress_delegates d JOIN people p ON p.id = d.person_id WHERE d.congress_id = ${input.congressId} ORDER BY p.name`,
      );
      return { delegates: list };
    },
  }),

  defineAction('congress.checkIn', {
    allow: ['member'],
    scope: (tx, input) => unionOfCongress(tx, input.congressId),
    async handler({ tx, input, caller, now, audit }) {
      const c = await loadCongress(tx, input.congressId);
      if (c.status === 'ended') throw new AppError('CONGRESS_ENDED', '本次职代会已结束');
      const [d] = await rows<{ checked_in_at: unknown }>(
        tx,
        sql`SELECT checked_in_at FROM congress_delegates WHERE congress_id = ${c.id} AND person_id = ${caller.personId}`,
      );
      if (!d) throw new AppError('NOT_DELEGATE', '您不是本次职代会的代表');
      const updated = await rows(
        tx,
        sql`UPDATE congress_delegates SET checked_in_at = ${now.toISOString()} WHERE congress_id = ${c.id} AND person_id = ${caller.personId} AND checked_in_at IS NULL RETURNING 1 AS ok`,
      );
      if (updated.length > 0)
        await audit({ action: 'congress.checkIn', unionId: c.union_id, targetType: 'congress', targetId: c.id });
      return { attendance: await attendanceOf(tx, c) };
    },
  }),

  defineAction('congress.openVote', {
    allow: CHAIRS,
    scope: (tx, input) => unionOfVote(tx, input.voteId),
    async handler({ tx, input, caller, now, audit }) {
      const { vote, congress } = await loadVote(tx, input.voteId);
      await openVote(tx, vote, congress, now);
      const attendance = await attendanceOf(tx, congress);
      await audit({
        action: 'congress.openVote',
        unionId: congress.union_id,
        targetType: 'congress_vote',
        targetId: vote.id,
        detail: { title: vote.title, entitled: attendance.entitled, checkedIn: attendance.checkedIn },
      });
      return voteView(tx, congress, vote.id, caller.personId);
    },
  }),

  defineAction('congress.castBallot', {
    allow: ['member'],
    // the vote's union from the per-process form of the vote (fixed once it is open): no round trip
    scope: async (tx, input) => (await ballotForm(tx, input.voteId)).unionId,
    // one statement writes turnout and box together (migration 0651): no transaction around it
    transaction: false,
    // Deliberately not audited per ballot: an audit row with voter and time would be a linkage channel.
    async handler({ tx, input, caller }) {
      const out = await castBallot(tx, personIdOf(caller.personId), {
        voteId: input.voteId,
        choices: input.choices as BallotChoices,
        confirmInvalid: input.confirmInvalid,
      });
      return {
        voteId: input.voteId,
        receiptCode: out.receiptCode,
        fingerprint: out.fingerprint,
        valid: out.valid,
        choices: out.choices,
      };
    },
  }),

  defineAction('congress.closeVote', {
    allow: CHAIRS,
    scope: (tx, input) => unionOfVote(tx, input.voteId),
    async handler({ tx, input, access, now, audit }) {
      const { vote, congress } = await loadVote(tx, input.voteId);
      if (vote.status !== 'open') throw new AppError('VOTE_NOT_OPEN', '该事项不在投票中');
      const { tally, turnout } = await closeAndCount(tx, forCount(vote, congress), now);
      await audit({
        action: 'congress.closeVote',
        unionId: congress.union_id,
        targetType: 'congress_vote',
        targetId: vote.id,
        detail: {
          title: vote.title,
          turnout,
          issued: tally.issued,
          returned: tally.returned,
          valid: tally.valid,
          invalid: tally.invalid,
          void: tally.void,
        },
      });
      const { vote: closed } = await loadVote(tx, vote.id);
      return resultView(tx, closed, congress, access);
    },
  }),

  defineAction('congress.publish', {
    allow: CHAIRS,
    scope: (tx, input) => unionOfVote(tx, input.voteId),
    async handler({ tx, input, access, now, audit }) {
      const { vote, congress } = await loadVote(tx, input.voteId);
      const done = await rows(
        tx,
        sql`UPDATE congress_votes SET status = 'published', published_at = ${now.toISOString()} WHERE id = ${vote.id} AND status = 'closed' RETURNING id`,
      );
      if (done.length === 0) {
        throw vote.status === 'published'
          ? new AppError('ALREADY_PUBLISHED', '结果已公布')
          : new AppError('VOTE_NOT_CLOSED', '投票结束后才能公布结果');
      }
      const tally = vote.result as Tally;
      const notified = await announceResult(tx, congress, vote, tally);
      await audit({
        action: 'congress.publish',
        unionId: congress.union_id,
        targetType: 'congress_vote',
        targetId: vote.id,
        detail: {
          title: vote.title,
          valid: tally.valid,
          invalid: tally.invalid,
          outcome: tally.kind === 'election' ? tally.elected.map((e) => e.name) : tally.passed ? 'passed' : 'rejected',
          notified,
        },
      });
      const { vote: published } = await loadVote(tx, vote.id);
      return resultView(tx, published, congress, access);
    },
  }),

  defineAction('congress.end', {
    allow: CHAIRS,
    scope: (tx, input) => unionOfCongress(tx, input.congressId),
    async handler({ tx, input, now, audit }) {
      // Row lock first, then look at the votes in a later statement: an open committed meanwhile is seen.
      const [c] = await rows<CongressRow>(tx, sql`SELECT * FROM congresses WHERE id = ${input.congressId} FOR UPDATE`);
      if (c.status === 'ended') throw new AppError('CONGRESS_ENDED', '本次职代会已闭幕');
      const votes = await rows<{ status: VoteRow['status']; title: string }>(
        tx,
        sql`SELECT status, title FROM congress_votes WHERE congress_id = ${c.id} ORDER BY position, round`,
      );
      const open = votes.find((v) => v.status === 'open');
      if (open) throw new AppError('VOTE_OPEN', `「${open.title}」正在投票，请先结束投票再闭幕`);
      await tx.execute(sql`UPDATE congresses SET status = 'ended', ended_at = ${now.toISOString()} WHERE id = ${c.id}`);
      const count = (st: VoteRow['status']) => votes.filter((v) => v.status === st).length;
      await audit({
        action: 'congress.end',
        unionId: c.union_id,
        targetType: 'congress',
        targetId: c.id,
        detail: { title: c.title, published: count('published'), closed: count('closed'), notHeld: count('pending') },
      });
      return { congressId: c.id, status: 'ended' as const, endedAt: now.toISOString(), notHeld: count('pending') };
    },
  }),

  defineAction('congress.createRunoff', {
    allow: CHAIRS,
    scope: (tx, input) => unionOfVote(tx, input.voteId),
    async handler({ tx, input, caller, now, audit }) {
      const { vote, congress } = await loadVote(tx, input.voteId);
      await assertInSession(tx, congress.id);
      if (vote.kind !== 'election' || (vote.status !== 'closed' && vote.status !== 'published')) {
        throw new AppError('NO_RUNOFF', '只有已结束的选举才能另行选举');
      }
      const tally = vote.result as ElectionTally;
      if (!tally?.runoff) throw new AppError('NO_RUNOFF', '本轮选举已选足名额，无需另行选举');
      const [exists] = await rows(tx, sql`SELECT 1 FROM congress_votes WHERE runoff_of = ${vote.id}`);
      if (exists) throw new AppError('RUNOFF_EXISTS', '已为本轮选举创建另行选举');
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
      const all = await rows<VoteRow>(tx, sql`SELECT * FROM congress_votes WHERE congress_id = ${congress.id}`);
      if (
        !openBlockedReason(
          created,
          all,
          await attendanceOf(tx, congress),
          tally.runoff.candidates.length,
          Number(congress.differential_ratio_pct),
        )
      ) {
        await openVote(tx, created, congress, now);
        await audit({
          action: 'congress.openVote',
          unionId: congress.union_id,
          targetType: 'congress_vote',
          targetId: nv.id,
          detail: { title },
        });
      }
      return voteView(tx, congress, nv.id, caller.personId);
    },
  }),

  defineAction('congress.live', {
    readOnly: true,
    allow: READERS,
    scope: (tx, input) => unionOfVote(tx, input.voteId),
    async handler({ tx, input, access }) {
      const { vote, congress } = await loadVote(tx, input.voteId);
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
    },
  }),

  defineAction('congress.result', {
    readOnly: true,
    allow: READERS,
    scope: (tx, input) => unionOfVote(tx, input.voteId),
    async handler({ tx, input, access }) {
      const { vote, congress } = await loadVote(tx, input.voteId);
      await requireResultAccess(tx, access, vote, congress, true);
      return resultView(tx, vote, congress, access);
    },
  }),

  defineAction('congress.ballotList', {
    readOnly: true,
    allow: READERS,
    scope: (tx, input) => unionOfVote(tx, input.voteId),
    async handler({ tx, input, access }) {
      const { vote, congress } = await loadVote(tx, input.voteId);
      await requireResultAccess(tx, access, vote, congress, true);
      const list = await rows<{ receipt_code: string; fingerprint: string | null }>(
        tx,
        sql`SELECT receipt_code, fingerprint FROM congress_receipts WHERE vote_id = ${vote.id} ORDER BY receipt_code`,
      );
      return { voteId: vote.id, receipts: list.map(publishedReceipt) };
    },
  }),

  defineAction('congress.verifyReceipt', {
    readOnly: true,
    allow: READERS,
    scope: (tx, input) => unionOfVote(tx, input.voteId),
    async handler({ tx, input, access }) {
      const { vote, congress } = await loadVote(tx, input.voteId);
      await requireResultAccess(tx, access, vote, congress, true);
      const [b] = await rows<{ receipt_code: string; fingerprint: string | null }>(
        tx,
        sql`SELECT receipt_code, fingerprint FROM congress_receipts WHERE vote_id = ${vote.id} AND receipt_code = ${input.receiptCode}`,
      );
      return { found: Boolean(b), receipt: b ? publishedReceipt(b) : null };
    },
  }),
];
