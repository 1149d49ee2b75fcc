/**
 * The benefit a mutual-aid plan pays for one claim, laid out line by line, all in integer 分.
 * Pure and shared: the claim form shows it before submitting, the server recomputes it at
 * submission and again at approval (against the remaining annual limit at that moment).
 */

export const aidCategories = ['inpatient', 'outpatient_special', 'critical_illness', 'accident'] as const;
export type AidCategory = (typeof aidCategories)[number];
export const aidCategoryNames: Record<AidCategory, string> = {
  inpatient: '住院',
  outpatient_special: '门诊特殊病',
  critical_illness: '重大疾病',
  accident: '意外伤害',
};

/** Hospital grade (一级 / 二级 / 三级); ratios may differ per grade. */
export const hospitalLevels = ['1', '2', '3'] as const;
export type HospitalLevel = (typeof hospitalLevels)[number];
export const hospitalLevelNames: Record<HospitalLevel, string> = { '1': '一级医院', '2': '二级医院', '3': '三级医院' };

/** Rules of one category in one plan version. Ratios in basis points (6000 = 60%) so everything stays integer. */
export interface CategoryRule {
  enabled: boolean;
  /** 起付线, per claim. */
  deductibleFen: number;
  /** 报销比例 by hospital grade, in 1/10000. */
  ratioBp: Record<HospitalLevel, number>;
  /** Optional flat benefit (e.g. 重大疾病 a lump sum once diagnosed); replaces deductible × ratio when set. */
  fixedFen?: number | null;
  /** 单次封顶. */
  perClaimCapFen: number;
  /** 年度封顶 per member per category. */
  annualCapFen: number;
  /** 等待期 in days after enrolment (accidents usually 0). */
  waitingDays: number;
}

export interface PlanRules {
  categories: Record<AidCategory, CategoryRule>;
  /** Approvals above this amount also need the district/city federation. */
  federationThresholdFen: number;
}

export interface ClaimAmounts {
  category: AidCategory;
  hospitalLevel: HospitalLevel;
  /** 医疗总费用. */
  totalCostFen: number;
  /** 基本医保统筹支付. */
  insuranceCoveredFen: number;
  /** 个人自付 (the personal share within the insurance catalogue); what is left of the total is 目录外自费, not covered. */
  selfPaidFen: number;
}

export interface BreakdownLine {
  key: string;
  label: string;
  /** Signed amount in 分 for money lines; the resulting figure for '=' lines. */
  amountFen: number;
  /** '' a starting figure, '-' subtracted, '=' a result, '×' a ratio applied (ratioBp set), 'cap' a limit applied. */
  op: '' | '-' | '=' | '×' | 'cap';
  ratioBp?: number;
  note?: string;
}

export interface Breakdown {
  lines: BreakdownLine[];
  eligibleFen: number;
  /** Before the annual limit. */
  beforeAnnualCapFen: number;
  remainingAnnualFen: number;
  payableFen: number;
}

export class BenefitInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const isFen = (n: number) => Number.isSafeInteger(n) && n >= 0;

/** Checks that belong to the numbers themselves (the zod contract checks each one; this checks them together). */
export function checkAmounts(a: Pick<ClaimAmounts, 'totalCostFen' | 'insuranceCoveredFen' | 'selfPaidFen'>): void {
  for (const k of ['totalCostFen', 'insuranceCoveredFen', 'selfPaidFen'] as const)
    if (!isFen(a[k])) throw new BenefitInputError(k, '金额必须是非负整数（分）');
  if (a.insuranceCoveredFen + a.selfPaidFen > a.totalCostFen)
    throw new BenefitInputError('selfPaidFen', '医保统筹支付与个人自付之和不能超过总费用');
}

