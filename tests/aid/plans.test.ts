import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHarness, type Harness } from '../support/harness';
import { fileClaim, PDF, plainMembers } from './helpers';
import type { PlanView } from '@shared/contracts/aid';

let h: Harness;
let dir: string;
const NOW = new Date('2026-10-15T02:00:00Z');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-aid-plans-'));
  process.env.PU_DATA_DIR = dir;
  h = await createHarness({ now: NOW });
});
afterAll(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const planInput = (plan: PlanView, rules = plan.rules) => ({
  planId: plan.id,
  unionId: plan.unionId,
  year: plan.year,
  name: plan.name,
  enrolStartsOn: plan.enrolStartsOn,
  enrolEndsOn: plan.enrolEndsOn,
  contributionFen: plan.contributionFen,
  rules,
});

test('a returned claim resubmitted after the rules changed keeps the version it was first filed under', async () => {
  const [member, later] = plainMembers(h).slice(40);
  const c = await fileClaim(h, member); // v1: 三级 60% → (10000 − 800) × 60% = 5,520.00
  expect(c.planVersion).toBe(1);
  expect(c.claimedFen).toBe(552_000);
  await h.ok(h.base.people.liQiang, 'aid.review', { claimId: c.id, decision: 'return', reason: '请补充出院小结' });

  const { plans } = await h.ok(h.base.people.chenJing, 'aid.plans', { unionId: h.base.unions.east });
  const rules = structuredClone(plans[0].rules);
  rules.categories.inpatient.ratioBp['3'] = 9000;
  rules.categories.inpatient.waitingDays = 365; // would also put the old admission inside a waiting period
  const v2 = await h.ok(h.base.people.chenJing, 'aid.savePlan', planInput(plans[0], rules));
  expect(v2.version).toBe(2);

  await h.ok(member, 'aid.uploadAttachment', {
    claimId: c.id,
    kind: 'discharge_summary',
    fileName: 'summary.pdf',
    contentBase64: PDF.toString('base64'),
  });
  const again = await h.ok(member, 'aid.submit', { claimId: c.id });
  expect(again.status).toBe('submitted');
  expect(again.planVersion).toBe(1);
  expect(again.claimedFen).toBe(552_000);
  expect(again.pinnedRules?.categories.inpatient.ratioBp['3']).toBe(6000);
  const approved = await h.ok(h.base.people.wangFang, 'aid.review', { claimId: c.id, decision: 'approve' });
  expect(approved.approvedFen).toBe(552_000);

  // a claim first filed now is held to the new version (and its waiting period)
  const fresh = await h.call(later, 'aid.submit', { claimId: (await draftOf(later)).id });
  expect(fresh.ok ? 'ok' : fresh.error.code).toBe('WAITING_PERIOD');
});

async function draftOf(personId: string) {
  const { plans } = await h.ok(personId, 'aid.plans', {});
  const d = await h.ok(personId, 'aid.saveDraft', {
    planId: plans[0].id,
    category: 'inpatient',
    hospital: '星城市第一人民医院',
    hospitalLevel: '3',
    admittedOn: '2026-09-01',
    dischargedOn: '2026-09-10',
    totalCost: 3_000_000,
    insuranceCovered: 1_800_000,
    selfPaid: 1_000_000,
    diagnosis: '急性胰腺炎',
    bankName: '建设银行',
    bankAccount: '6217001234567890123',
  });
  await h.ok(personId, 'aid.uploadAttachment', {
    claimId: d.id,
    kind: 'invoice',
    fileName: 'a.pdf',
    contentBase64: PDF.toString('base64'),
  });
  return d;
}

test('a chair runs a plan for their own union: create, edit (a rules change is a new version), field errors named', async () => {
  const { wangFang, liQiang, chenJing } = h.base.people;
  const xinghuo = h.base.unions.xinghuo;
  const base = (await h.ok(chenJing, 'aid.plans', { unionId: h.base.unions.east })).plans[0];
  const input = {
    unionId: xinghuo,
    year: 2027,
    name: '2027 年度星火互助计划',
    enrolStartsOn: '2026-12-01',
    enrolEndsOn: '2027-01-31',
    contributionFen: 5000,
    rules: base.rules,
  };
  const created = await h.ok(wangFang, 'aid.savePlan', input);
  expect(created).toMatchObject({ unionId: xinghuo, year: 2027, version: 1, contributionFen: 5000 });
  const twice = await h.call(wangFang, 'aid.savePlan', input);
  expect(twice.ok ? 'ok' : twice.error.code).toBe('PLAN_EXISTS');
  const vice = await h.call(liQiang, 'aid.savePlan', input);
  expect(vice.ok ? 'ok' : vice.error.code).toBe('FORBIDDEN');

  // name and dates only: same version
  const renamed = await h.ok(wangFang, 'aid.savePlan', { ...planInput(created), name: '星火职工互助' });
  expect(renamed).toMatchObject({ name: '星火职工互助', version: 1 });
  const rules = structuredClone(created.rules);
  rules.categories.accident.perClaimCapFen = 800_000;
  const v2 = await h.ok(wangFang, 'aid.savePlan', planInput(renamed, rules));
  expect(v2.version).toBe(2);
  expect(v2.rules.categories.accident.perClaimCapFen).toBe(800_000);

  const bad = await h.call(wangFang, 'aid.savePlan', { ...planInput(v2), enrolEndsOn: '2026-11-01' });
  expect(bad.ok ? 'ok' : bad.error.fields).toEqual({ enrolEndsOn: expect.stringContaining('参保截止日期') });
  const ratio = structuredClone(v2.rules);
  ratio.categories.inpatient.ratioBp['2'] = 12000;
  const badRatio = await h.call(wangFang, 'aid.savePlan', planInput(v2, ratio));
  expect(badRatio.ok ? 'ok' : badRatio.error.fields).toHaveProperty(
    ['rules.categories.inpatient.ratioBp.2'],
    expect.stringContaining('报销比例'),
  );

  // the chair sees the union's own plan and the district's plan above it
  const seen = await h.ok(wangFang, 'aid.plans', { unionId: xinghuo });
  expect(seen.plans.map((p) => `${p.unionName} ${p.year} v${p.version}`).sort()).toEqual(
    ['东湖区总工会 2026 v2', '星火电子工会 2027 v2'].sort(),
  );
});

test('enrol a list: officers see the active members with who is enrolled, enrol some, and learn how many were new', async () => {
  const { yangFan, wangFang, zhangWei } = h.base.people;
  const school = h.base.unions.school;
  const plan = (await h.ok(yangFan, 'aid.plans', { unionId: school })).plans[0];
  const first = await h.ok(yangFan, 'aid.enrolChoices', { planId: plan.id, unionId: school });
  expect(first.members.length).toBe(h.base.membersOf.school.length);
  expect(first.members.every((m) => !m.enrolled && m.name && m.memberNo)).toBe(true);
  expect(Object.keys(first.members[0]).sort()).toEqual(['enrolled', 'memberNo', 'name', 'otherPlan', 'personId']);
  expect(first.members.every((m) => m.otherPlan === null)).toBe(true);
  const pick = first.members.slice(0, 3).map((m) => m.personId);
  expect(await h.ok(yangFan, 'aid.enrolMembers', { planId: plan.id, unionId: school, personIds: pick })).toEqual({
    enrolled: 3,
    already: 0,
  });
  const more = first.members.slice(0, 5).map((m) => m.personId);
  expect(await h.ok(yangFan, 'aid.enrolMembers', { planId: plan.id, unionId: school, personIds: more })).toEqual({
    enrolled: 2,
    already: 3,
  });
  const after = await h.ok(yangFan, 'aid.enrolChoices', { planId: plan.id, unionId: school });
  expect(
    after.members
      .filter((m) => m.enrolled)
      .map((m) => m.personId)
      .sort(),
  ).toEqual([...more].sort());

  const other = await h.call(wangFang, 'aid.enrolChoices', { planId: plan.id, unionId: school });
  expect(other.ok ? 'ok' : other.error.code).toBe('FORBIDDEN');
  const member = await h.call(zhangWei, 'aid.enrolChoices', { planId: plan.id, unionId: h.base.unions.xinghuo });
  expect(member.ok ? 'ok' : member.error.code).toBe('FORBIDDEN');
  const west = (
    await h.ok(h.base.people.sunLi, 'aid.savePlan', {
      unionId: h.base.unions.west,
      year: 2026,
      name: '西区互助',
      enrolStartsOn: '2026-01-01',
      enrolEndsOn: '2026-12-31',
      contributionFen: 0,
      rules: plan.rules,
    })
  ).id;
  const outside = await h.call(yangFan, 'aid.enrolChoices', { planId: west, unionId: school });
  expect(outside.ok ? 'ok' : outside.error.code).toBe('NOT_ELIGIBLE');
  // a union's own plan for a year its members are already covered by the district's plan: they are marked
  const own = await h.ok(yangFan, 'aid.savePlan', {
    unionId: school,
    year: 2026,
    name: '一中互助',
    enrolStartsOn: '2026-01-01',
    enrolEndsOn: '2026-12-31',
    contributionFen: 0,
    rules: plan.rules,
  });
  const marked = await h.ok(yangFan, 'aid.enrolChoices', { planId: own.id, unionId: school });
  expect(
    marked.members
      .filter((m) => m.otherPlan === plan.name)
      .map((m) => m.personId)
      .sort(),
  ).toEqual([...more].sort());
  expect(await h.ok(yangFan, 'aid.enrolMembers', { planId: own.id, unionId: school, personIds: more.slice(0, 1) })).toEqual({
    enrolled: 0,
    already: 1,
  });
});
