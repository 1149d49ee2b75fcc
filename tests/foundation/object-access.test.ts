import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { rows } from '../../cloudfunctions/core/db/client';
import { createHarness, type Harness } from '../support/harness';
import { serviceRules } from '../booking/support';
import { PNG } from '../aid/helpers';

/**
 * Object-level authorization: the matrix (authorization.test.ts) fixes each action's scope to one union; here
 * real handlers get OTHER unions' (or other people's) object ids inside the input, so every id → union lookup
 * (claims, attachments, bookings, slots, services, providers, congresses, votes, applications, invites, plans)
 * is exercised. Each call must be refused — never answered with the object's data, never change it.
 */
let h: Harness;
let dir: string;
const NOW = new Date('2026-10-15T02:00:00Z');
/** Refusals that reveal nothing about the object beyond "not yours". */
const REFUSED = ['FORBIDDEN', 'NOT_FOUND', 'NOT_ELIGIBLE', 'NOT_MEMBER', 'NOT_DELEGATE'];

const one = async (q: ReturnType<typeof sql>): Promise<string> => {
  const [r] = await rows<{ id: string }>(h.database.db, q);
  if (!r) throw new Error('fixture missing');
  return r.id;
};

const rules = serviceRules({ template: [{ weekday: 5, start: '09:00', end: '10:00' }], weeklyLimit: 2 });

// xinghuo's objects, and the outsiders' own
const x = {} as Record<
  | 'claim'
  | 'otherClaim'
  | 'attachment'
  | 'plan'
  | 'service'
  | 'slot'
  | 'provider'
  | 'booking'
  | 'congress'
  | 'vote'
  | 'application'
  | 'invite'
  | 'wangNotice',
  string
