import { sql } from 'drizzle-orm';
import { rows } from '../../cloudfunctions/core/db/client';
import { createHarness, type Harness } from '../support/harness';
import { congressInput, expectCode, makeMembers } from './support';

/** 现场代签到: a delegate in the hall without a phone is checked in by the chair; nobody else may, and it is audited. */
let h: Harness;
let chair: string;
let delegates: string[];

beforeAll(async () => {
  h = await createHarness();
  chair = h.base.people.wangFang;
  delegates = await makeMembers(h, h.base.unions.xinghuo, 3);
});
afterAll(() => h.close());

test('the chair checks a delegate in; attendance counts them once; the audit names the delegate and the chair', async () => {
  const { congressId } = await h.ok(chair, 'congress.create', congressInput(h.base.unions.xinghuo, delegates));
  const first = await h.ok(chair, 'congress.checkInDelegate', { congressId, personId: delegates[1] });
  expect(first.attendance.checkedIn).toBe(1);
  // twice, or the delegate's own tap afterwards, counts nothing more
  expect((await h.ok(chair, 'congress.checkInDelegate', { congressId, personId: delegates[1] })).attendance.checkedIn).toBe(1);
  expect((await h.ok(delegates[1], 'congress.checkIn', { congressId })).attendance.checkedIn).toBe(1);
  const { delegates: list } = await h.ok(chair, 'congress.delegates', { congressId });
  expect(list.filter((d) => d.checkedIn).map((d) => d.personId)).toEqual([delegates[1]]);

  const audits = await rows<{ action: string; actor_id: string; detail: Record<string, unknown> }>(
    h.database.db,
    sql`SELECT action, actor_id, detail FROM audit_log WHERE target_id = ${congressId} AND action LIKE 'congress.checkIn%'`,
  );
  expect(audits).toEqual([{ action: 'congress.checkInDelegate', actor_id: chair, detail: { delegateId: delegates[1] } }]);
});

test("only a delegate of the congress, only by its union's chairs", async () => {
  const { congressId } = await h.ok(chair, 'congress.create', congressInput(h.base.unions.xinghuo, delegates));
  await expectCode(h.call(chair, 'congress.checkInDelegate', { congressId, personId: h.base.people.zhangWei }), 'NOT_DELEGATE');
  await expectCode(h.call(delegates[0], 'congress.checkInDelegate', { congressId, personId: delegates[2] }), 'FORBIDDEN');
  await expectCode(
    h.call(h.base.people.yangFan, 'congress.checkInDelegate', { congressId, personId: delegates[2] }),
    'FORBIDDEN',
  );
});

describe('调整代表名单', () => {
  test('until the first vote opens: stayers keep their check-in, the removed lose it, the quorum follows; audited', async () => {
    const extra = await makeMembers(h, h.base.unions.xinghuo, 2);
    const { congressId } = await h.ok(chair, 'congress.create', congressInput(h.base.unions.xinghuo, delegates));
    await h.ok(delegates[0], 'congress.checkIn', { congressId });
    await h.ok(delegates[2], 'congress.checkIn', { congressId });

    const out = await h.ok(chair, 'congress.saveDelegates', { congressId, delegates: [delegates[0], delegates[1], ...extra] });
    expect(out.delegates.map((d) => d.personId).sort()).toEqual([delegates[0], delegates[1], ...extra].sort());
    expect(out.delegates.find((d) => d.personId === delegates[0])?.checkedIn).toBe(true);
    expect(out.attendance).toMatchObject({ entitled: 4, checkedIn: 1 });
    const [audit] = await rows<{ detail: Record<string, unknown> }>(
      h.database.db,
      sql`SELECT detail FROM audit_log WHERE target_id = ${congressId} AND action = 'congress.saveDelegates'`,
    );
    expect(audit.detail).toEqual({ delegates: 4, added: 2, removed: 1 });
    // the removed delegate can no longer check in
    await expectCode(h.call(delegates[2], 'congress.checkIn', { congressId }), 'NOT_DELEGATE');

    // once a vote has opened, the list is fixed
    const { agenda } = await h.ok(chair, 'congress.get', { congressId });
    await h.ok(chair, 'congress.checkInDelegate', { congressId, personId: delegates[1] });
    await h.ok(chair, 'congress.checkInDelegate', { congressId, personId: extra[0] });
    await h.ok(chair, 'congress.openVote', { voteId: agenda[0].id });
    await expectCode(h.call(chair, 'congress.saveDelegates', { congressId, delegates }), 'INVALID_STATE');
  });

  test('only active members of the union, only by its chairs', async () => {
    const { congressId } = await h.ok(chair, 'congress.create', congressInput(h.base.unions.xinghuo, delegates));
    const outsider = h.base.people.yangFan; // chair of another union
    await expectCode(h.call(chair, 'congress.saveDelegates', { congressId, delegates: [outsider] }), 'NOT_MEMBER');
    await expectCode(h.call(delegates[0], 'congress.saveDelegates', { congressId, delegates }), 'FORBIDDEN');
    await expectCode(h.call(outsider, 'congress.saveDelegates', { congressId, delegates }), 'FORBIDDEN');
  });
});
