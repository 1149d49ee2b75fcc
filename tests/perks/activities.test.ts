import ExcelJS from 'exceljs';
import crypto from 'node:crypto';
import type { Harness } from '../support/harness';
import { rows, sql } from '../../cloudfunctions/core/db/client';
import { drawOrder } from '../../cloudfunctions/core/perks/lottery';
import { at, code, usePerksHarness } from './support';
import type { ActivityDetail } from '@shared/contracts/perks';

/**
 * Activities: publish → sign up → draw → check in; the lottery recomputed by anyone from the published receipts
 * and the revealed seed; freed places down the waitlist with a notice; first come; audience and eligibility.
 */
let h: Harness;
const next = usePerksHarness((bed) => (h = bed));
const chair = () => h.base.people.wangFang;

let seq = 0;
async function publish(over: Record<string, unknown> = {}): Promise<ActivityDetail> {
  return h.ok(chair(), 'perks.publishActivity', {
    unionId: h.base.unions.xinghuo,
    audience: 'members',
    title: `观影${++seq}`,
    place: '工人文化宫',
    startsAt: at(72),
    endsAt: at(74),
    capacity: 3,
    signupOpensAt: at(-1),
    signupClosesAt: at(24),
    mode: 'lottery',
    fields: [{ key: 'size', label: '衣服尺码', required: true }],
    pointsOnCheckin: 10,
    ...over,
  } as never);
}

/** The documented rule, written here independently of lottery.ts: sort by hex(sha256(seed + ':' + receipt)). */
const recompute = (seed: string, receipts: string[]) =>
  [...receipts]
    .map((r) => [crypto.createHash('sha256').update(`${seed}:${r}`).digest('hex'), r] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([, r]) => r);

test('lottery: the seed hash is published first; the draw is recomputable from the published receipts and the seed', async () => {
  const a = await publish();
  expect(a.seedHash).toMatch(/^[0-9a-f]{64}$/);
  expect(a.seed).toBeNull();
  const people = Array.from({ length: 8 }, next);
  for (const p of people) await h.ok(p, 'perks.signUp', { activityId: a.id, answers: { size: 'L' } });
  const before = await h.ok(people[0], 'perks.lotteryList', { activityId: a.id });
  expect(before).toMatchObject({ seed: null, order: null, seedHash: a.seedHash });
  expect(before.receipts).toHaveLength(8);
  expect(await code(h.call(chair(), 'perks.draw', { activityId: a.id }))).toBe('SIGNUP_OPEN');

  h.setNow(at(25));
  const drawn = await h.ok(chair(), 'perks.draw', { activityId: a.id });
  expect(crypto.createHash('sha256').update(drawn.seed!).digest('hex')).toBe(a.seedHash);
  expect(drawn.order).toEqual(recompute(drawn.seed!, drawn.receipts));
  expect(drawn.receipts).toEqual(before.receipts);
  expect(await code(h.call(chair(), 'perks.draw', { activityId: a.id }))).toBe('ALREADY_DRAWN');

  // each member's status follows their receipt's place in the order
  for (const p of people) {
    const d = await h.ok(p, 'perks.activity', { activityId: a.id });
    const place = drawn.order!.indexOf(d.mine!.receipt);
    expect(d.mine!.status).toBe(place < 3 ? 'confirmed' : 'waitlisted');
    if (place >= 3) expect(d.mine!.waitlistPosition).toBe(place - 2);
  }
  const [{ n }] = await rows<{ n: number }>(
    h.database.db,
    sql`SELECT count(*)::int AS n FROM notices WHERE subject_id = ${a.id} AND kind = 'activity_drawn'`,
  );
  expect(n).toBe(8);
});

test('the draw order depends only on the seed and the set of receipts', () => {
  const receipts = ['ABCDEFGH', 'JKLMNPQR', 'STUVWXYZ', '23456789', 'HJKLMNPQ'];
  const seed = 'a'.repeat(64);
  expect(drawOrder(seed, receipts)).toEqual(drawOrder(seed, [...receipts].reverse()));
  expect(drawOrder(seed, receipts)).toEqual(recompute(seed, receipts));
  expect(drawOrder('b'.repeat(64), receipts)).not.toEqual(drawOrder(seed, receipts));
});

