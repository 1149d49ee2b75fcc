import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import type { Access } from '../auth/access';
import type { ActionOutput } from '../action';
import type { ElectionTally, ResolutionTally, ResultView, Tally } from '@shared/contracts/congress';
import { attendanceOf, iso, loadCongress, rolesIn, scrutineersOf, settingsOf, type CongressRow } from './congresses';
import { agendaOf, hasRunoff, voteView, type VoteRow } from './votes';

/** The two pages built from several aggregates: the congress page (congress + agenda) and a vote's result page. */

export const INTEGRITY_NOTE =
  '每位已签到代表在每项表决中只能领取并投出一张选票，系统收票时逐一核对，重复投票不予接收，因此收回选票数不会多于发出选票数。' +
  '选票与代表身份分开保存，任何人（包括工会工作人员）都无法查出某张选票由谁投出。';

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
    congressStartsAt: iso(congress.starts_at)!,
    place: congress.place,
    closedAt: iso(vote.closed_at),
    canCreateRunoff: isChair && congress.status !== 'ended' && tally?.kind === 'election' && tally.runoff !== null && !runoff,
    unionName: u.name,
    tally: vote.result as ElectionTally | ResolutionTally,
    integrityNote: INTEGRITY_NOTE,
    scrutineers: (await scrutineersOf(tx, congress.id)).map(({ name, role }) => ({ name, role })),
  };
}
