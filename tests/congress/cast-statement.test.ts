import { createHarness, type Harness } from '../support/harness';
import { rows, sql, type Db as Db } from '../../cloudfunctions/core/db/client';
import { signedIn, traffic } from '../support/traffic';
import { checkInAll, congressInput, expectCode, makeMembers } from './support';

/**
 * Casting a ballot in the crowd (ballot-box.ts, migrations 0651 and 0771): ONE statement in all and no transaction
 * around it — it checks the caller (session version, `member` of the vote's union: `session: 'inline'`), spends the
 * write budget and writes turnout and box together; a refusal comes back as a value, and an invalid ballot is
 * refused only after the vote/delegate/turnout checks, as before.
 */
let h: Harness;
let delegates: string[];
let resolution: string;
const chair = () => h.base.people.wangFang;

beforeAll(async () => {
  h = await createHarness();
  delegates = await makeMembers(h, h.base.unions.xinghuo, 4);
  const { congressId } = await h.ok(chair(), 'congress.create', congressInput(h.base.unions.xinghuo, delegates));
  await checkInAll(h, congressId);
  resolution = (await h.ok(chair(), 'congress.get', { congressId })).agenda[0].id;
  await h.ok(chair(), 'congress.openVote', { voteId: resolution });
});
afterAll(() => h?.close());

const cast = (who: string, choices: unknown = { kind: 'resolution', mark: 'for' }) =>
  h.call(who, 'congress.castBallot', { voteId: resolution, choices } as never);

test('a cast: one statement in all (caller, roles, budget and the writes), no transaction around it; a refusal raises nothing', async () => {
  await cast(delegates[3]); // the vote's form is now known to this process
  const callAs = await signedIn(h, delegates[0]);
  const castAs = () =>
    callAs('congress.castBallot', { voteId: resolution, choices: { kind: 'resolution', mark: 'for' } } as never);
  const t = await traffic(h.database.db as Db, castAs);
  expect(t.result.ok).toBe(true);
  // no caller lookup, no union lookup (the vote's form knows its path), no budget statement: the cast alone
  expect(t.sql).toEqual([expect.stringContaining('congress_cast_ballot_v2')]);
  expect({ statements: t.statements, transactions: t.transactions, raised: t.raised }).toEqual({
    statements: 1,
    transactions: 0,
    raised: 0,
  });
  const again = await traffic(h.database.db as Db, castAs);
  await expectCode(Promise.resolve(again.result), 'ALREADY_VOTED');
  expect({ statements: again.statements, raised: again.raised }).toEqual({ statements: 1, raised: 0 });
});

test('an invalid ballot from someone who already voted hears ALREADY_VOTED first, and writes nothing', async () => {
  await expectCode(cast(delegates[0], { kind: 'election', marks: [] }), 'ALREADY_VOTED');
  await expectCode(cast(delegates[1], { kind: 'election', marks: [] }), 'BALLOT_INVALID');
  await expectCode(cast(delegates[1]), 'OK'); // the refused ballot did not use up the turn
});

test('the statement refuses a revoked session and a caller without the role, writing nothing', async () => {
  const voter = delegates[2];
  const stale = await h.tokenFor(voter);
  await h.callWithToken(stale, 'unions.signOutEverywhere', {});
  const castWith = (token: string) =>
    h.callWithToken(token, 'congress.castBallot', { voteId: resolution, choices: { kind: 'resolution', mark: 'for' } } as never);
  const revoked = await traffic(h.database.db as Db, () => castWith(stale));
  await expectCode(Promise.resolve(revoked.result), 'UNAUTHENTICATED');
  expect(revoked.statements).toBe(1);
  // a chair of another union is no member of this vote's union
  await expectCode(cast(h.base.people.yangFan), 'FORBIDDEN');
  const [{ n }] = await rows<{ n: number }>(
    h.database.db,
    sql`SELECT count(*)::int AS n FROM congress_turnout WHERE vote_id = ${resolution} AND delegate_id IN (${voter}, ${h.base.people.yangFan})`,
  );
  expect(n).toBe(0);
  // signed in again, the same delegate votes
  await expectCode(cast(voter), 'OK');
});
