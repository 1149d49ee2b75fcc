import { sql } from 'drizzle-orm';
import { rows } from '../../cloudfunctions/core/db/client';
import { vacuumBallotBox } from '../../cloudfunctions/core/congress/ballot-box';
import { createHarness, type Harness } from '../support/harness';
import { agendaIds, candidates, checkInAll, congressInput, makeMembers } from './support';

/**
 * Secrecy with full database access: after the close, nothing in the ballot rows (columns, system
 * columns, physical order) equals or orders like anything in the turnout rows, and no receipt code or
 * voter id sits anywhere it could be joined.
 */
const N = 200;
let h: Harness;
let voteId: string;
let delegates: string[];
const castOrder: string[] = []; // receipt codes in the order the ballots were cast

const columns = async (table: string) =>
  (
    await rows<{ column_name: string }>(
      h.database.db,
      sql`SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${table} ORDER BY column_name`,
    )
  ).map((r) => r.column_name);

/** Spearman rank correlation of two permutations of 0..n-1. */
function spearman(a: number[], b: number[]): number {
  const n = a.length;
  const d2 = a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

beforeAll(async () => {
  h = await createHarness();
  const chair = h.base.people.wangFang;
  delegates = await makeMembers(h, h.base.unions.xinghuo, N);
  const { congressId } = await h.ok(
    chair,
    'congress.create',
    congressInput(h.base.unions.xinghuo, delegates, {
      agenda: [{ kind: 'election', title: '选举委员', seats: 3, candidates: candidates(['甲', '乙', '丙', '丁', '戊']) }],
    }),
  );
  await checkInAll(h, congressId);
  const [vote] = await agendaIds(h, chair, congressId);
  voteId = vote.id;
  await h.ok(chair, 'congress.openVote', { voteId });
  const ids = vote.candidates.map((c) => c.id);
  for (const [i, d] of delegates.entries()) {
    // a varied but known ballot per delegate; never more than 3 named
    const marks = ids.map((candidateId, j) => ({ candidateId, mark: (['for', 'against', 'abstain'] as const)[(i + j) % 3] }));
    const r = await h.ok(d, 'congress.castBallot', { voteId, choices: { kind: 'election', marks } });
    castOrder.push(r.receiptCode);
  }
});
afterAll(() => h.close());

test('while open, the box shares the casting transaction with turnout (the channel the close removes)', async () => {
  const box = await rows<{ x: string }>(h.database.db, sql`SELECT xmin::text AS x FROM congress_ballot_box WHERE vote_id = ${voteId}`);
  const turnout = new Set(
    (await rows<{ x: string }>(h.database.db, sql`SELECT xmin::text AS x FROM congress_turnout WHERE vote_id = ${voteId}`)).map((r) => r.x),
  );
  expect(box).toHaveLength(N);
  expect(box.every((b) => turnout.has(b.x))).toBe(true);
});

describe('after the close, with every table and system column in hand', () => {
  beforeAll(async () => {
    await h.ok(h.base.people.wangFang, 'congress.closeVote', { voteId });
    await vacuumBallotBox(h.database.db);
  });

  test('the tables hold no voter, session, time or serial beside a ballot', async () => {
    expect(await columns('congress_ballots')).toEqual(['choices', 'receipt_code', 'valid', 'vote_id']);
    expect(await columns('congress_ballot_box')).toEqual(['choices', 'receipt_code', 'valid', 'vote_id']);
    expect(await columns('congress_turnout')).toEqual(['delegate_id', 'vote_id']);
    const [box] = await rows<{ n: number }>(h.database.db, sql`SELECT count(*)::int AS n FROM congress_ballot_box`);
    expect(Number(box.n)).toBe(0);
  });

  test('system columns: every ballot carries the closing xid, which no turnout row carries', async () => {
    const ballots = await rows<{ x: string }>(h.database.db, sql`SELECT xmin::text AS x FROM congress_ballots WHERE vote_id = ${voteId}`);
    const turnout = await rows<{ x: string }>(h.database.db, sql`SELECT xmin::text AS x FROM congress_turnout WHERE vote_id = ${voteId}`);
    expect(ballots).toHaveLength(N);
    expect(turnout).toHaveLength(N);
    expect(new Set(ballots.map((b) => b.x)).size).toBe(1);
    const turnoutXids = new Set(turnout.map((t) => t.x));
    expect(turnoutXids.has(ballots[0].x)).toBe(false);
    expect(turnoutXids.size).toBe(N); // each turnout row has its own xid, ordered like the casts — and nothing to match it to
  });

  test('physical order: the ballots are stored in an order unrelated to the casting (and turnout) order', async () => {
    const physical = (await rows<{ receipt_code: string }>(h.database.db, sql`SELECT receipt_code FROM congress_ballots WHERE vote_id = ${voteId} ORDER BY ctid`)).map(
      (r) => r.receipt_code,
    );
    const castIndex = new Map(castOrder.map((code, i) => [code, i]));
    const ranks = physical.map((code) => castIndex.get(code)!);
    expect(new Set(ranks).size).toBe(N);
    const rho = spearman(ranks, ranks.map((_, i) => i));
    // A shuffle gives rho ≈ 0 (sd ≈ 0.07 for 200); a preserved or reversed order gives ±1.
    expect(Math.abs(rho)).toBeLessThan(0.35);
    const fixedPoints = ranks.filter((r, i) => r === i).length;
    expect(fixedPoints).toBeLessThan(10); // expected 1 for a random permutation

    // turnout's physical order IS the cast order: that is why ballots must not keep theirs
    const turnoutOrder = (
      await rows<{ delegate_id: string }>(h.database.db, sql`SELECT delegate_id FROM congress_turnout WHERE vote_id = ${voteId} ORDER BY ctid`)
    ).map((r) => r.delegate_id);
    expect(turnoutOrder).toEqual(delegates);
  });

  test('no receipt code anywhere but the ballots, no voter id in any ballot, no per-ballot audit', async () => {
    const tables = (
      await rows<{ table_name: string }>(
        h.database.db,
        sql`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
      )
    ).map((r) => r.table_name);
    expect(tables).toEqual(expect.arrayContaining(['congress_turnout', 'congress_ballots', 'audit_log']));
    const receipts = new Set(castOrder);
    for (const table of tables) {
      if (table === 'congress_ballots') continue;
      const dump = await rows<{ j: string }>(h.database.db, sql`SELECT row_to_json(t)::text AS j FROM ${sql.identifier(table)} t`);
      const text = dump.map((d) => d.j).join('\n');
      const leaked = [...receipts].filter((code) => text.includes(code));
      expect({ table, leaked }).toEqual({ table, leaked: [] });
    }
    const ballotText = (await rows<{ j: string }>(h.database.db, sql`SELECT row_to_json(b)::text AS j FROM congress_ballots b`)).map((d) => d.j).join('\n');
    expect(delegates.filter((d) => ballotText.includes(d))).toEqual([]);
    const audits = await rows<{ action: string }>(h.database.db, sql`SELECT DISTINCT action FROM audit_log WHERE target_id = ${voteId}`);
    expect(audits.map((a) => a.action).sort()).toEqual(['congress.closeVote', 'congress.openVote']);
  });

  test('yet every voter can find their own ballot, as cast, in the published list', async () => {
    const list = await h.ok(delegates[17], 'congress.ballotList', { voteId });
    expect(list.ballots).toHaveLength(N);
    const mine = list.ballots.find((b) => b.receiptCode === castOrder[17]);
    expect(mine?.choices.kind === 'election' && mine.choices.marks.map((m) => m.mark)).toEqual(['abstain', 'for', 'against', 'abstain', 'for']);
  });
});
