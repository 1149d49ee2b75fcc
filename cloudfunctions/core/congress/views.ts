import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import type { Access } from '../auth/access';
import type { ActionOutput } from '../action';
import type { ElectionTally, ResolutionTally, ResultView, Tally } from '@shared/contracts/congress';
import { attendanceOf, iso, loadCongress, rolesIn, scrutineersOf, settingsOf, type CongressRow } from './congresses';
import { agendaOf, hasRunoff, voteView, type VoteRow } from './votes';

/** The two pages built from several aggregates: the congress page (congress + agenda) and a vote's result page. */

export const INTEGRITY_NOTE =
  '本系统为每位已签到代表在每项表决中发出一张电子选票；“谁已投票”由数据库唯一约束保证每人每项只能投一次，且与选票在同一事务中写入，' +
  '因此收回选票数不可能多于发出选票数。选票与投票人分开存放，无任何关联字段。';

/** The congress page: settings, attendance, scrutineers, the agenda, and the caller's part in it. */
export async function congressView(tx: Db, access: Access, congressId: string): Promise<ActionOutput<'congress.get'>> {
  const c = await loadCongress(tx, congressId);
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
}

/** A closed or published vote's result page: the frozen tally, the scrutineers, and whether a run-off can be created. */
export async function resultView(tx: Db, vote: VoteRow, congress: CongressRow, access: Access): Promise<ResultView> {
  const [u] = await rows<{ name: string }>(tx, sql`SELECT name FROM unions WHERE id = ${congress.union_id}`);
  const tally = vote.result as Tally | null;
  const runoff = await hasRunoff(tx, vote.id);
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
