import crypto from 'node:crypto';
import { configureRuntime, resetRuntime } from '../../cloudfunctions/core/runtime';
import {
  decodeBallot,
  encodeBallot,
  sealerFor,
  shuffle,
  type SealedContent,
} from '../../cloudfunctions/core/congress/ballot-seal';
import { newReceiptCode } from '../../cloudfunctions/core/congress/ballot-box';
import type { Db } from '../../cloudfunctions/core/db/client';

/** The sealed ballot box format: round trip, fixed length, tamper and key checks. */
const voteId = crypto.randomUUID();
const cands = Array.from({ length: 6 }, () => crypto.randomUUID());
const useSecret = (s: string | null) =>
  configureRuntime({
    db: null as unknown as Db,
    clock: () => new Date(),
    secret: s === null ? null : new TextEncoder().encode(s),
  });

const election = (
  marks: ('for' | 'against' | 'abstain')[],
  writeIns: Record<number, string> = {},
  valid = true,
): SealedContent => ({
  receiptCode: newReceiptCode(),
  valid,
  choices: {
    kind: 'election',
    marks: marks.map((mark, i) =>
      writeIns[i] ? { candidateId: cands[i], mark, writeIn: writeIns[i] } : { candidateId: cands[i], mark },
    ),
  },
});

beforeEach(() => useSecret('a-test-server-secret-of-some-length'));
afterAll(() => resetRuntime());

test('encode/decode round-trips resolutions and elections, write-ins included, as cast', () => {
  const r: SealedContent = { receiptCode: newReceiptCode(), valid: true, choices: { kind: 'resolution', mark: 'against' } };
  expect(decodeBallot(encodeBallot(r))).toEqual(r);
  const e = election(['for', 'against', 'abstain', 'against', 'for', 'abstain'], { 1: '欧阳 小明', 3: 'Zoë 𠀋' }, false);
  expect(decodeBallot(encodeBallot(e))).toEqual(e);
});

test('every ballot of a vote seals to the same length, whatever its choices and write-ins', async () => {
  const sealer = await sealerFor(voteId);
  const ballots = [
    election(['abstain', 'abstain', 'abstain', 'abstain', 'abstain', 'abstain']),
    election(['against', 'against', 'against', 'against', 'against', 'against'], {
      0: '甲',
      1: '一个很长很长很长很长很长很长很长很长很长很长很长很长很长很长的名字',
    }),
    election(['for', 'for', 'for', 'for', 'for', 'against'], {}, false),
  ];
  const lengths = new Set(ballots.map((b) => sealer.seal(crypto.randomUUID(), b).length));
  expect(lengths.size).toBe(1);
  const resolutions = (['for', 'against', 'abstain'] as const).map(
    (mark) =>
      sealer.seal(crypto.randomUUID(), { receiptCode: newReceiptCode(), valid: true, choices: { kind: 'resolution', mark } })
        .length,
  );
  expect(new Set(resolutions).size).toBe(1);
});

test('the sealed bytes contain neither the receipt code nor the write-in, and open only for their own row and vote', async () => {
  const sealer = await sealerFor(voteId);
  const b = election(['against', 'for', 'abstain', 'abstain', 'abstain', 'abstain'], { 0: 'WRITEINNAME' });
  const row = crypto.randomUUID();
  const sealed = sealer.seal(row, b);
  expect(sealed.includes(Buffer.from(b.receiptCode))).toBe(false);
  expect(sealed.includes(Buffer.from('WRITEINNAME'))).toBe(false);
  expect(sealer.open(row, sealed)).toEqual(b);
  expect(() => sealer.open(crypto.randomUUID(), sealed)).toThrow(expect.objectContaining({ code: 'BALLOT_UNREADABLE' }));
  const otherVote = await sealerFor(crypto.randomUUID());
  expect(() => otherVote.open(row, sealed)).toThrow(expect.objectContaining({ code: 'BALLOT_UNREADABLE' }));
  const flipped = Buffer.from(sealed);
  flipped[20] ^= 1;
  expect(() => sealer.open(row, flipped)).toThrow(expect.objectContaining({ code: 'BALLOT_UNREADABLE' }));
  // another server secret (e.g. rotated mid-vote) cannot open it either
  useSecret('another-secret-entirely-different');
  expect(() => sealer.open(row, sealed)).not.toThrow(); // a sealer keeps the key it was made with
  await expect(sealerFor(voteId).then((s) => s.open(row, sealed))).rejects.toMatchObject({ code: 'BALLOT_UNREADABLE' });
});

test('without a server secret nothing is sealed', async () => {
  useSecret(null);
  await expect(sealerFor(voteId)).rejects.toMatchObject({ code: 'SERVER_CONFIG' });
});

test('shuffle is a permutation and does not keep the order', () => {
  const items = Array.from({ length: 200 }, (_, i) => i);
  const s = shuffle(items);
  expect([...s].sort((a, b) => a - b)).toEqual(items);
  expect(s.filter((x, i) => x === i).length).toBeLessThan(10); // a random permutation has ~1 fixed point
  expect(items[0]).toBe(0); // input untouched
});
