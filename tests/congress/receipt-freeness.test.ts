import crypto from 'node:crypto';
import { createHarness, type Harness } from '../support/harness';
import { fingerprinterFor } from '../../cloudfunctions/core/congress/ballot-commitment';
import { newReceiptCode } from '../../cloudfunctions/core/congress/ballot-box';
import type { CastReceipt, ElectionTally, ResolutionTally } from '@shared/contracts/congress';
import { agendaIds, candidates, checkInAll, congressInput, makeMembers } from './support';

/**
 * Receipt-freeness (README.md in core/congress): the published list shows receipt code + 选票指纹, never the
 * choices, so a receipt code is no proof of how anyone voted; the voter still checks that their ballot was
 * counted (code present, fingerprint as shown at cast) and the tally is unchanged.
 */
let h: Harness;
let chair: string;
let delegates: string[];
let resolution: string;
let election: string;
let electionCandidates: { id: string; name: string }[];
const cast = new Map<string, CastReceipt>(); // `${vote}:${delegate index}` → what that voter's session got back
const MARKS = ['for', 'for', 'against', 'abstain', 'for', 'for'] as const;

beforeAll(async () => {
  h = await createHarness();
  chair = h.base.people.wangFang;
  delegates = await makeMembers(h, h.base.unions.xinghuo, 6);
  const { congressId } = await h.ok(
    chair,
    'congress.create',
    congressInput(h.base.unions.xinghuo, delegates, {
      agenda: [
        { kind: 'resolution', title: '表决集体合同' },
        { kind: 'election', title: '选举委员', seats: 1, candidates: candidates(['甲', '乙']) },
      ],
    }),
  );
  await checkInAll(h, congressId);
  const agenda = await agendaIds(h, chair, congressId);
  [resolution, election] = [agenda[0].id, agenda[1].id];
  electionCandidates = agenda[1].candidates;
  await h.ok(chair, 'congress.openVote', { voteId: resolution });
  for (const [i, mark] of MARKS.entries())
    cast.set(
      `r:${i}`,
      await h.ok(delegates[i], 'congress.castBallot', { voteId: resolution, choices: { kind: 'resolution', mark } }),
    );
  await h.ok(chair, 'congress.closeVote', { voteId: resolution });
  await h.ok(chair, 'congress.publish', { voteId: resolution });
}, 180_000); // a fresh seeded database and fixtures: slow on a loaded machine
afterAll(() => h.close());

test("the voter's own session sees the choices once, at cast, with receipt code and fingerprint", () => {
  for (const [i, mark] of MARKS.entries()) {
    const r = cast.get(`r:${i}`)!;
    expect(r).toMatchObject({ valid: true, choices: { kind: 'resolution', mark } });
    expect(r.receiptCode).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    expect(r.fingerprint).toMatch(/^[A-Z2-7]{20}$/);
  }
});

test('the published list and the receipt check show code and fingerprint only — no choice, no validity', async () => {
  const member = h.base.people.zhangWei; // any member, once published
  const list = await h.ok(member, 'congress.ballotList', { voteId: resolution });
  expect(list.receipts).toHaveLength(MARKS.length);
  for (const entry of list.receipts) expect(Object.keys(entry).sort()).toEqual(['fingerprint', 'receiptCode']);
  const text = JSON.stringify(list);
  for (const word of ['for', 'against', 'abstain', 'choices', 'mark', 'valid']) expect(text).not.toContain(word);
  // a voter handing over their code and fingerprint proves nothing: 赞成 and 反对 voters' entries look alike
  const [forVoter, againstVoter] = [cast.get('r:0')!, cast.get('r:2')!];
  for (const v of [forVoter, againstVoter]) {
    const seen = await h.ok(member, 'congress.verifyReceipt', { voteId: resolution, receiptCode: v.receiptCode });
    expect(seen).toEqual({ found: true, receipt: { receiptCode: v.receiptCode, fingerprint: v.fingerprint } });
  }
});