test('a freed place goes to the first on the waitlist with a notice; check-in by code posts the points once', async () => {
  const a = await publish({ capacity: 2 });
  const people = Array.from({ length: 5 }, next);
  for (const p of people) await h.ok(p, 'perks.signUp', { activityId: a.id, answers: { size: 'M' } });
  h.setNow(at(25));
  const drawn = await h.ok(chair(), 'perks.draw', { activityId: a.id });
  const byReceipt = new Map<string, string>();
  for (const p of people) byReceipt.set((await h.ok(p, 'perks.activity', { activityId: a.id })).mine!.receipt, p);
  const [first, second, third, fourth] = drawn.order!.map((r) => byReceipt.get(r)!);

  await h.ok(first, 'perks.cancelSignup', { activityId: a.id });
  const promoted = await h.ok(third, 'perks.activity', { activityId: a.id });
  expect(promoted.mine!.status).toBe('confirmed');
  expect((await h.ok(fourth, 'perks.activity', { activityId: a.id })).mine!.waitlistPosition).toBe(1);
  const notices = await h.ok(third, 'notices.list', { source: 'perks' } as never);
  expect(notices.notices.map((n) => n.title)).toContain('候补成功');

  const mine = (await h.ok(second, 'perks.activity', { activityId: a.id })).mine!;
  h.setNow(at(72));
  await h.ok(chair(), 'perks.checkIn', { activityId: a.id, code: mine.checkinCode.toLowerCase() });
  expect(await code(h.call(chair(), 'perks.checkIn', { activityId: a.id, code: mine.checkinCode }))).toBe('ALREADY_CHECKED_IN');
  const waiting = (await h.ok(fourth, 'perks.activity', { activityId: a.id })).mine!;
  expect(await code(h.call(chair(), 'perks.checkIn', { activityId: a.id, code: waiting.checkinCode }))).toBe('NOT_CONFIRMED');
  expect(await code(h.call(chair(), 'perks.checkIn', { activityId: a.id, code: 'ZZZZZZZZ' }))).toBe('NOT_FOUND');
  expect((await h.ok(second, 'perks.myPoints', {})).balance).toBe(10);
  const list = await h.ok(chair(), 'perks.signups', { activityId: a.id });
  expect(list.byUnion).toEqual([{ unionName: expect.any(String), signups: 4, checkedIn: 1 }]);
  // a member cannot check people in
  expect(await code(h.call(second, 'perks.checkIn', { activityId: a.id, code: mine.checkinCode }))).toBe('FORBIDDEN');
  // after the start nobody cancels
  expect(await code(h.call(third, 'perks.cancelSignup', { activityId: a.id }))).toBe('TOO_LATE');
});

test('first come: places in order of arrival, then the waitlist; the window and the sign-up fields are enforced', async () => {
  const a = await publish({ mode: 'first_come', capacity: 2, signupOpensAt: at(1) });
  const [p1, p2, p3] = [next(), next(), next()];
  expect(await code(h.call(p1, 'perks.signUp', { activityId: a.id, answers: { size: 'S' } }))).toBe('SIGNUP_NOT_OPEN');
  h.setNow(at(2));
  const missing = await h.call(p1, 'perks.signUp', { activityId: a.id, answers: {} });
  expect(missing.ok ? null : missing.error).toMatchObject({ code: 'INVALID_INPUT', message: '请填写衣服尺码' });
  expect((await h.ok(p1, 'perks.signUp', { activityId: a.id, answers: { size: 'S' } })).status).toBe('confirmed');
  expect(await code(h.call(p1, 'perks.signUp', { activityId: a.id, answers: { size: 'S' } }))).toBe('ALREADY_SIGNED_UP');
  expect((await h.ok(p2, 'perks.signUp', { activityId: a.id, answers: { size: 'S' } })).status).toBe('confirmed');
  const third = await h.ok(p3, 'perks.signUp', { activityId: a.id, answers: { size: 'S' } });
  expect(third).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
  expect(await code(h.call(chair(), 'perks.draw', { activityId: a.id }))).toBe('NOT_LOTTERY');
  await h.ok(p1, 'perks.cancelSignup', { activityId: a.id });
  expect((await h.ok(p3, 'perks.activity', { activityId: a.id })).mine!.status).toBe('confirmed');
  // signing up again after cancelling joins the end of the queue
  expect((await h.ok(p1, 'perks.signUp', { activityId: a.id, answers: { size: 'S' } })).status).toBe('waitlisted');
  h.setNow(at(25));
  expect(await code(h.call(next(), 'perks.signUp', { activityId: a.id, answers: { size: 'S' } }))).toBe('SIGNUP_CLOSED');
});

