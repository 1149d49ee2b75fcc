import { sql } from 'drizzle-orm';
import { rows } from '../../cloudfunctions/core/db/client';
import { sealerFor } from '../../cloudfunctions/core/congress/ballot-seal';
import { createHarness, type Harness } from '../support/harness';
import { engineName } from '../support/db';
import { agendaIds, candidates, checkInAll, congressInput, makeMembers } from './support';

/**
 * Ballot secrecy against someone who can read the whole database (superuser SQL: every table, the system
 * columns xmin/ctid, physical row order, and the raw relation files with their dead tuples), at both
 * moments that matter: while the vote is open and after the close. What they must not learn: which
 * delegate cast which choices, or which receipt code is whose.
 *
 * Each delegate's ballot carries a marker only that ballot has (a write-in name), so "the choices of
 * delegate X" can be searched for as bytes, like the receipt code.
 */
const N = 120;
let h: Harness;
let voteId: string;
let delegates: string[];
const receipts: string[] = []; // receipts[i] is delegate i's, in cast order
const fingerprints: string[] = []; // the 选票指纹 shown to delegate i at cast
const marker = (i: number) => `WX${String(i).padStart(4, '0')}Y`; // delegate i's write-in
const db = () => h.database.db;

const tablesInSchema = async () =>
  (
    await rows<{ table_name: string }>(
      db(),
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    )
  ).map((r) => r.table_name);

const columns = async (table: string) =>
  rows<{ column_name: string; data_type: string; column_default: string | null }>(
    db(),
    sql`SELECT column_name, data_type, column_default FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = ${table} ORDER BY column_name`,
  );

/** Every row of every table, with its system columns, as text (bytea shows as hex). */
async function dumpEveryTable(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const table of await tablesInSchema()) {
    const dump = await rows<{ j: string }>(
      db(),
      sql`SELECT t.xmin::text || ' ' || t.ctid::text || ' ' || row_to_json(t)::text AS j FROM ${sql.identifier(table)} t`,
    );
    out.set(table, dump.map((d) => d.j).join('\n'));
  }
  return out;
}

/** The raw on-disk bytes of every table, index and TOAST table of the schema, dead tuples included. */
async function rawFiles(): Promise<Map<string, Buffer>> {
  await db().execute(sql`CHECKPOINT`); // flush shared buffers, so the files hold what the pages hold
  const rels = await rows<{ name: string; file: string }>(
    db(),
    sql`SELECT c.relname AS name, encode(pg_read_binary_file(pg_relation_filepath(c.oid)), 'base64') AS file
        FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'i')
        UNION ALL
        SELECT 'toast of ' || c.relname, encode(pg_read_binary_file(pg_relation_filepath(c.reltoastrelid)), 'base64')
        FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.reltoastrelid <> 0`,
  );
  return new Map(rels.map((r) => [r.name, Buffer.from(r.file, 'base64')]));
}

/**
 * Receipt codes and ballot markers found in `text` (as text, or hex-encoded as bytea would show). After the
 * close the frozen tally in congress_votes names every write-in (an aggregate, not who): there only receipt
 * codes are looked for.
 */
const needles = (relation: string, closed: boolean) =>
  closed && relation.includes('congress_votes') ? receipts : [...receipts, ...delegates.map((_, i) => marker(i))];
const secretsIn = (relation: string, text: string, closed = false) =>
  needles(relation, closed).filter((s) => text.includes(s) || text.includes(Buffer.from(s).toString('hex')));
const secretsInBytes = (relation: string, b: Buffer, closed = false) =>
  needles(relation, closed).filter((s) => b.includes(Buffer.from(s)));

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
    // a varied ballot per delegate: 不赞成 + its own write-in on the first candidate, at most 3 named
    const marks = ids.map((candidateId, j) =>
      j === 0
        ? { candidateId, mark: 'against' as const, writeIn: marker(i) }
        : { candidateId, mark: (['for', 'against', 'abstain'] as const)[(i + j) % 3] },
    );
    const r = await h.ok(d, 'congress.castBallot', { voteId, choices: { kind: 'election', marks }, confirmInvalid: true });
    receipts.push(r.receiptCode);
    fingerprints.push(r.fingerprint);
  }
});
afterAll(() => h.close());