test('fingerprints hide the choices: identical ballots get unrelated fingerprints, and no public recipe reproduces one', () => {
  const same = [0, 1, 4, 5].map((i) => cast.get(`r:${i}`)!.fingerprint); // four 赞成 ballots
  expect(new Set(same).size).toBe(4);
  // a buyer who knows the code tries every possible ballot with every salt-free recipe: nothing matches
  const r = cast.get('r:0')!;
  const guesses = ['for', 'against', 'abstain'].flatMap((mark) =>
    [JSON.stringify({ kind: 'resolution', mark }), `${r.receiptCode}|${mark}`, `${r.receiptCode}${mark}`].flatMap((s) =>
      ['sha256', 'sha1', 'md5'].map((alg) => crypto.createHash(alg).update(s).digest('base64').toUpperCase().slice(0, 20)),
    ),
  );
  expect(guesses).not.toContain(r.fingerprint);
});

test('the fingerprint binds the ballot: another choice, row or receipt gives another fingerprint', async () => {
  const fp = await fingerprinterFor(resolution);
  const row = crypto.randomUUID();
  const content = { receiptCode: newReceiptCode(), valid: true, choices: { kind: 'resolution' as const, mark: 'for' as const } };
  const base = fp(row, content);
  expect(fp(row, content)).toBe(base);
  expect(fp(row, { ...content, choices: { kind: 'resolution', mark: 'against' } })).not.toBe(base);
  expect(fp(crypto.randomUUID(), content)).not.toBe(base);
  expect(fp(row, { ...content, receiptCode: newReceiptCode() })).not.toBe(base);
  expect((await fingerprinterFor(election))(row, content)).not.toBe(base);
});

test('every voter verifies inclusion as cast; the list matches turnout; the tally is unchanged', async () => {
  const res = await h.ok(chair, 'congress.result', { voteId: resolution });
  const t = res.tally as ResolutionTally;
  expect([t.returned, t.valid, t.for, t.against, t.abstain, t.passed]).toEqual([6, 6, 4, 1, 1, true]);
  const list = await h.ok(delegates[3], 'congress.ballotList', { voteId: resolution });
  expect(list.receipts.map((x) => [x.receiptCode, x.fingerprint]).sort()).toEqual(
    MARKS.map((_, i) => [cast.get(`r:${i}`)!.receiptCode, cast.get(`r:${i}`)!.fingerprint]).sort(),
  );
  expect((await h.ok(delegates[3], 'congress.verifyReceipt', { voteId: resolution, receiptCode: 'AAAAAAAAAA' })).found).toBe(
    false,
  );
});

test('an election with write-ins: counted correctly, the list still holds no name', async () => {
  await h.ok(chair, 'congress.openVote', { voteId: election });
  const idOf = (name: string) => electionCandidates.find((c) => c.name === name)!.id;
  const [jia, yi] = [idOf('甲'), idOf('乙')];
  const ballots = [
    [
      { candidateId: jia, mark: 'for' },
      { candidateId: yi, mark: 'against' },
    ],
    [
      { candidateId: jia, mark: 'for' },
      { candidateId: yi, mark: 'abstain' },
    ],
    [
      { candidateId: jia, mark: 'for' },
      { candidateId: yi, mark: 'against' },
    ],
    [
      { candidateId: jia, mark: 'against', writeIn: '秘密候选人' },
      { candidateId: yi, mark: 'abstain' },
    ],
    [
      { candidateId: jia, mark: 'for' },
      { candidateId: yi, mark: 'abstain' },
    ],
    [
      { candidateId: jia, mark: 'against' },
      { candidateId: yi, mark: 'for' },
    ],
  ] as const;
  for (const [i, marks] of ballots.entries()) {
    const r = await h.ok(delegates[i], 'congress.castBallot', {
      voteId: election,
      choices: { kind: 'election', marks: [...marks] },
    });
    expect(r.choices).toEqual({ kind: 'election', marks: expect.arrayContaining([...marks]) }); // in ballot (stroke) order
  }
  const t = (await h.ok(chair, 'congress.closeVote', { voteId: election })).tally as ElectionTally;
  expect(t.candidates.map((c) => [c.name, c.for, c.against, c.abstain])).toEqual([
    ['乙', 1, 2, 3],
    ['甲', 4, 2, 0],
  ]);
  expect(t.elected.map((e) => e.name)).toEqual(['甲']);
  const list = await h.ok(chair, 'congress.ballotList', { voteId: election });
  expect(list.receipts).toHaveLength(6);
  expect(JSON.stringify(list)).not.toMatch(/秘密候选人|against|for|abstain/);
});
