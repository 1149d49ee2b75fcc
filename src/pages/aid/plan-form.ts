import type { ActionInput } from '@shared/contracts';
import {
  aidCategories,
  hospitalLevels,
  type AidCategory,
  type HospitalLevel,
  type PlanRules,
  type PlanView,
} from '@shared/contracts/aid';
import { defaultRules } from '@shared/domain/aid/benefit';
import { fenToInput, parseYuan } from './shared';

/** One category's rule as typed: amounts in 元, ratios in %, as text until saved. */
export interface RuleText {
  enabled: boolean;
  deductible: string;
  ratio: Record<HospitalLevel, string>;
  /** 定额给付; empty = pay by deductible × ratio. */
  fixed: string;
  perClaimCap: string;
  annualCap: string;
  waitingDays: string;
}

export interface PlanForm {
  year: string;
  name: string;
  enrolStartsOn: string;
  enrolEndsOn: string;
  contribution: string;
  federationThreshold: string;
  categories: Record<AidCategory, RuleText>;
}

/** 6000 → "60", 6250 → "62.5". */
const bpToPercent = (bp: number) => String(bp / 100);

/** "62.5" → 6250; null when it is not a percentage from 0 to 100 with at most two decimals. */
export function parsePercent(text: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/%$/, ''));
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp <= 10000 ? bp : null;
}

function rulesToText(rules: PlanRules): PlanForm['categories'] {
  return Object.fromEntries(
    aidCategories.map((c) => {
      const r = rules.categories[c];
      const text: RuleText = {
        enabled: r.enabled,
        deductible: fenToInput(r.deductibleFen),
        ratio: Object.fromEntries(hospitalLevels.map((l) => [l, bpToPercent(r.ratioBp[l])])) as Record<HospitalLevel, string>,
        fixed: r.fixedFen == null ? '' : fenToInput(r.fixedFen),
        perClaimCap: fenToInput(r.perClaimCapFen),
        annualCap: fenToInput(r.annualCapFen),
        waitingDays: String(r.waitingDays),
      };
      return [c, text];
    }),
  ) as PlanForm['categories'];
}

/** The form for an existing plan, or a new one for `year` starting from the default rules. */
export function planForm(plan: PlanView | null, year: number): PlanForm {
  if (plan)
    return {
      year: String(plan.year),
      name: plan.name,
      enrolStartsOn: plan.enrolStartsOn,
      enrolEndsOn: plan.enrolEndsOn,
      contribution: fenToInput(plan.contributionFen),
      federationThreshold: fenToInput(plan.rules.federationThresholdFen),
      categories: rulesToText(plan.rules),
    };
  const rules = defaultRules();
  return {
    year: String(year),
    name: `${year} 年度职工医疗互助计划`,
    enrolStartsOn: `${year - 1}-12-01`,
    enrolEndsOn: `${year}-12-31`,
    contribution: '30.00',
    federationThreshold: fenToInput(rules.federationThresholdFen),
    categories: rulesToText(rules),
  };
}

/** What planForm(null, y) gives for some year y: such values follow the year as it is typed. */
const DEFAULT_SHAPES = {
  name: /^\d{4} 年度职工医疗互助计划$/,
  enrolStartsOn: /^\d{4}-12-01$/,
  enrolEndsOn: /^\d{4}-12-31$/,
} as const;

/** A new plan's year typed: the name and enrolment period follow it while they are still the defaults. */
export function withYear(form: PlanForm, yearText: string): PlanForm {
  const next = { ...form, year: yearText };
  if (!/^\d{4}$/.test(yearText)) return next;
  const now = planForm(null, Number(yearText));
  for (const k of ['name', 'enrolStartsOn', 'enrolEndsOn'] as const) if (DEFAULT_SHAPES[k].test(form[k])) next[k] = now[k];
  return next;
}

type SaveInput = ActionInput<'aid.savePlan'>;

/**
 * The form as `aid.savePlan` input (元 → integer 分, % → 1/10000), or the field errors keyed by the
 * same paths the server uses (`rules.categories.inpatient.deductibleFen`), so both show in one place.
 */
export function planInput(
  form: PlanForm,
  ids: { unionId: string; planId?: string },
): { input?: SaveInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const money = (text: string, key: string, label: string): number => {
    const v = parseYuan(text);
    if (v === null) errors[key] = `${label}：请输入金额（元），最多两位小数`;
    return v ?? 0;
  };
  const categories = {} as PlanRules['categories'];
  for (const c of aidCategories) {
    const t = form.categories[c];
    const at = `rules.categories.${c}`;
    const ratioBp = {} as Record<HospitalLevel, number>;
    for (const l of hospitalLevels) {
      const bp = parsePercent(t.ratio[l]);
      if (bp === null) errors[`${at}.ratioBp.${l}`] = '报销比例：请输入 0-100 之间的百分数';
      ratioBp[l] = bp ?? 0;
    }
    const days = /^\d{1,3}$/.test(t.waitingDays.trim()) ? Number(t.waitingDays) : NaN;
    if (!(days <= 365)) errors[`${at}.waitingDays`] = '等待期：请输入 0-365 天';
    categories[c] = {
      enabled: t.enabled,
      deductibleFen: money(t.deductible, `${at}.deductibleFen`, '起付线'),
      ratioBp,
      ...(t.fixed.trim() ? { fixedFen: money(t.fixed, `${at}.fixedFen`, '定额给付') } : {}),
      perClaimCapFen: money(t.perClaimCap, `${at}.perClaimCapFen`, '单次封顶'),
      annualCapFen: money(t.annualCap, `${at}.annualCapFen`, '年度封顶'),
      waitingDays: days,
    };
  }
  const year = /^\d{4}$/.test(form.year) ? Number(form.year) : NaN;
  if (!(year >= 2000 && year <= 2100)) errors.year = '年度：请输入四位年份';
  if (!form.name.trim()) errors.name = '名称：不能为空';
  if (!form.enrolStartsOn) errors.enrolStartsOn = '参保开始日期：请选择';
  if (!form.enrolEndsOn) errors.enrolEndsOn = '参保截止日期：请选择';
  const input: SaveInput = {
    ...ids,
    year,
    name: form.name.trim(),
    enrolStartsOn: form.enrolStartsOn,
    enrolEndsOn: form.enrolEndsOn,
    contributionFen: money(form.contribution, 'contributionFen', '个人缴费'),
    rules: {
      federationThresholdFen: money(form.federationThreshold, 'rules.federationThresholdFen', '需总工会审批的金额'),
      categories,
    },
  };
  return Object.keys(errors).length ? { errors } : { input, errors };
}
