import { postVotePoints } from '../points-rules';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { AppError } from '../errors';
import type { Access } from '../auth/access';
import type { ActionOutput } from '../action';
import type { PublishedReceipt, ResultView, Tally } from '@shared/contracts/congress';
import { closeAndCount } from './ballot-box';
import { announceResult } from './announce';
import { rolesIn, type Audit, type CongressRow } from './congresses';
import { forCount, loadVote, type VoteRow } from './votes';
import { resultView } from './views';

/**
 * A vote's result: the close (the box opened and counted, ballot-box.ts), 公布 to every member, who may see the
 * result before that, and the published receipt list (code + fingerprint, never choices: README.md).
 */

/** After the close: chair and scrutineers (and, for receipts, delegates); after publishing: every member. */
async function requireResultAccess(tx: Db, access: Access, vote: VoteRow, congress: CongressRow, delegatesToo: boolean) {
  if (vote.status === 'pending' || vote.status === 'open') throw new AppError('VOTE_NOT_CLOSED', '投票结束后才能查看结果');
  if (vote.status === 'published') return;
  const r = await rolesIn(tx, access, congress);
  if (r.isChair || r.isScrutineer || (delegatesToo && r.isDelegate)) return;
  throw new AppError('NOT_PUBLISHED', '结果尚未公布');
}

/** The one place a receipt row becomes what the list shows: code and fingerprint, never choices. */
const publishedReceipt = (r: { receipt_code: string; fingerprint: string | null }): PublishedReceipt => ({
  receiptCode: r.receipt_code,
  fingerprint: r.fingerprint,
});

/** The chair closes an open vote: counted and frozen in this transaction, audited with the counts. */
export async function closeVote(tx: Db, access: Access, voteId: string, now: Date, audit: Audit): Promise<ResultView> {
  const { vote, congress } = await loadVote(tx, voteId);
  if (vote.status !== 'open') throw new AppError('VOTE_NOT_OPEN', '该事项不在投票中');
  const { tally, turnout } = await closeAndCount(tx, forCount(vote, congress), now);
  // the voters' points, from the public turnout only (core/points-rules.ts: never at the cast)
  await postVotePoints(tx, { id: vote.id, title: vote.title, unionId: congress.union_id }, now);
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
}

/** 公布: a closed vote's result becomes visible to every member, who are told through the notices. */
export async function publishResult(tx: Db, access: Access, voteId: string, now: Date, audit: Audit): Promise<ResultView> {
  const { vote, congress } = await loadVote(tx, voteId);
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
}

/** The result page, for whoever may see it now. */
export async function resultOf(tx: Db, access: Access, voteId: string): Promise<ResultView> {
  const { vote, congress } = await loadVote(tx, voteId);
  await requireResultAccess(tx, access, vote, congress, true);
  return resultView(tx, vote, congress, access);
}

/** The published receipt list, in code order. */
export async function ballotList(tx: Db, access: Access, voteId: string): Promise<ActionOutput<'congress.ballotList'>> {
  const { vote, congress } = await loadVote(tx, voteId);
  await requireResultAccess(tx, access, vote, congress, true);
  const list = await rows<{ receipt_code: string; fingerprint: string | null }>(
    tx,
    sql`SELECT receipt_code, fingerprint FROM congress_receipts WHERE vote_id = ${vote.id} ORDER BY receipt_code`,
  );
  return { voteId: vote.id, receipts: list.map(publishedReceipt) };
}

/** One receipt code looked up in the published list. */
export async function verifyReceipt(
  tx: Db,
  access: Access,
  voteId: string,
  receiptCode: string,
): Promise<ActionOutput<'congress.verifyReceipt'>> {
  const { vote, congress } = await loadVote(tx, voteId);
  await requireResultAccess(tx, access, vote, congress, true);
  const [b] = await rows<{ receipt_code: string; fingerprint: string | null }>(
    tx,
    sql`SELECT receipt_code, fingerprint FROM congress_receipts WHERE vote_id = ${vote.id} AND receipt_code = ${receiptCode}`,
  );
  return { found: Boolean(b), receipt: b ? publishedReceipt(b) : null };
}