describe(`while the vote is open (${engineName()})`, () => {
  test('the box and turnout hold no voter, time, serial or plaintext column', async () => {
    expect((await columns('congress_ballot_box')).map((c) => [c.column_name, c.data_type, c.column_default])).toEqual([
      ['id', 'uuid', null],
      ['sealed', 'bytea', null],
      ['vote_id', 'uuid', null],
    ]);
    expect((await columns('congress_turnout')).map((c) => [c.column_name, c.data_type, c.column_default])).toEqual([
      ['delegate_id', 'uuid', null],
      ['vote_id', 'uuid', null],
    ]);
    const [n] = await rows<{ box: number; turnout: number }>(
      db(),
      sql`SELECT (SELECT count(*)::int FROM congress_ballot_box WHERE vote_id = ${voteId}) AS box,
                 (SELECT count(*)::int FROM congress_turnout WHERE vote_id = ${voteId}) AS turnout`,
    );
    expect([Number(n.box), Number(n.turnout)]).toEqual([N, N]);
  });

  test('no receipt code and no choice appears in any row of any table, system columns included', async () => {
    for (const [table, text] of await dumpEveryTable())
      expect({ table, found: secretsIn(table, text) }).toEqual({ table, found: [] });
  });

  test('nor in the raw files of any table, index or TOAST table', async () => {
    const files = await rawFiles();
    expect(files.has('congress_ballot_box')).toBe(true);
    for (const [rel, bytes] of files) expect({ rel, found: secretsInBytes(rel, bytes) }).toEqual({ rel, found: [] });
  });

  test('pairing box and turnout rows by xmin or physical order yields only equal-length ciphertext', async () => {
    const paired = await rows<{ delegate_id: string; id: string; sealed: string }>(
      db(),
      sql`SELECT t.delegate_id, b.id, encode(b.sealed, 'base64') AS sealed
          FROM congress_turnout t JOIN congress_ballot_box b ON b.xmin = t.xmin AND b.vote_id = t.vote_id
          WHERE t.vote_id = ${voteId}`,
    );
    // The channel exists (one cast = one transaction): every delegate pairs with exactly one box row ...
    expect(paired).toHaveLength(N);
    expect(new Set(paired.map((p) => p.delegate_id)).size).toBe(N);
    const byCtid = (
      await rows<{ id: string }>(db(), sql`SELECT id FROM congress_ballot_box WHERE vote_id = ${voteId} ORDER BY ctid`)
    ).map((r) => r.id);
    const idOf = new Map(paired.map((p) => [p.delegate_id, p.id]));
    expect(byCtid).toEqual(delegates.map((d) => idOf.get(d))); // ... and physical order gives the same pairing
    // ... but what it yields is a random id and ciphertext of one fixed length, whatever the choices.
    const sealed = paired.map((p) => Buffer.from(p.sealed, 'base64'));
    expect(new Set(sealed.map((s) => s.length)).size).toBe(1);
    expect(new Set(sealed.map((s) => s.toString('hex'))).size).toBe(N);
    expect(paired.every((p) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(p.id))).toBe(true);
    // Control: it IS delegate 7's ballot — opened only with the server key, which is not in the database.
    const seven = paired.find((p) => p.delegate_id === delegates[7])!;
    const opened = (await sealerFor(voteId)).open(seven.id, Buffer.from(seven.sealed, 'base64'));
    expect(opened.receiptCode).toBe(receipts[7]);
    expect(opened.choices.kind === 'election' && opened.choices.marks[0].writeIn).toBe(marker(7));
  });

  test('the running count is opened in the server for the chair, still without names', async () => {
    const live = await h.ok(h.base.people.wangFang, 'congress.live', { voteId });
    expect(live.voted).toBe(N);
    expect(live.tally?.kind === 'election' && live.tally.writeIns).toHaveLength(N);
    expect(live.tally?.returned).toBe(N);
  });
});

