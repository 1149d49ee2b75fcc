import { createHarness, type Harness } from '../support/harness';
import { type Db } from '../../cloudfunctions/core/db/client';
import { IDENTITY_LOOKUP, signedIn, traffic } from '../support/traffic';
import { checkInAll, congressInput, expectCode, makeMembers } from './support';

/**
 * Casting a ballot in the crowd (ballot-box.ts, migration 0651): no transaction around it, the roles and the
 * union as for every role-restricted action, then ONE statement that writes turnout and box together; a refusal
 * comes back as a value, and an invalid ballot is refused only after the vote/delegate/turnout checks, as before.
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

test('a cast: roles, union and one writing statement, no transaction around them; a refusal raises nothing', async () => {
  await cast(delegates[3]); // the vote's form is now known to this process
  const callAs = await signedIn(h, delegates[0]);
  const castAs = () =>
    callAs('congress.castBallot', { voteId: resolution, choices: { kind: 'resolution', mark: 'for' } } as never);
  const t = await traffic(h.database.db as Db, castAs);
  expect(t.result.ok).toBe(true);
  // the caller lookup (person, session version, roles), the union's path for the role check, the cast itself
  expect({ statements: t.statements, transactions: t.transactions, raised: t.raised }).toEqual({
    statements: IDENTITY_LOOKUP + 2,
    transactions: 0,
    raised: 0,
  });
  const again = await traffic(h.database.db as Db, castAs);
  await expectCode(Promise.resolve(again.result), 'ALREADY_VOTED');
  expect({ statements: again.statements, raised: again.raised }).toEqual({ statements: IDENTITY_LOOKUP + 2, raised: 0 });
});

test('an invalid ballot from someone who already voted hears ALREADY_VOTED first, and writes nothing', async () => {
  await expectCode(cast(delegates[0], { kind: 'election', marks: [] }), 'ALREADY_VOTED');
  await expectCode(cast(delegates[1], { kind: 'election', marks: [] }), 'BALLOT_INVALID');
  await expectCode(cast(delegates[1]), 'OK'); // the refused ballot did not use up the turn
});
