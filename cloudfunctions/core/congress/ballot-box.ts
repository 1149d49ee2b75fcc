import type { ErrorCode } from '@shared/contracts/error-codes';
import crypto from 'node:crypto';
import { CODE_ALPHABET } from '../readable-code';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { AppError } from '../errors';
import { sealerFor, shuffle, type SealedContent } from './ballot-seal';
import { fingerprinterFor } from './ballot-commitment';
import type { UnionRef } from '../action';
import { callerRefusal, rolesParam, type CallerCheck } from '../auth/authorize';
import { DEFAULT_WRITE_BUDGET, personBudgetKey, rateLimited, type WriteBudget } from '../auth/budget';
import {
  inStrokeOrder,
  checkBallot,
  tallyElection,
  tallyResolution,
  type BallotChoices,
  type CandidateRef,
  type CountedBallot,
  type Tally,
  type ThresholdBase,
} from '@shared/contracts/congress-rules';

/**
 * The secret ballot. Three tables, and the rules that keep them apart:
 * - `congress_turnout (vote_id, delegate_id)` records WHO voted; its primary key makes it exactly once.
 * - `congress_ballot_box (vote_id, id, sealed)` records WHAT was voted while the vote is open, sealed
 *   (ballot-seal.ts): a random row id and a fixed-length ciphertext; receipt code, choices and validity are
 *   inside. It is written in the same transaction as the turnout row, so the two can be paired by xmin or
 *   physical order — and the pair tells nothing without the server key, which is not in the database.
 * - `congress_ballots (vote_id, choices, valid)` and `congress_receipts (vote_id, receipt_code, fingerprint)`
 *   are filled only by the close, which opens the box in the server and writes each in its own CSPRNG
 *   shuffle, one statement each: they carry the closing transaction's xmin and random physical orders, and
 *   nothing matches a counted ballot to turnout or to a receipt code (receipt-freeness: README.md).
 * No audit row is written per ballot. See README.md in this folder for what remains and why.
 */

/**
 * 选票核验码: 10 characters from the readable alphabet (no I/O/0/1, so a code read off a phone is typed right),
 * from the OS CSPRNG: 32 letters, 50 bits.
 */
export function newReceiptCode(): string {
  const bytes = crypto.randomBytes(10);
  let out = '';
  for (const b of bytes) out += CODE_ALPHABET[b & 31];
  return out;
}

export interface CastOutcome {
  receiptCode: string;
  /** 选票指纹: the published list will show it beside the receipt code (ballot-commitment.ts). */
  fingerprint: string;
  valid: boolean;
  /** As counted; returned to the voter's own session once, never stored beside the receipt code. */
  choices: BallotChoices;
}

/** What a cast needs of its vote that never changes once the vote is open. */
interface BallotForm {
  /** The vote's union (id and path), the scope of `congress.castBallot`. */
  union: UnionRef;
  kind: 'resolution' | 'election';
  seats: number | null;
  candidates: CandidateRef[];
}
/** Per process: forms of votes already opened (their kind, seats and candidates are fixed from then on). */
const forms = new Map<string, BallotForm>();

export async function ballotForm(db: Db, voteId: string): Promise<BallotForm> {
  const hit = forms.get(voteId);
  if (hit) return hit;
  const [v] = await rows<{
    status: string;
    kind: 'resolution' | 'election';
    seats: number | null;
    union_id: string;
    union_path: string;
  }>(
    db,
    sql`SELECT v.status, v.kind, v.seats, c.union_id, u.path AS union_path
          FROM congress_votes v JOIN congresses c ON c.id = v.congress_id JOIN unions u ON u.id = c.union_id WHERE v.id = ${voteId}`,
  );
  if (!v) throw new AppError('NOT_FOUND', '表决事项不存在');
  const form = {
    union: { id: v.union_id, path: v.union_path },
    kind: v.kind,
    seats: v.seats,
    candidates: v.kind === 'election' ? await candidatesOf(db, voteId) : [],
  };
  if (v.status !== 'pending') {
    if (forms.size >= 1000) forms.clear();
    forms.set(voteId, form);
  }
  return form;
}

const CAST_REFUSALS: Record<string, [ErrorCode, string]> = {
  NOT_FOUND: ['NOT_FOUND', '表决事项不存在'],
  VOTE_NOT_OPEN: ['VOTE_NOT_OPEN', '该事项尚未开始投票'],
  VOTE_CLOSED: ['VOTE_CLOSED', '该事项投票已结束，不再接受选票'],
  NOT_DELEGATE: ['NOT_DELEGATE', '您不是本次职代会的代表，不能投票'],
  NOT_CHECKED_IN: ['NOT_CHECKED_IN', '请先签到再投票'],
  ALREADY_VOTED: ['ALREADY_VOTED', '您已在该事项中投过票，每位代表只能投一次'],
};

