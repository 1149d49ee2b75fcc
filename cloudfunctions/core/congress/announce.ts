import { sql, type Db } from '../db/client';
import { notifyMany, notifyUnionMembers } from '../notices/store';
import { formatShanghai } from '../clock';
import type { Tally } from '@shared/contracts/congress';
import type { CongressRow } from './congresses';
import type { VoteRow } from './votes';

/** One line of outcome for the announcement: who is elected, or whether the resolution passed. */
export function outcomeLine(tally: Tally): string {
  if (tally.void) return '收回选票多于发出选票，本次投票无效，需重新投票';
  if (tally.kind === 'resolution') return `赞成 ${tally.for} 票，${tally.passed ? '获得通过' : '未获通过'}`;
  const elected = tally.elected.length ? `当选：${tally.elected.map((e) => e.name).join('、')}` : '无人当选';
  return tally.runoff ? `${elected}；尚缺 ${tally.runoff.seats} 名，需另行选举` : elected;
}

/**
 * 公布: tell every active member of the congress's union (in-app notice, same transaction as the publish),
 * linking to the vote's result page. Returns how many members were notified.
 */
export function announceResult(tx: Db, congress: CongressRow, vote: VoteRow, tally: Tally): Promise<number> {
  return notifyUnionMembers(tx, congress.union_id, {
    source: 'congress',
    kind: 'congress_result',
    title: `${vote.kind === 'election' ? '选举' : '表决'}结果公布：${vote.title}`.slice(0, 200),
    body: `${congress.title}：「${vote.title}」${outcomeLine(tally)}。`,
    page: `pages/congress/result/index?voteId=${vote.id}`,
    subjectId: vote.id,
  });
}

const delegatesOf = (congressId: string) => sql`SELECT person_id FROM congress_delegates WHERE congress_id = ${congressId}`;

/** 召开通知: every delegate of a new congress hears when and where it meets (same transaction as the create). */
export function announceConvened(
  tx: Db,
  c: { id: string; unionId: string; title: string; startsAt: string; place: string | null; online: boolean },
): Promise<number> {
  const where = c.place ? `在${c.place}` : c.online ? '线上' : '';
  return notifyMany(tx, delegatesOf(c.id), {
    source: 'congress',
    kind: 'congress_convened',
    title: `职代会召开通知：${c.title}`.slice(0, 200),
    body: `${formatShanghai(new Date(c.startsAt))} ${where}召开，您是本次大会代表，请准时出席并签到。`,
    page: `pages/congress/detail/index?id=${c.id}`,
    unionId: c.unionId,
    subjectId: c.id,
  });
}

/** 投票开始: the congress's delegates are called to the ballot (same transaction as opening the vote). */
export function announceVoteOpened(tx: Db, congress: CongressRow, vote: Pick<VoteRow, 'id' | 'title'>): Promise<number> {
  return notifyMany(tx, delegatesOf(congress.id), {
    source: 'congress',
    kind: 'vote_opened',
    title: `投票开始：${vote.title}`.slice(0, 200),
    body: `${congress.title}：「${vote.title}」已开始投票，请进入选票页投票。`,
    page: `pages/congress/ballot/index?congressId=${congress.id}&voteId=${vote.id}`,
    unionId: congress.union_id,
    subjectId: vote.id,
  });
}
