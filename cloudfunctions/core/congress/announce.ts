import type { Db } from '../db/client';
import { notifyUnionMembers } from '../notices/store';
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