test('audience: a federation publishes to its subtree; a union publishes to its own members only', async () => {
  const east = await h.ok(h.base.people.chenJing, 'perks.publishActivity', {
    unionId: h.base.unions.east,
    audience: 'subtree',
    title: '东湖区疗休养',
    startsAt: at(72),
    endsAt: at(96),
    capacity: 10,
    signupOpensAt: at(-1),
    signupClosesAt: at(24),
    mode: 'lottery',
  } as never);
  const own = await publish();
  const member = next();
  const titles = (await h.ok(member, 'perks.activities', {})).activities.map((x) => x.id);
  expect(titles).toEqual(expect.arrayContaining([east.id, own.id]));
  // 青石物流 lies under 西山区: sees neither, and cannot sign up
  const logisticsChair = h.base.people.zhouJie;
  const seen = (await h.ok(logisticsChair, 'perks.activities', {})).activities.map((x) => x.id);
  expect(seen).not.toContain(east.id);
  expect(seen).not.toContain(own.id);
  expect(await code(h.call(logisticsChair, 'perks.signUp', { activityId: east.id, answers: {} }))).toBe('NOT_ELIGIBLE');
  expect(await code(h.call(logisticsChair, 'perks.activity', { activityId: own.id }))).toBe('NOT_FOUND');
  expect((await h.ok(member, 'perks.signUp', { activityId: east.id, answers: {} })).status).toBe('applied');
  // a chair of another union cannot publish for 星火, nor draw its activity
  expect(await code(h.call(logisticsChair, 'perks.draw', { activityId: own.id }))).toBe('FORBIDDEN');
  const bad = await h.call(chair(), 'perks.publishActivity', {
    unionId: h.base.unions.xinghuo,
    audience: 'members',
    title: '错误窗口',
    startsAt: at(72),
    endsAt: at(74),
    capacity: 3,
    signupOpensAt: at(30),
    signupClosesAt: at(24),
    mode: 'lottery',
  } as never);
  expect(bad.ok ? null : bad.error.code).toBe('INVALID_INPUT');
  expect(bad.ok ? null : JSON.stringify(bad.error)).toContain('报名截止');
});

test('the sign-up list exports as .xlsx: answers in their columns, times as dates, formulas stay text; officers only', async () => {
  const a = await publish({ mode: 'first_come' });
  const [p, q] = [next(), next()];
  await h.ok(p, 'perks.signUp', { activityId: a.id, answers: { size: '=HYPERLINK("x")' } });
  h.setNow(at(1));
  await h.ok(q, 'perks.signUp', { activityId: a.id, answers: { size: 'L, 加大' } });
  const out = await h.ok(chair(), 'perks.signupsXlsx', { activityId: a.id });
  expect(out.rows).toBe(2);
  expect(out.fileName).toBe(`${a.title}-报名名单.xlsx`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(out.contentBase64, 'base64') as never);
  const sheet = book.worksheets[0];
  expect(sheet.name).toBe('报名名单');
  expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
    '姓名',
    '工会',
    '报名凭证',
    '状态',
    '报名时间',
    '签到时间',
    '衣服尺码',
  ]);
  expect(sheet.rowCount).toBe(3);
  const sizes = [sheet.getRow(2).getCell(7), sheet.getRow(3).getCell(7)];
  expect(sizes.map((c) => c.value)).toEqual(['=HYPERLINK("x")', 'L, 加大']);
  expect(sizes.map((c) => c.type)).toEqual([ExcelJS.ValueType.String, ExcelJS.ValueType.String]);
  // signed up at 10:00 and 11:00 Shanghai time: Excel dates on the wall clock (exceljs reads them as UTC)
  const signedUp = [sheet.getRow(2).getCell(5).value, sheet.getRow(3).getCell(5).value] as Date[];
  expect(signedUp.map((d) => d.toISOString().slice(0, 16))).toEqual(['2026-11-25T10:00', '2026-11-25T11:00']);
  expect(sheet.getRow(2).getCell(5).numFmt).toBe('yyyy-mm-dd hh:mm');
  expect(sheet.getRow(2).getCell(4).value).toBe('已入选');
  expect(await code(h.call(h.base.people.liuYang, 'perks.signupsXlsx', { activityId: a.id }))).toBe('FORBIDDEN');
  expect(await code(h.call(p, 'perks.signupsXlsx', { activityId: a.id }))).toBe('FORBIDDEN');
});
