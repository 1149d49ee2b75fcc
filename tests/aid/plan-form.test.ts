import { defaultRules } from '@shared/domain/aid/benefit';
import { parsePercent, planForm, planInput, withYear } from '../../src/pages/aid/plan-form';
import type { PlanView } from '@shared/contracts/aid';

const plan: PlanView = {
  id: '00000000-0000-4000-8000-000000000001',
  unionId: '00000000-0000-4000-8000-000000000002',
  unionName: '星火电子工会',
  year: 2027,
  name: '2027 年度互助',
  enrolStartsOn: '2026-12-01',
  enrolEndsOn: '2027-01-31',
  contributionFen: 3050,
  version: 3,
  versionId: '00000000-0000-4000-8000-000000000003',
  rules: defaultRules(),
};

test('a plan shown in 元 and % and saved unchanged gives back the same 分 and 1/10000', () => {
  const form = planForm(plan, 2027);
  expect(form.contribution).toBe('30.50');
  expect(form.categories.inpatient.ratio['3']).toBe('60');
  expect(form.categories.critical_illness.fixed).toBe('20000.00');
  expect(form.categories.inpatient.fixed).toBe('');
  const { input, errors } = planInput(form, { unionId: plan.unionId, planId: plan.id });
  expect(errors).toEqual({});
  expect(input).toMatchObject({ year: 2027, contributionFen: 3050, enrolEndsOn: '2027-01-31' });
  expect(input!.rules).toEqual(plan.rules);
});

test('typed amounts and percentages become integers; bad ones are named by the server field path', () => {
  const form = planForm(null, 2028);
  expect(form.enrolStartsOn).toBe('2027-12-01');
  // typing another year moves the default name and enrolment period along, not ones the officer changed
  const moved = withYear({ ...form, name: '自定名称' }, '2029');
  expect(moved).toMatchObject({ year: '2029', name: '自定名称', enrolStartsOn: '2028-12-01', enrolEndsOn: '2029-12-31' });
  // typed one digit at a time, through years that are not yet years
  let typed = form;
  for (const t of ['', '2', '20', '203', '2031']) typed = withYear(typed, t);
  expect(typed).toMatchObject({
    year: '2031',
    name: '2031 年度职工医疗互助计划',
    enrolStartsOn: '2030-12-01',
    enrolEndsOn: '2031-12-31',
  });
  form.categories.accident.ratio['1'] = '62.5';
  form.categories.inpatient.deductible = '1,200.5';
  const ok = planInput(form, { unionId: plan.unionId });
  expect(ok.input!.rules.categories.accident.ratioBp['1']).toBe(6250);
  expect(ok.input!.rules.categories.inpatient.deductibleFen).toBe(120_050);
  form.categories.inpatient.ratio['2'] = '120';
  form.categories.outpatient_special.perClaimCap = '3千';
  form.categories.accident.waitingDays = '400';
  form.contribution = '';
  const bad = planInput(form, { unionId: plan.unionId });
  expect(bad.input).toBeUndefined();
  expect(Object.keys(bad.errors).sort()).toEqual([
    'contributionFen',
    'rules.categories.accident.waitingDays',
    'rules.categories.inpatient.ratioBp.2',
    'rules.categories.outpatient_special.perClaimCapFen',
  ]);
  expect(bad.errors['rules.categories.inpatient.ratioBp.2']).toContain('报销比例');
  expect([parsePercent('100'), parsePercent('0.01'), parsePercent('100.01'), parsePercent('abc')]).toEqual([
    10000,
    1,
    null,
    null,
  ]);
});
