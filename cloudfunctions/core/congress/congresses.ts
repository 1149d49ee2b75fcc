import { sql } from 'drizzle-orm';
import { rows, uuidList, type Db } from '../db/client';
import { AppError, errors } from '../errors';
import type { Access } from '../auth/access';
import type { AuditEntry } from '../audit';
import type { ActionContext, ActionOutput } from '../action';
import {
  quorumMet,
  quorumNeeded,
  type Attendance,
  type CongressSettings,
  type ScrutineerRole,
  type VoteStatus,
} from '@shared/contracts/congress';
import { defaultCongressSettings } from '@shared/contracts/congress-rules';
import { attendanceCounts } from './ballot-box';
import { announceConvened } from './announce';

/**
 * The congress (职代会) itself: its row and settings, its delegates and scrutineers, check-in, and its life from
 * creation to 闭幕. The agenda items are votes (votes.ts); the page that shows both is views.ts.
 */

export type Audit = (entry: Omit<AuditEntry, 'actorId'>) => Promise<void>;

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

/** Scope helper: the union a congress belongs to (NOT_FOUND when missing). */
export async function unionOfCongress(tx: Db, congressId: string): Promise<string> {
  return (await loadCongress(tx, congressId)).union_id;
}

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

/**
 * Nothing opens or is created after 闭幕. The share lock on the congress row orders this against a concurrent
 * `congress.end` (which takes the row for update): whichever commits first, the other sees it.
 */
export async function assertInSession(tx: Db, congressId: string) {
  const [c] = await rows<{ status: string }>(tx, sql`SELECT status FROM congresses WHERE id = ${congressId} FOR SHARE`);
  if (c?.status === 'ended') throw new AppError('CONGRESS_ENDED', '本次职代会已闭幕');
}