>;
let schoolService: string;
let schoolProvider: string;
let planRules: unknown;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-objects-'));
  process.env.PU_DATA_DIR = dir;
  h = await createHarness({ now: NOW });
  const { xinghuo, school } = h.base.unions;
  const { zhangWei, wangFang, liuYang, yangFan } = h.base.people;
  // a claim of 张伟's with an attachment (created through the real actions)
  const { plans } = await h.ok(zhangWei, 'aid.plans', {});
  const mine = await h.ok(zhangWei, 'aid.myClaims', {});
  x.claim = mine.claims[0].id;
  x.plan = plans[0].id;
  planRules = plans[0].rules;
  x.attachment = (
    await h.ok(zhangWei, 'aid.uploadAttachment', {
      claimId: x.claim,
      kind: 'invoice',
      fileName: '发票.png',
      contentBase64: PNG.toString('base64'),
    })
  ).id;
  x.otherClaim = await one(sql`SELECT id FROM aid_claims WHERE union_id = ${xinghuo} AND person_id <> ${zhangWei} LIMIT 1`);
  // a xinghuo service with a provider and a booking of 张伟's
  const svc = await h.ok(liuYang, 'booking.saveService', { unionId: xinghuo, name: '对象测试服务', rules });
  x.service = svc.id;
  x.provider = (
    await h.ok(liuYang, 'booking.saveProviders', { serviceId: svc.id, providers: [{ name: '王师傅' }] })
  ).providers[0].id;
  await h.ok(liuYang, 'booking.generateWeek', { serviceId: svc.id, weekStart: '2026-10-19', releaseNow: true });
  x.slot = await one(sql`SELECT id FROM booking_slots WHERE service_id = ${svc.id} ORDER BY starts_at LIMIT 1`);
  x.booking = (await h.ok(zhangWei, 'booking.book', { slotId: x.slot })).id;
  // the outsider's own service, to pair with xinghuo's ids
  schoolService = (await h.ok(yangFan, 'booking.saveService', { unionId: school, name: '学校服务', rules })).id;
  schoolProvider = (await h.ok(yangFan, 'booking.saveProviders', { serviceId: schoolService, providers: [{ name: '李师傅' }] }))
    .providers[0].id;
  x.congress = await one(sql`SELECT id FROM congresses WHERE union_id = ${xinghuo} LIMIT 1`);
  x.vote = await one(
    sql`SELECT id FROM congress_votes WHERE congress_id = ${x.congress} ORDER BY sort_key NULLS LAST LIMIT 1`,
  ).catch(() => one(sql`SELECT id FROM congress_votes WHERE congress_id = ${x.congress} LIMIT 1`));
  x.application = await one(sql`SELECT id FROM applications WHERE union_id = ${xinghuo} AND status = 'pending' LIMIT 1`);
  x.invite = await one(sql`SELECT id FROM invites WHERE union_id = ${xinghuo} LIMIT 1`);
  await h.database.db.execute(
    sql`INSERT INTO notices (person_id, source, kind, title, body, page, created_at) VALUES (${wangFang}, 'congress', 'test', '测试', '内容', '/pages/mine/index', now())`,
  );
  x.wangNotice = await one(sql`SELECT id FROM notices WHERE person_id = ${wangFang} AND kind = 'test'`);
}, 180_000); // a fresh seeded database and fixtures: slow on a loaded machine
afterAll(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Case = [label: string, who: () => string, action: string, input: () => Record<string, unknown>];
const chairOfSchool = () => h.base.people.yangFan;
const adminOfWest = () => h.base.people.sunLi;
const member = () => h.base.people.zhangWei;
const otherMember = () => h.base.membersOf.xinghuo.find((p) => !Object.values(h.base.people).includes(p))!;

const cases: Case[] = [
  // claims
  ['claim: another union reads it', chairOfSchool, 'aid.claim', () => ({ claimId: x.claim })],
  ['claim: another federation reads it', adminOfWest, 'aid.claim', () => ({ claimId: x.claim })],
  ['claim: another member of the union reads it', otherMember, 'aid.claim', () => ({ claimId: x.claim })],
  ['claim: another union reviews it', chairOfSchool, 'aid.review', () => ({ claimId: x.otherClaim, decision: 'approve' })],
  [
    'claim: another federation reviews it',
    adminOfWest,
    'aid.federationReview',
    () => ({ claimId: x.otherClaim, decision: 'approve' }),
  ],
  ['claim: another union submits it', chairOfSchool, 'aid.submit', () => ({ claimId: x.claim })],
  [
    'claim: a member edits another member’s',
    member,
    'aid.saveDraft',
    () => ({ claimId: x.otherClaim, planId: x.plan, diagnosis: '改' }),
  ],
  [
    'claim: another union attaches to it',
    chairOfSchool,
    'aid.uploadAttachment',
    () => ({ claimId: x.claim, kind: 'other', fileName: 'x.png', contentBase64: PNG.toString('base64') }),
  ],
  [
    'claim: another member attaches to it',
    otherMember,
    'aid.uploadAttachment',
    () => ({ claimId: x.claim, kind: 'other', fileName: 'x.png', contentBase64: PNG.toString('base64') }),
  ],
  // attachments
  ['attachment: another union opens it', chairOfSchool, 'aid.attachmentUrl', () => ({ attachmentId: x.attachment })],
  ['attachment: another member opens it', otherMember, 'aid.attachmentUrl', () => ({ attachmentId: x.attachment })],
  ['attachment: another union removes it', chairOfSchool, 'aid.removeAttachment', () => ({ attachmentId: x.attachment })],
  // plans
  [
    'plan: another union saves over it',
    chairOfSchool,
    'aid.savePlan',
    () => ({
      planId: x.plan,
      unionId: h.base.unions.school,
      year: 2026,
      name: '改名',
      enrolStartsOn: '2026-01-01',
      enrolEndsOn: '2026-12-31',
      contributionFen: 1,
      rules: planRules,
    }),
  ],
  [
    'plan: another union enrols xinghuo members in it',
    chairOfSchool,
    'aid.enrolMembers',
    () => ({ planId: x.plan, unionId: h.base.unions.school, personIds: [member()] }),
  ],
  [
    'plan: another union pays xinghuo claims',
    chairOfSchool,
    'aid.pay',
    () => ({ unionId: h.base.unions.school, claimIds: [x.otherClaim] }),
  ],
  // services, slots, providers, bookings
  [
    'service: another union generates its week',
    chairOfSchool,
    'booking.generateWeek',
    () => ({ serviceId: x.service, weekStart: '2026-10-26' }),
  ],
  ['service: another union reads its day', chairOfSchool, 'booking.day', () => ({ serviceId: x.service, date: '2026-10-23' })],
  [
    'service: another union saves over it',
    chairOfSchool,
    'booking.saveService',
    () => ({ serviceId: x.service, unionId: h.base.unions.school, name: '夺取', rules }),
  ],
  [
    'service: another union replaces its providers',
    chairOfSchool,
    'booking.saveProviders',
    () => ({ serviceId: x.service, providers: [{ name: '夺取' }] }),
  ],
  ['service: another union reads its stats', chairOfSchool, 'booking.stats', () => ({ serviceId: x.service })],
  [
    'service: another union closes its day',
    chairOfSchool,
    'booking.closeDay',
    () => ({ serviceId: x.service, date: '2026-10-23', reason: '关' }),
  ],
  ['slot: another union closes it', chairOfSchool, 'booking.closeSlot', () => ({ slotId: x.slot, reason: '关' })],
  [
    'provider: another union takes it off',
    chairOfSchool,
    'booking.takeProviderOff',
    () => ({ providerId: x.provider, date: '2026-10-23', reason: '病' }),
  ],
  [
    'provider: own provider, xinghuo slot',
    chairOfSchool,
    'booking.takeProviderOff',
    () => ({ providerId: schoolProvider, slotId: x.slot, reason: '病' }),
  ],
  ['booking: another union cancels it', chairOfSchool, 'booking.cancel', () => ({ bookingId: x.booking })],
  ['booking: another member cancels it', otherMember, 'booking.cancel', () => ({ bookingId: x.booking })],
  ['booking: another union marks no-show', chairOfSchool, 'booking.markNoShow', () => ({ bookingId: x.booking })],
  [
    'booking: own service, xinghuo booking id',
    chairOfSchool,
    'booking.checkIn',
    () => ({ serviceId: schoolService, bookingId: x.booking }),
  ],
  ['slot: another union books it', chairOfSchool, 'booking.book', () => ({ slotId: x.slot })],
  // congresses and votes
  ['congress: another union reads it', chairOfSchool, 'congress.get', () => ({ congressId: x.congress })],
  ['congress: another union lists its delegates', chairOfSchool, 'congress.delegates', () => ({ congressId: x.congress })],
  ['congress: another union checks in', chairOfSchool, 'congress.checkIn', () => ({ congressId: x.congress })],
  ['congress: another union ends it', chairOfSchool, 'congress.end', () => ({ congressId: x.congress })],
  ['congress: another federation ends it', adminOfWest, 'congress.end', () => ({ congressId: x.congress })],
  [
    'congress: own union, xinghuo delegates',
    chairOfSchool,
    'congress.create',
    () => ({
      unionId: h.base.unions.school,
      title: '夺取',
      startsAt: '2026-11-01T09:00:00+08:00',
      delegates: [member()],
      agenda: [{ kind: 'resolution', title: '表决' }],
    }),
  ],
  ['vote: another union opens it', chairOfSchool, 'congress.openVote', () => ({ voteId: x.vote })],
  ['vote: another union closes it', chairOfSchool, 'congress.closeVote', () => ({ voteId: x.vote })],
  ['vote: another union watches it', chairOfSchool, 'congress.live', () => ({ voteId: x.vote })],
  [
    'vote: another union casts in it',
    chairOfSchool,
    'congress.castBallot',
    () => ({ voteId: x.vote, choices: { kind: 'resolution', mark: 'for' } }),
  ],
  ['vote: another union reads its result', chairOfSchool, 'congress.result', () => ({ voteId: x.vote })],
  ['vote: another union reads its receipts', chairOfSchool, 'congress.ballotList', () => ({ voteId: x.vote })],
  // applications and invites
  ['application: another union approves it', chairOfSchool, 'membership.approve', () => ({ applicationId: x.application })],
  [
    'application: another union rejects it',
    chairOfSchool,
    'membership.reject',
    () => ({ applicationId: x.application, reason: '不符合条件' }),
  ],
  ['invite: another union revokes it', chairOfSchool, 'membership.revokeInvite', () => ({ inviteId: x.invite })],
  [
    'invite: another union renders its QR',
    chairOfSchool,
    'membership.inviteQr',
    () => ({ inviteId: x.invite, link: 'https://pu.example.cn/x' }),
  ],
  [
    'union: another union rebrands it',
    chairOfSchool,
    'unions.updateBranding',
    () => ({ unionId: h.base.unions.xinghuo, slogan: '夺取' }),
  ],
];

describe('other unions’ ids inside the input are refused, never answered', () => {
  test.each(cases)('%s', async (_label, who, action, input) => {
    const r = await h.call(who(), action as never, input() as never);
    expect(r.ok ? { ok: true, data: r.data } : r.error.code).toEqual(expect.any(String));
    if (!r.ok) expect(REFUSED).toContain(r.error.code);
  });
});

describe('the objects are unchanged afterwards', () => {
  test('claim, attachment, booking, application, invite, service still as they were', async () => {
    const [s] = await rows<{
      claim: string;
      att: number;
      booking: string;
      app: string;
      revoked: boolean;
      svc: string;
      providers: number;
      union: string;
    }>(
      h.database.db,
      sql`SELECT (SELECT status FROM aid_claims WHERE id = ${x.claim}) AS claim,
                 (SELECT count(*)::int FROM aid_attachments WHERE id = ${x.attachment}) AS att,
                 (SELECT status FROM booking_bookings WHERE id = ${x.booking}) AS booking,
                 (SELECT status FROM applications WHERE id = ${x.application}) AS app,
                 (SELECT revoked_at IS NOT NULL FROM invites WHERE id = ${x.invite}) AS revoked,
                 (SELECT name FROM booking_services WHERE id = ${x.service}) AS svc,
                 (SELECT union_id::text FROM booking_services WHERE id = ${x.service}) AS union,
                 (SELECT count(*)::int FROM booking_providers WHERE service_id = ${x.service} AND active) AS providers`,
    );
    expect(s).toEqual({
      claim: 'draft',
      att: 1,
      booking: 'booked',
      app: 'pending',
      revoked: false,
      svc: '对象测试服务',
      union: h.base.unions.xinghuo,
      providers: 1,
    });
  });

  test('a batch approval from another union approves none of xinghuo’s applications', async () => {
    const r = await h.call(chairOfSchool(), 'membership.approveBatch', {
      unionId: h.base.unions.school,
      applicationIds: [x.application],
    });
    if (r.ok) {
      expect(r.data.approved).toEqual([]);
      expect(r.data.failed.map((f) => f.code)).toEqual(['FORBIDDEN']);
    } else expect(REFUSED).toContain(r.error.code);
    const [a] = await rows<{ status: string }>(h.database.db, sql`SELECT status FROM applications WHERE id = ${x.application}`);
    expect(a.status).toBe('pending');
  });

  test('marking another person’s notices read marks nothing', async () => {
    const r = await h.ok(member(), 'notices.markRead', { noticeIds: [x.wangNotice] });
    expect(r.marked).toBe(0);
    const [n] = await rows<{ read: boolean }>(
      h.database.db,
      sql`SELECT read_at IS NOT NULL AS read FROM notices WHERE id = ${x.wangNotice}`,
    );
    expect(n.read).toBe(false);
  });
});