/** Who casts: the voter, what their one statement still checks of them (auth/authorize.ts), their write budget. */
export interface Voter {
  check: CallerCheck;
  /** null: off */
  budget: WriteBudget | null;
}

/**
 * One call of `congress_cast_ballot_v2` (migration 0771): the caller (session, `member` of the vote's union) and their
 * write budget, then v1 (0651): the vote open (its lock shared against the close), the caller a checked-in delegate,
 * the turnout row and the sealed box row written together — or, with `sealed` null, the same checks without
 * writing. Throws the refusal, if any.
 */
async function castStatement(db: Db, voteId: string, voter: Voter, box: { id: string; sealed: Buffer } | null): Promise<void> {
  const { check, budget } = voter;
  const [r] = await rows<{ outcome: string }>(
    db,
    sql`SELECT congress_cast_ballot_v2(${voteId}::uuid, ${check.personId}::uuid, ${box?.id ?? null}::uuid,
                 decode(${box ? box.sealed.toString('base64') : null}::text, 'base64'),
                 ${check.sessionVersion}::int, ${rolesParam(check)}::text[], ${check.union?.id ?? null}::uuid, ${check.union?.path ?? null}::text,
                 ${budget ? personBudgetKey(check.personId) : null}::text, ${budget?.limit ?? null}::int, ${budget?.windowSeconds ?? null}::int) AS outcome`,
  );
  if (r.outcome === 'OK') return;
  const caller = callerRefusal(r.outcome);
  if (caller) throw caller;
  if (r.outcome === 'RATE_LIMITED') throw rateLimited(budget ?? DEFAULT_WRITE_BUDGET);
  const [code, message] = CAST_REFUSALS[r.outcome] ?? ['INTERNAL', '系统繁忙，请稍后再试'];
  throw new AppError(code, message);
}

/**
 * Cast in one round trip: the ballot is checked against the vote's form and sealed in the server, then one
 * statement writes turnout and box together. An invalid ballot is refused only after the same checks (without
 * writing), so the order of refusals is as it always was.
 */
export async function castBallot(
  db: Db,
  voter: Voter,
  input: { voteId: string; choices: BallotChoices; confirmInvalid: boolean },
): Promise<CastOutcome> {
  const form = await ballotForm(db, input.voteId);
  const check = checkBallot(
    form.kind === 'election' ? { kind: 'election', seats: form.seats ?? 0, candidates: form.candidates } : { kind: 'resolution' },
    input.choices,
  );
  let problem: AppError | null = null;
  if (check.problems.length || !check.normalized) {
    problem = new AppError('BALLOT_INVALID', check.problems[0]?.message ?? '选票内容不正确', {
      choices: check.problems.map((p) => p.message).join('；'),
    });
  } else if (check.overvoted && !input.confirmInvalid) {
    problem = new AppError(
      'BALLOT_OVERVOTED',
      `您赞成和另选的人数合计 ${check.named} 人，超过应选名额 ${form.seats} 人，提交后将作为无效票；请修改后再提交`,
    );
  }
  if (problem || !check.normalized) {
    await castStatement(db, input.voteId, voter, null);
    throw problem;
  }
  const receiptCode = newReceiptCode();
  const valid = !check.overvoted;
  // The row's own key is random too: nothing in the row orders, times or names the ballot.
  const rowId = crypto.randomUUID();
  const content = { receiptCode, valid, choices: check.normalized };
  const sealed = (await sealerFor(input.voteId)).seal(rowId, content);
  await castStatement(db, input.voteId, voter, { id: rowId, sealed });
  return { receiptCode, fingerprint: (await fingerprinterFor(input.voteId))(rowId, content), valid, choices: check.normalized };
}

export interface VoteForCount {
  id: string;
  kind: 'resolution' | 'election';
  seats: number | null;
  congressId: string;
  thresholdBase: ThresholdBase;
}

export async function attendanceCounts(tx: Db, congressId: string): Promise<{ entitled: number; present: number }> {
  const [a] = await rows<{ entitled: number; present: number }>(
    tx,
    sql`SELECT count(*)::int AS entitled, count(checked_in_at)::int AS present FROM congress_delegates WHERE congress_id = ${congressId}`,
  );
  return { entitled: Number(a.entitled), present: Number(a.present) };
}

/** The candidates of an election in ballot order (姓氏笔画). */
export async function candidatesOf(tx: Db, voteId: string): Promise<CandidateRef[]> {
  return inStrokeOrder(
    await rows<CandidateRef>(tx, sql`SELECT id, name FROM congress_candidates WHERE vote_id = ${voteId} ORDER BY sort_key, name`),
  );
}

