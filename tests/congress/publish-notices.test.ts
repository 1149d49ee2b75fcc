import { sql } from 'drizzle-orm';
import { rows } from '../../cloudfunctions/core/db/client';
import { createHarness, type Harness } from '../support/harness';
import { checkInAll, congressInput, expectCode, makeMembers } from './support';

/** 公布 tells every active member of the union, nobody else; each person sees and marks only their own notices. */
let h: Harness;
let chair: string;
let delegates: string[];
let leftMember: string;
let pendingMember: string;
let voteId: string;
let notified: number;

async function personWith(status: 'left' | 'pending', unionId: string): Promise<string> {
  const [p] = await rows<{ id: string }>(
    h.database.db,
    sql`INSERT INTO people (name) VALUES (${`非在册${status}`}) RETURNING id`,
  );
  await h.database.db.execute(
    sql`INSERT INTO members (person_id, union_id, member_no, status) VALUES (${p.id}, ${unionId}, ${`X${p.id.slice(0, 8)}`}, ${status})`,
  );
  return p.id;
}

beforeAll(async () => {
  h = await createHarness();
  chair = h.base.people.wangFang;
  delegates = await makeMembers(h, h.base.unions.xinghuo, 3);
  leftMember = await personWith('left', h.base.unions.xinghuo);
  pendingMember = await personWith('pending', h.base.unions.xinghuo);
  const { congressId } = await h.ok(
    chair,
    'congress.create',
    congressInput(h.base.unions.xinghuo, delegates, { agenda: [{ kind: 'resolution', title: '审议通过《职工休假制度》' }] }),
  );
  await checkInAll(h, congressId);
  const [v] = (await h.ok(chair, 'congress.get', { congressId })).agenda;
  voteId = v.id;
  await h.ok(chair, 'congress.openVote', { voteId });
  for (const d of delegates) await h.ok(d, 'congress.castBallot', { voteId, choices: { kind: 'resolution', mark: 'for' } });
  await h.ok(chair, 'congress.closeVote', { voteId });
});
afterAll(() => h.close());

const noticesOfVote = async () =>
  (
    await rows<{ person_id: string }>(
      h.database.db,
      sql`SELECT person_id FROM notices WHERE subject_id = ${voteId} AND kind = 'congress_result'`,
    )
  ).map((r) => r.person_id);

test('closing alone tells nobody; publishing notifies every active member of the union in the same transaction', async () => {
  expect(await noticesOfVote()).toEqual([]);
  await h.ok(chair, 'congress.publish', { voteId });
  const told = await noticesOfVote();
  const active = (
    await rows<{ person_id: string }>(
      h.database.db,
      sql`SELECT person_id FROM members WHERE union_id = ${h.base.unions.xinghuo} AND status = 'active'`,
    )
  ).map((r) => r.person_id);
  expect(told.length).toBeGreaterThanOrEqual(60 + delegates.length);
  expect([...told].sort()).toEqual([...active].sort()); // each active member exactly once
  expect(told).toEqual(expect.arrayContaining([...h.base.membersOf.xinghuo, ...delegates, chair]));
  const [audit] = await rows<{ detail: { notified: number } }>(
    h.database.db,
    sql`SELECT detail FROM audit_log WHERE action = 'congress.publish' AND target_id = ${voteId}`,
  );
  notified = audit.detail.notified;
  expect(notified).toBe(told.length);
});

test('nobody outside the union is told: other unions, federation admins, former and pending members', async () => {
  const told = new Set(await noticesOfVote());
  const p = h.base.people;
  for (const outsider of [p.yangFan, p.zhouJie, p.chenJing, p.zhaoLei, p.sunLi, leftMember, pendingMember])
    expect(told.has(outsider)).toBe(false);
  expect((await h.ok(p.yangFan, 'notices.list', {})).notices.some((n) => n.source === 'congress')).toBe(false);
});

test('a member sees the announcement with its outcome and a link to the result page, unread until marked', async () => {
  const zhang = h.base.people.zhangWei;
  const mine = await h.ok(zhang, 'notices.list', { source: 'congress' });
  expect(mine.notices).toHaveLength(1);
  expect(mine.notices[0]).toMatchObject({
    source: 'congress',
    title: '表决结果公布：审议通过《职工休假制度》',
    page: `pages/congress/result/index?voteId=${voteId}`,
    read: false,
  });
  expect(mine.notices[0].body).toContain('赞成 3 票，获得通过');
  expect(mine.unread).toBe(1);
  // the linked result is readable by that member now that it is published
  expect((await h.ok(zhang, 'congress.result', { voteId })).vote.status).toBe('published');
  expect(await h.ok(zhang, 'notices.markRead', { noticeIds: [mine.notices[0].id] })).toEqual({ marked: 1, unread: 0 });
  expect((await h.ok(zhang, 'notices.list', {})).notices[0].read).toBe(true);
});

test("a member sees only their own notices and cannot mark anyone else's read", async () => {
  const [a, b] = delegates;
  const listA = await h.ok(a, 'notices.list', {});
  const listB = await h.ok(b, 'notices.list', {});
  const ids = async (who: string) =>
    (await rows<{ id: string }>(h.database.db, sql`SELECT id FROM notices WHERE person_id = ${who}`)).map((r) => r.id).sort();
  expect(listA.notices.map((n) => n.id).sort()).toEqual(await ids(a));
  expect(listB.notices.map((n) => n.id).sort()).toEqual(await ids(b));
  expect(listA.notices.some((n) => listB.notices.some((m) => m.id === n.id))).toBe(false);
  // delegates were told of the convocation, the vote's opening and its result: three each, all unread
  expect([listA.unread, listB.unread]).toEqual([3, 3]);
  // a's ids given by b mark nothing; a's notices stay unread
  expect(await h.ok(b, 'notices.markRead', { noticeIds: listA.notices.map((n) => n.id) })).toEqual({
    marked: 0,
    unread: 3,
  });
  expect((await h.ok(a, 'notices.list', {})).unread).toBe(3);
  // marking all marks only one's own
  expect(await h.ok(b, 'notices.markRead', {})).toEqual({ marked: 3, unread: 0 });
  expect((await h.ok(a, 'notices.list', {})).unread).toBe(3);
  await expectCode(h.call(null, 'notices.list', {}), 'UNAUTHENTICATED');
  await expectCode(h.call(null, 'notices.markRead', {}), 'UNAUTHENTICATED');
  await expectCode(h.call(a, 'notices.markRead', { noticeIds: ['not-a-uuid'] }), 'INVALID_INPUT');
});

test('publishing again is refused and tells nobody a second time', async () => {
  const before = (await noticesOfVote()).length;
  await expectCode(h.call(chair, 'congress.publish', { voteId }), 'ALREADY_PUBLISHED');
  expect((await noticesOfVote()).length).toBe(before);
});