/** The union's congresses, newest first, with delegate counts and whether the caller is one of them. */
export async function listCongresses(tx: Db, unionId: string, personId: string): Promise<ActionOutput<'congress.list'>> {
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
               EXISTS (SELECT 1 FROM congress_delegates d WHERE d.congress_id = c.id AND d.person_id = ${personId}) AS is_delegate
        FROM congresses c WHERE c.union_id = ${unionId} ORDER BY c.starts_at DESC`,
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
}

/** The union's active members, to choose delegates and scrutineers from. */
export async function memberChoices(tx: Db, unionId: string): Promise<ActionOutput<'congress.memberChoices'>> {
  const members = await rows<{ personId: string; name: string; memberNo: string }>(
    tx,
    sql`SELECT m.person_id AS "personId", p.name, m.member_no AS "memberNo" FROM members m JOIN people p ON p.id = m.person_id
        WHERE m.union_id = ${unionId} AND m.status = 'active' ORDER BY m.member_no`,
  );
  return { members };
}

const DAY_MS = 86_400_000;

/** Which of these people are active members of the union (delegates and scrutineers come only from them). */
async function activeMembersAmong(tx: Db, unionId: string, personIds: string[]): Promise<Set<string>> {
  const wanted = [...new Set(personIds)];
  if (wanted.length === 0) return new Set();
  const found = await rows<{ person_id: string }>(
    tx,
    sql`SELECT person_id FROM members WHERE union_id = ${unionId} AND status = 'active'
        AND person_id IN ${uuidList(wanted)}`,
  );
  return new Set(found.map((r) => r.person_id));
}

/** A new congress with its delegates, scrutineers and agenda (votes and candidates), in agenda order. */
export async function createCongress(
  tx: Db,
  personId: string,
  input: ActionContext<'congress.create'>['input'],
  now: Date,
  audit: Audit,
): Promise<ActionOutput<'congress.create'>> {
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
  const active = await activeMembersAmong(tx, input.unionId, [...delegates, ...scrutineerIds]);
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
          ${settings.differentialRatioPct}, ${settings.delegatesSeeLiveCount}, ${personId})
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
  const notified = await announceConvened(tx, { id: c.id, ...input });
  await audit({
    action: 'congress.create',
    unionId: input.unionId,
    targetType: 'congress',
    targetId: c.id,
    detail: { title: input.title, delegates: delegates.length, agenda: input.agenda.length, settings, notified },
  });
  return { congressId: c.id };
}

/**
 * 调整代表名单: the chair replaces the delegate list until the first vote opens (the row lock orders it against an
 * open: assertInSession). Delegates who stay keep their check-in; those removed lose it; the quorum follows.
 */
export async function saveDelegates(
  tx: Db,
  input: { congressId: string; delegates: string[] },
  audit: Audit,
): Promise<ActionOutput<'congress.saveDelegates'>> {
  const [c] = await rows<CongressRow>(tx, sql`SELECT * FROM congresses WHERE id = ${input.congressId} FOR UPDATE`);
  if (!c) throw errors.notFound('职代会');
  if (c.status === 'ended') throw new AppError('CONGRESS_ENDED', '本次职代会已闭幕');
  const [started] = await rows<{ title: string }>(
    tx,
    sql`SELECT title FROM congress_votes WHERE congress_id = ${c.id} AND status <> 'pending' LIMIT 1`,
  );
  if (started)
    throw new AppError('INVALID_STATE', `「${started.title}」已开始表决，代表名单不能再调整`, {
      delegates: '表决开始后不能调整',
    });
  const delegates = [...new Set(input.delegates)];
  const active = await activeMembersAmong(tx, c.union_id, delegates);
  if (delegates.some((p) => !active.has(p)))
    throw new AppError('NOT_MEMBER', '职工代表须从本工会在册会员中产生', { delegates: '含有非本工会会员' });
  const ids = sql`${`{${delegates.join(',')}}`}::uuid[]`;
  const removed = await rows<{ person_id: string }>(
    tx,
    sql`DELETE FROM congress_delegates WHERE congress_id = ${c.id} AND NOT (person_id = ANY(${ids})) RETURNING person_id`,
  );
  const added = await rows<{ person_id: string }>(
    tx,
    sql`INSERT INTO congress_delegates (congress_id, person_id) SELECT ${c.id}::uuid, unnest(${ids})
        ON CONFLICT DO NOTHING RETURNING person_id`,
  );
  await audit({
    action: 'congress.saveDelegates',
    unionId: c.union_id,
    targetType: 'congress',
    targetId: c.id,
    detail: { delegates: delegates.length, added: added.length, removed: removed.length },
  });
  return { ...(await listDelegates(tx, c.id)), attendance: await attendanceOf(tx, c) };
}

/** The delegates by name, with whether each has checked in. */
export async function listDelegates(tx: Db, congressId: string): Promise<ActionOutput<'congress.delegates'>> {
  const list = await rows<{ personId: string; name: string; checkedIn: boolean }>(
    tx,
    sql`SELECT d.person_id AS "personId", p.name, d.checked_in_at IS NOT NULL AS "checkedIn"
        FROM congress_delegates d JOIN people p ON p.id = d.person_id WHERE d.congress_id = ${congressId} ORDER BY p.name`,
  );
  return { delegates: list };
}

/** A delegate checks in (once; a second check-in changes nothing and is not audited). */
export async function checkIn(
  tx: Db,
  personId: string,
  congressId: string,
  now: Date,
  audit: Audit,
  /** The chair checks the delegate in on site (the audit's actor is the chair). */
  onSite = false,
): Promise<ActionOutput<'congress.checkIn'>> {
  const c = await loadCongress(tx, congressId);
  if (c.status === 'ended') throw new AppError('CONGRESS_ENDED', '本次职代会已结束');
  const [d] = await rows<{ checked_in_at: unknown }>(
    tx,
    sql`SELECT checked_in_at FROM congress_delegates WHERE congress_id = ${c.id} AND person_id = ${personId}`,
  );
  if (!d) throw new AppError('NOT_DELEGATE', onSite ? '该会员不是本次职代会的代表' : '您不是本次职代会的代表');
  const updated = await rows(
    tx,
    sql`UPDATE congress_delegates SET checked_in_at = ${now.toISOString()} WHERE congress_id = ${c.id} AND person_id = ${personId} AND checked_in_at IS NULL RETURNING 1 AS ok`,
  );
  if (updated.length > 0)
    await audit({
      action: onSite ? 'congress.checkInDelegate' : 'congress.checkIn',
      unionId: c.union_id,
      targetType: 'congress',
      targetId: c.id,
      // attendance is public in the hall; who checked whom in on site is kept
      ...(onSite ? { detail: { delegateId: personId } } : {}),
    });
  return { attendance: await attendanceOf(tx, c) };
}

/** 闭幕, once no vote is open: the row lock orders it against an open or a run-off (assertInSession). */
export async function endCongress(tx: Db, congressId: string, now: Date, audit: Audit): Promise<ActionOutput<'congress.end'>> {
  // Row lock first, then look at the votes in a later statement: an open committed meanwhile is seen.
  const [c] = await rows<CongressRow>(tx, sql`SELECT * FROM congresses WHERE id = ${congressId} FOR UPDATE`);
  if (c.status === 'ended') throw new AppError('CONGRESS_ENDED', '本次职代会已闭幕');
  const votes = await rows<{ status: VoteStatus; title: string }>(
    tx,
    sql`SELECT status, title FROM congress_votes WHERE congress_id = ${c.id} ORDER BY position, round`,
  );
  const open = votes.find((v) => v.status === 'open');
  if (open) throw new AppError('VOTE_OPEN', `「${open.title}」正在投票，请先结束投票再闭幕`);
  await tx.execute(sql`UPDATE congresses SET status = 'ended', ended_at = ${now.toISOString()} WHERE id = ${c.id}`);
  const count = (st: VoteStatus) => votes.filter((v) => v.status === st).length;
  await audit({
    action: 'congress.end',
    unionId: c.union_id,
    targetType: 'congress',
    targetId: c.id,
    detail: { title: c.title, published: count('published'), closed: count('closed'), notHeld: count('pending') },
  });
  return { congressId: c.id, status: 'ended' as const, endedAt: now.toISOString(), notHeld: count('pending') };
}