export async function countBallots(tx: Db, vote: VoteForCount, ballots: CountedBallot[]): Promise<Tally> {
  const { entitled, present } = await attendanceCounts(tx, vote.congressId);
  // Every delegate checked in when the vote closes was issued one electronic ballot.
  const attendance = { entitled, present, issued: present };
  return vote.kind === 'election'
    ? tallyElection(ballots, attendance, vote.thresholdBase, vote.seats ?? 0, await candidatesOf(tx, vote.id))
    : tallyResolution(ballots, attendance, vote.thresholdBase);
}

/** Opens every sealed ballot of a vote, in the server (the key never reaches the database). */
async function openBox(tx: Db, voteId: string): Promise<(SealedContent & { rowId: string })[]> {
  const box = await rows<{ id: string; sealed: string }>(
    tx,
    sql`SELECT id, encode(sealed, 'base64') AS sealed FROM congress_ballot_box WHERE vote_id = ${voteId}`,
  );
  const sealer = await sealerFor(voteId);
  return box.map((b) => ({ ...sealer.open(b.id, Buffer.from(b.sealed, 'base64')), rowId: b.id }));
}

/** The running count while open (chair, scrutineers): opened from the box in the server, never who. */
export async function runningTally(tx: Db, vote: VoteForCount): Promise<Tally> {
  return countBallots(tx, vote, await openBox(tx, vote.id));
}

/**
 * The close, in the caller's transaction: mark the vote closed (waits for casts in flight), open the box,
 * write the counted ballots (choices only) and the receipt list (code + fingerprint) each in its own random
 * order, empty the box, count, and freeze the result.
 */
export async function closeAndCount(tx: Db, vote: VoteForCount, now: Date): Promise<{ tally: Tally; turnout: number }> {
  // exclusive against the casts' shared lock (migration 0651): waits for every cast in flight
  await tx.execute(sql`SELECT pg_advisory_xact_lock(congress_vote_lock_v1(${vote.id}::uuid))`);
  const closed = await rows(
    tx,
    sql`UPDATE congress_votes SET status = 'closed', closed_at = ${now.toISOString()} WHERE id = ${vote.id} AND status = 'open' RETURNING id`,
  );
  if (closed.length === 0) throw new AppError('VOTE_NOT_OPEN', '该事项不在投票中');
  const opened = await openBox(tx, vote.id);
  const ballots = shuffle(opened);
  if (ballots.length > 0) {
    const fingerprint = await fingerprinterFor(vote.id);
    // two independent shuffles: the n-th receipt and the n-th ballot are unrelated
    const receipts = shuffle(opened.map((b) => ({ r: b.receiptCode, f: fingerprint(b.rowId, b) })));
    const list = ballots.map((b) => ({ v: b.valid, c: b.choices }));
    await tx.execute(
      sql`INSERT INTO congress_ballots (vote_id, choices, valid)
          SELECT ${vote.id}, e.b->'c', (e.b->>'v')::boolean
          FROM jsonb_array_elements(${JSON.stringify(list)}::jsonb) WITH ORDINALITY AS e(b, ord) ORDER BY e.ord`,
    );
    await tx.execute(
      sql`INSERT INTO congress_receipts (vote_id, receipt_code, fingerprint)
          SELECT ${vote.id}, e.b->>'r', e.b->>'f'
          FROM jsonb_array_elements(${JSON.stringify(receipts)}::jsonb) WITH ORDINALITY AS e(b, ord) ORDER BY e.ord`,
    );
  }
  await tx.execute(sql`DELETE FROM congress_ballot_box WHERE vote_id = ${vote.id}`);
  const [t] = await rows<{ n: number; counted: number; receipts: number }>(
    tx,
    sql`SELECT (SELECT count(*)::int FROM congress_turnout WHERE vote_id = ${vote.id}) AS n,
               (SELECT count(*)::int FROM congress_ballots WHERE vote_id = ${vote.id}) AS counted,
               (SELECT count(*)::int FROM congress_receipts WHERE vote_id = ${vote.id}) AS receipts`,
  );
  const turnout = Number(t.n);
  if (turnout !== ballots.length || Number(t.counted) !== ballots.length || Number(t.receipts) !== ballots.length) {
    // Cannot happen (one transaction writes both); refuse to close rather than publish a doubtful count.
    throw new AppError('INTEGRITY', `投票人数（${turnout}）与选票数（${ballots.length}）不一致，已停止计票，请联系管理员`);
  }
  const tally = await countBallots(tx, vote, ballots);
  await tx.execute(sql`UPDATE congress_votes SET result = ${JSON.stringify(tally)}::jsonb WHERE id = ${vote.id}`);
  return { tally, turnout };
}

/**
 * Removes the dead rows the close leaves in the box (sealed ciphertext only, but they still pair with
 * turnout rows by xmin until vacuumed). Runs outside any transaction; PostgreSQL's autovacuum does the same
 * shortly after a close (the table is set to vacuum on any change).
 */
export async function vacuumBallotBox(db: Db): Promise<void> {
  await db.execute(sql`VACUUM congress_ballot_box`);
}