/** 1234567 → "12,345.67" (no floats on the way). */
export function yuan(fen: number): string {
  const neg = fen < 0;
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

export const percent = (bp: number) => `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 2)}%`;

/**
 * The benefit for one claim. `usedFen` = what this member was already granted this plan year in this
 * category. Rounds down to the 分 (never pays more than the rule).
 */
export function calculateBenefit(rules: PlanRules, claim: ClaimAmounts, usedFen: number): Breakdown {
  checkAmounts(claim);
  const rule = rules.categories[claim.category];
  if (!rule || !rule.enabled) throw new BenefitInputError('category', '该互助计划不含此类别');
  const outOfCatalog = claim.totalCostFen - claim.insuranceCoveredFen - claim.selfPaidFen;
  const eligible = claim.selfPaidFen;
  const lines: BreakdownLine[] = [
    { key: 'total', label: '医疗总费用', amountFen: claim.totalCostFen, op: '' },
    { key: 'insurance', label: '减：基本医保统筹支付', amountFen: -claim.insuranceCoveredFen, op: '-' },
    { key: 'outOfCatalog', label: '减：目录外自费（不予互助）', amountFen: -outOfCatalog, op: '-' },
    { key: 'eligible', label: '计入互助范围的个人自付', amountFen: eligible, op: '=' },
  ];
  let amount: number;
  if (rule.fixedFen != null) {
    amount = eligible > 0 ? rule.fixedFen : 0;
    lines.push({ key: 'fixed', label: '定额互助', amountFen: amount, op: '=', note: '本类别按定额给付' });
  } else {
    const deductible = Math.min(rule.deductibleFen, eligible);
    const base = eligible - deductible;
    const ratio = rule.ratioBp[claim.hospitalLevel];
    amount = Math.floor((base * ratio) / 10000);
    lines.push(
      { key: 'deductible', label: `减：起付线（${yuan(rule.deductibleFen)} 元）`, amountFen: -deductible, op: '-' },
      { key: 'base', label: '超过起付线部分', amountFen: base, op: '=' },
      {
        key: 'ratio',
        label: `× 报销比例 ${percent(ratio)}（${hospitalLevelNames[claim.hospitalLevel]}）`,
        amountFen: amount,
        op: '×',
        ratioBp: ratio,
      },
    );
  }
  if (amount > rule.perClaimCapFen) {
    lines.push({
      key: 'perClaimCap',
      label: `单次封顶 ${yuan(rule.perClaimCapFen)} 元`,
      amountFen: rule.perClaimCapFen,
      op: 'cap',
    });
    amount = rule.perClaimCapFen;
  }
  const beforeAnnualCap = amount;
  const remaining = Math.max(0, rule.annualCapFen - usedFen);
  if (amount > remaining) {
    lines.push({
      key: 'annualCap',
      label: `年度剩余额度 ${yuan(remaining)} 元（年度封顶 ${yuan(rule.annualCapFen)} 元，已获 ${yuan(usedFen)} 元）`,
      amountFen: remaining,
      op: 'cap',
    });
    amount = remaining;
  }
  lines.push({ key: 'payable', label: '应付互助金', amountFen: amount, op: '=' });
  return { lines, eligibleFen: eligible, beforeAnnualCapFen: beforeAnnualCap, remainingAnnualFen: remaining, payableFen: amount };
}

/** The default rule set (used by the demo seed and as the plan form's starting point). */
export function defaultRules(): PlanRules {
  const r = (ratio: [number, number, number], extra: Partial<CategoryRule>): CategoryRule => ({
    enabled: true,
    deductibleFen: 0,
    ratioBp: { '1': ratio[0], '2': ratio[1], '3': ratio[2] },
    perClaimCapFen: 0,
    annualCapFen: 0,
    waitingDays: 90,
    ...extra,
  });
  return {
    federationThresholdFen: 500_000,
    categories: {
      inpatient: r([8000, 7000, 6000], { deductibleFen: 80_000, perClaimCapFen: 1_000_000, annualCapFen: 3_000_000 }),
      outpatient_special: r([6000, 5500, 5000], { deductibleFen: 50_000, perClaimCapFen: 300_000, annualCapFen: 1_000_000 }),
      critical_illness: r([0, 0, 0], {
        fixedFen: 2_000_000,
        perClaimCapFen: 2_000_000,
        annualCapFen: 2_000_000,
        waitingDays: 180,
      }),
      accident: r([7000, 7000, 7000], {
        deductibleFen: 20_000,
        perClaimCapFen: 500_000,
        annualCapFen: 1_000_000,
        waitingDays: 0,
      }),
    },
  };
}
