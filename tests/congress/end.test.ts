import { sql } from 'drizzle-orm';
import { rows } from '../../cloudfunctions/core/db/client';
import { createHarness, type Harness } from '../support/harness';
import { candidates, checkInAll, congressInput, expectCode, makeMembers } from './support';

/** 闭幕: the chair ends the congress once no vote is open; afterwards nothing opens, and the list says so. */
let h: Harness;
let chair: string;
let delegates: string[];

beforeAll(async () => {
  h = await createHarness();
  chair = h.base.people.wangFang;
  delegates = await makeMembers(h, h.base.unions.xinghuo, 3);
});
afterAll(() => h.close());

async function newCongress(agenda = congressInput('', []).agenda) {
  const { congressId } = await h.ok(chair, 'congress.create', congressInput(h.base.unions.xinghuo, delegates, { agenda }));
  await checkInAll(h, congressId);
  const { agenda: votes } = await h.ok(chair, 'congress.get', { congressId });
  return { congressId, votes };
}
const vote = (voteId: string, who: string, mark: 'for' | 'against' = 'for') =>
  h.ok(who, 'congress.castBallot', { voteId, choices: { kind: 'resolution', mark } });

test('not while a vote is open; then ended, audited, shown as ended in the list and the detail', async () => {
  const { congressId, votes } = await newCongress();
  await h.ok(chair, 'congress.openVote', { voteId: votes[0].id });
  await expectCode(h.call(chair, 'congress.end', { congressId }), 'VOTE_OPEN');
  for (const d of delegates) await vote(votes[0].id, d);
  await h.ok(chair, 'congress.closeVote', { voteId: votes[0].id });

  h.setNow('2026-03-01T17:00:00+08:00');
  const ended = await h.ok(chair, 'congress.end', { congressId });
  expect(ended).toEqual({ congressId, status: 'ended', endedAt: '2026-03-01T09:00:00.000Z', notHeld: 1 });
  await expectCode(h.call(chair, 'congress.end', { congressId }), 'CONGRESS_ENDED');

  const { congresses } = await h.ok(delegates[0], 'congress.list', { unionId: h.base.unions.xinghuo });
  expect(congresses.find((c) => c.id === congressId)).toMatchObject({ status: 'ended', endedAt: '2026-03-01T09:00:00.000Z' });
  const detail = await h.ok(chair, 'congress.get', { congressId });
  expect(detail.status).toBe('ended');
  expect(detail.agenda[1]).toMatchObject({ status: 'pending', canOpen: false, openBlockedReason: '本次职代会已闭幕' });

  const audits = await rows<{ action: string; actor_id: string; detail: Record<string, unknown> }>(
    h.database.db,
    sql`SELECT action, actor_id, detail FROM audit_log WHERE target_id = ${congressId} AND action = 'congress.end'`,
  );
  expect(audits).toHaveLength(1);
  expect(audits[0]).toMatchObject({ actor_id: chair, detail: { closed: 1, published: 0, notHeld: 1 } });
});

test('after 闭幕 nothing can be opened, created or checked in; results already counted can still be published', async () => {
  const { congressId, votes } = await newCongress([
    { kind: 'election', title: '选举委员', seats: 2, candidates: candidates(['甲', '乙', '丙']) },
    { kind: 'resolution', title: '表决' },
  ]);
  await h.ok(chair, 'congress.openVote', { voteId: votes[0].id });
  const idOf = (name: string) => votes[0].candidates.find((c) => c.name === name)!.id;
  // 甲 passes (3 of 3), 乙 and 丙 do not: one seat short → a run-off would be needed
  for (const d of delegates) {
    await h.ok(d, 'congress.castBallot', {
      voteId: votes[0].id,
      choices: {
        kind: 'election',
        marks: [
          { candidateId: idOf('甲'), mark: 'for' },
          { candidateId: idOf('乙'), mark: 'against' },
          { candidateId: idOf('丙'), mark: 'abstain' },
        ],
      },
    });
  }
  const closed = await h.ok(chair, 'congress.closeVote', { voteId: votes[0].id });
  expect(closed.canCreateRunoff).toBe(true);
  await h.ok(chair, 'congress.end', { congressId });

  await expectCode(h.call(chair, 'congress.openVote', { voteId: votes[1].id }), 'CONGRESS_ENDED');
  await expectCode(h.call(chair, 'congress.createRunoff', { voteId: votes[0].id }), 'CONGRESS_ENDED');
  await expectCode(h.call(delegates[0], 'congress.checkIn', { congressId }), 'CONGRESS_ENDED');
  const published = await h.ok(chair, 'congress.publish', { voteId: votes[0].id });
  expect(published.vote.status).toBe('published');
  expect(published.canCreateRunoff).toBe(false);
  const [open] = await rows(
    h.database.db,
    sql`SELECT 1 FROM congress_votes WHERE congress_id = ${congressId} AND status = 'open'`,
  );
  expect(open).toBeUndefined();
});

test('only a chair of that union ends it', async () => {
  const { congressId } = await newCongress();
  await expectCode(h.call(delegates[0], 'congress.end', { congressId }), 'FORBIDDEN');
  await expectCode(h.call(h.base.people.yangFan, 'congress.end', { congressId }), 'FORBIDDEN');
  await expectCode(h.call(h.base.people.chenJing, 'congress.end', { congressId }), 'FORBIDDEN');
  await expectCode(h.call(null, 'congress.end', { congressId }), 'UNAUTHENTICATED');
  expect((await h.ok(h.base.people.liQiang, 'congress.end', { congressId })).status).toBe('ended'); // vice chair
});

test('an end and an open racing: never an ended congress with an open vote', async () => {
  for (let i = 0; i < 5; i++) {
    const { congressId, votes } = await newCongress();
    const [end, open] = await Promise.all([
      h.call(chair, 'congress.end', { congressId }),
      h.call(h.base.people.liQiang, 'congress.openVote', { voteId: votes[0].id }),
    ]);
    const [c] = await rows<{ status: string; open: number }>(
      h.database.db,
      sql`SELECT status, (SELECT count(*)::int FROM congress_votes v WHERE v.congress_id = c.id AND v.status = 'open') AS open FROM congresses c WHERE c.id = ${congressId}`,
    );
    // exactly one of them wins
    expect([end.ok, open.ok].filter(Boolean)).toHaveLength(1);
    expect({ status: c.status, open: Number(c.open) }).toEqual(
      end.ok ? { status: 'ended', open: 0 } : { status: 'checkin', open: 1 },
    );
  }
});