describe(`after the close (${engineName()})`, () => {
  beforeAll(async () => {
    await h.ok(h.base.people.wangFang, 'congress.closeVote', { voteId });
  });

  test('the box is empty; every counted ballot carries the closing xid, which no turnout row carries', async () => {
    const [box] = await rows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM congress_ballot_box`);
    expect(Number(box.n)).toBe(0);
    const ballots = await rows<{ x: string }>(db(), sql`SELECT xmin::text AS x FROM congress_ballots WHERE vote_id = ${voteId}`);
    const turnout = await rows<{ x: string }>(db(), sql`SELECT xmin::text AS x FROM congress_turnout WHERE vote_id = ${voteId}`);
    const receiptRows = await rows<{ x: string }>(
      db(),
      sql`SELECT xmin::text AS x FROM congress_receipts WHERE vote_id = ${voteId}`,
    );
    expect(ballots).toHaveLength(N);
    expect(new Set([...ballots, ...receiptRows].map((b) => b.x)).size).toBe(1);
    const turnoutXids = new Set(turnout.map((t) => t.x));
    expect(turnoutXids.size).toBe(N); // each turnout row still has its own xid, in cast order ...
    expect(turnoutXids.has(ballots[0].x)).toBe(false); // ... and no ballot shares one
  });

  test('physical order of the receipts (and of the ballots, below) is unrelated to the cast (= turnout) order', async () => {
    const physical = (
      await rows<{ receipt_code: string }>(
        db(),
        sql`SELECT receipt_code FROM congress_receipts WHERE vote_id = ${voteId} ORDER BY ctid`,
      )
    ).map((r) => r.receipt_code);
    const castIndex = new Map(receipts.map((code, i) => [code, i]));
    const ranks = physical.map((code) => castIndex.get(code)!);
    expect(new Set(ranks).size).toBe(N);
    // A shuffle gives rho ≈ 0 (sd ≈ 0.09 for 120); a kept or reversed order gives ±1.
    expect(
      Math.abs(
        spearman(
          ranks,
          ranks.map((_, i) => i),
        ),
      ),
    ).toBeLessThan(0.4);
    expect(ranks.filter((r, i) => r === i).length).toBeLessThan(10); // ~1 for a random permutation
    const turnoutOrder = (
      await rows<{ delegate_id: string }>(
        db(),
        sql`SELECT delegate_id FROM congress_turnout WHERE vote_id = ${voteId} ORDER BY ctid`,
      )
    ).map((r) => r.delegate_id);
    expect(turnoutOrder).toEqual(delegates); // turnout keeps the cast order: that is why the ballots must not
    // the counted ballots (marker i = delegate i's write-in) are in their own random order, unrelated to cast or receipts
    const ballotRanks = (
      await rows<{ w: string }>(
        db(),
        sql`SELECT choices->'marks'->0->>'writeIn' AS w FROM congress_ballots WHERE vote_id = ${voteId} ORDER BY ctid`,
      )
    ).map((r) => Number(r.w.slice(2, 6)));
    expect(new Set(ballotRanks).size).toBe(N);
    expect(
      Math.abs(
        spearman(
          ballotRanks,
          ballotRanks.map((_, i) => i),
        ),
      ),
    ).toBeLessThan(0.4);
    expect(Math.abs(spearman(ballotRanks, ranks))).toBeLessThan(0.4); // n-th ballot and n-th receipt: unrelated
  });

  test('raw files, dead tuples included: choices only in the counted ballots, receipts only in the receipt list (controls), never in the box', async () => {
    const files = await rawFiles();
    // controls: the scan finds plaintext where it is (so "not found" below means something) — and never the other kind
    expect(secretsInBytes('congress_ballots', files.get('congress_ballots')!).sort()).toEqual(
      delegates.map((_, i) => marker(i)).sort(),
    );
    expect(secretsInBytes('congress_receipts', files.get('congress_receipts')!).sort()).toEqual([...receipts].sort());
    for (const [rel, bytes] of files) {
      if (['congress_ballots', 'congress_receipts', 'congress_receipts_pkey'].includes(rel)) continue;
      // the box's dead tuples (deleted by the close, not yet vacuumed) hold ciphertext only
      expect({ rel, found: secretsInBytes(rel, bytes, true) }).toEqual({ rel, found: [] });
    }
  });

  test('every table, row by row: choices only in congress_ballots, receipts only in congress_receipts, no voter id beside them, no per-ballot audit', async () => {
    const dump = await dumpEveryTable();
    for (const [table, text] of dump) {
      if (table === 'congress_ballots') expect(secretsIn(table, text).sort()).toEqual(delegates.map((_, i) => marker(i)).sort());
      else if (table === 'congress_receipts') expect(secretsIn(table, text).sort()).toEqual([...receipts].sort());
      else expect({ table, found: secretsIn(table, text, true) }).toEqual({ table, found: [] });
    }
    for (const table of ['congress_ballots', 'congress_receipts'])
      expect(delegates.filter((d) => dump.get(table)!.includes(d))).toEqual([]);
    expect((await columns('congress_ballots')).map((c) => c.column_name)).toEqual(['choices', 'valid', 'vote_id']);
    expect((await columns('congress_receipts')).map((c) => c.column_name)).toEqual(['fingerprint', 'receipt_code', 'vote_id']);
    const audits = await rows<{ action: string }>(db(), sql`SELECT DISTINCT action FROM audit_log WHERE target_id = ${voteId}`);
    expect(audits.map((a) => a.action).sort()).toEqual(['congress.closeVote', 'congress.openVote']);
  });

  test('yet each voter finds their receipt, with the fingerprint shown at cast, in the published list (which holds no choices)', async () => {
    const list = await h.ok(delegates[17], 'congress.ballotList', { voteId });
    expect(list.receipts).toHaveLength(N);
    expect(JSON.stringify(list)).not.toMatch(/WX\d{4}Y/);
    const mine = await h.ok(delegates[17], 'congress.verifyReceipt', { voteId, receiptCode: receipts[17] });
    expect(mine).toEqual({ found: true, receipt: { receiptCode: receipts[17], fingerprint: fingerprints[17] } });
  });
});
