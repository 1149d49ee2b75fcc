import { sql } from 'drizzle-orm';
import { rows } from '../../cloudfunctions/core/db/client';
import { createHarness, type Harness } from '../support/harness';
import { engineName } from '../support/db';
import type { ResolutionTally } from '@shared/contracts/congress';
import { checkInAll, congressInput, makeMembers } from './support';

/** 500 delegates voting at once, plus double taps and second devices: exactly one ballot each. */
const N = 500;
let h: Harness;
let chair: string;
let delegates: string[];
let votes: string[];

const count = async (table: 'congress_turnout' | 'congress_ballots' | 'congress_ballot_box', voteId: string) =>
  Number(
    (
      await rows<{ n: number }>(
        h.database.db,
        sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE vote_id = ${voteId}`,
      )
    )[0].n,
  );

beforeAll(async () => {
  h = await createHarness();
  chair = h.base.people.wangFang;
  delegates = await makeMembers(h, h.base.unions.xinghuo, N);
  const { congressId } = await h.ok(
    chair,
    'congress.create',
    congressInput(h.base.unions.xinghuo, delegates, {
      agenda: [
        { kind: 'resolution', title: '第一项' },
        { kind: 'resolution', title: '第二项' },
      ],
    }),
  );
  await checkInAll(h, congressId);
  const c = await h.ok(chair, 'congress.get', { congressId });
  votes = c.agenda.map((v) => v.id);
});
afterAll(() => h.close());

test(`${N} delegates at once plus 250 duplicates → exactly ${N} ballots and turnout ${N} (${engineName()})`, async () => {
  const voteId = votes[0];
  await h.ok(chair, 'congress.openVote', { voteId });
  const marks = ['for', 'against', 'abstain'] as const;
  const calls = delegates.map((d, i) => ({ d, mark: marks[i % 3] }));
  // every second delegate taps twice (the second tap with a different choice, as from another device)
  for (let i = 0; i < N; i += 2) calls.push({ d: delegates[i], mark: marks[(i + 1) % 3] });
  // interleave so duplicates race their originals
  calls.sort((a, b) => a.d.localeCompare(b.d));
  const results = await Promise.all(
    calls.map((c) => h.call(c.d, 'congress.castBallot', { voteId, choices: { kind: 'resolution', mark: c.mark } })),
  );

  const ok = results.filter((r) => r.ok);
  const codes = results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code));
  expect(ok).toHaveLength(N);
  expect(codes).toHaveLength(N / 2);
  expect(new Set(codes)).toEqual(new Set(['ALREADY_VOTED']));
  const successfulVoters = new Set(calls.filter((_, i) => results[i].ok).map((c) => c.d));
  expect(successfulVoters.size).toBe(N);
  const receipts = new Set(ok.map((r) => (r.ok ? r.data.receiptCode : '')));
  expect(receipts.size).toBe(N);

  expect(await count('congress_turnout', voteId)).toBe(N);
  expect(await count('congress_ballot_box', voteId)).toBe(N);
  const live = await h.ok(chair, 'congress.live', { voteId });
  expect(live.voted).toBe(N);

  const res = await h.ok(chair, 'congress.closeVote', { voteId });
  const t = res.tally as ResolutionTally;
  expect([t.issued, t.returned, t.valid, t.void]).toEqual([N, N, N, false]);
  expect(t.for + t.against + t.abstain).toBe(N);
  expect(await count('congress_ballots', voteId)).toBe(N);
  expect(await count('congress_ballot_box', voteId)).toBe(0);
});

test('casts racing the close: each is either counted or refused VOTE_CLOSED, never lost or late', async () => {
  const voteId = votes[1];
  await h.ok(chair, 'congress.openVote', { voteId });
  const voters = delegates.slice(0, 120);
  const casts = voters.map((d) => h.call(d, 'congress.castBallot', { voteId, choices: { kind: 'resolution', mark: 'for' } }));
  await new Promise((r) => setTimeout(r, 5));
  const close = h.ok(chair, 'congress.closeVote', { voteId });
  const results = await Promise.all(casts);
  const closed = await close;
  const accepted = results.filter((r) => r.ok).length;
  const refused = results.filter((r) => !r.ok);
  expect(refused.every((r) => !r.ok && (r.error.code === 'VOTE_CLOSED' || r.error.code === 'VOTE_NOT_OPEN'))).toBe(true);
  expect(accepted + refused.length).toBe(voters.length);
  expect(closed.tally.returned).toBe(accepted);
  expect(await count('congress_turnout', voteId)).toBe(accepted);
  expect(await count('congress_ballots', voteId)).toBe(accepted);
  expect(await count('congress_ballot_box', voteId)).toBe(0);
  const late = await h.call(delegates[N - 1], 'congress.castBallot', { voteId, choices: { kind: 'resolution', mark: 'for' } });
  expect(late.ok ? 'OK' : late.error.code).toBe('VOTE_CLOSED');
});
