import {
  calculateBenefit,
  checkAmounts,
  defaultRules,
  yuan,
  BenefitInputError,
  type AidCategory,
  type HospitalLevel,
  type PlanRules,
} from '@shared/domain/aid/benefit';

const rules: PlanRules = defaultRules();
// 住院: 起付线 ¥800; 一级 80% / 二级 70% / 三级 60%; 单次封顶 ¥10,000; 年度封顶 ¥30,000.

interface Case {
  name: string;
  category: AidCategory;
  level: HospitalLevel;
  total: number;
  insurance: number;
  selfPaid: number;
  used: number;
  payable: number;
  capsApplied?: string[];
}

const cases: Case[] = [
  {
    name: '三级医院 60%',
    category: 'inpatient',
    level: '3',
    total: 3_000_000,
    insurance: 1_800_000,
    selfPaid: 1_000_000,
    used: 0,
    payable: 552_000,
  },
  {
    name: '二级医院 70%',
    category: 'inpatient',
    level: '2',
    total: 3_000_000,
    insurance: 1_800_000,
    selfPaid: 1_000_000,
    used: 0,
    payable: 644_000,
  },
  {
    name: '一级医院 80%',
    category: 'inpatient',
    level: '1',
    total: 3_000_000,
    insurance: 1_800_000,
    selfPaid: 1_000_000,
    used: 0,
    payable: 736_000,
  },
  {
    name: '未达起付线',
    category: 'inpatient',
    level: '3',
    total: 200_000,
    insurance: 130_000,
    selfPaid: 70_000,
    used: 0,
    payable: 0,
  },
  {
    name: '恰好等于起付线',
    category: 'inpatient',
    level: '3',
    total: 200_000,
    insurance: 120_000,
    selfPaid: 80_000,
    used: 0,
    payable: 0,
  },
  {
    name: '起付线以上 1 分',
    category: 'inpatient',
    level: '1',
    total: 200_001,
    insurance: 120_000,
    selfPaid: 80_001,
    used: 0,
    payable: 0,
  },
  {
    name: '向下取整到分',
    category: 'inpatient',
    level: '3',
    total: 100_000,
    insurance: 0,
    selfPaid: 80_003,
    used: 0,
    payable: 1,
  },
  {
    name: '单次封顶 ¥10,000',
    category: 'inpatient',
    level: '3',
    total: 9_000_000,
    insurance: 5_000_000,
    selfPaid: 3_000_000,
    used: 0,
    payable: 1_000_000,
    capsApplied: ['perClaimCap'],
  },
  {
    name: '年度剩余额度封顶',
    category: 'inpatient',
    level: '3',
    total: 9_000_000,
    insurance: 5_000_000,
    selfPaid: 3_000_000,
    used: 2_600_000,
    payable: 400_000,
    capsApplied: ['perClaimCap', 'annualCap'],
  },
  {
    name: '年度额度已用完',
    category: 'inpatient',
    level: '3',
    total: 3_000_000,
    insurance: 1_800_000,
    selfPaid: 1_000_000,
    used: 3_000_000,
    payable: 0,
    capsApplied: ['annualCap'],
  },
  {
    name: '已用超过封顶（规则调低后）不为负',
    category: 'inpatient',
    level: '3',
    total: 3_000_000,
    insurance: 1_800_000,
    selfPaid: 1_000_000,
    used: 3_500_000,
    payable: 0,
    capsApplied: ['annualCap'],
  },
  {
    name: '目录外自费不计入',
    category: 'inpatient',
    level: '2',
    total: 5_000_000,
    insurance: 1_000_000,
    selfPaid: 180_000,
    used: 0,
    payable: 70_000,
  },
  {
    name: '门诊特殊病 二级 55%',
    category: 'outpatient_special',
    level: '2',
    total: 420_000,
    insurance: 260_000,
    selfPaid: 150_000,
    used: 0,
    payable: 55_000,
  },
  {
    name: '意外伤害 不分医院等级 70%',
    category: 'accident',
    level: '1',
    total: 180_000,
    insurance: 0,
    selfPaid: 180_000,
    used: 0,
    payable: 112_000,
  },
  {
    name: '重大疾病 定额 ¥20,000',
    category: 'critical_illness',
    level: '3',
    total: 10_000_000,
    insurance: 7_000_000,
    selfPaid: 2_500_000,
    used: 0,
    payable: 2_000_000,
  },
  {
    name: '重大疾病 年度已给付',
    category: 'critical_illness',
    level: '3',
    total: 10_000_000,
    insurance: 7_000_000,
    selfPaid: 2_500_000,
    used: 2_000_000,
    payable: 0,
    capsApplied: ['annualCap'],
  },
];

describe('calculateBenefit: table of rules', () => {
  test.each(cases)('$name → $payable 分', (c) => {
    const b = calculateBenefit(
      rules,
      {
        category: c.category,
        hospitalLevel: c.level,
        totalCostFen: c.total,
        insuranceCoveredFen: c.insurance,
        selfPaidFen: c.selfPaid,
      },
      c.used,
    );
    expect(b.payableFen).toBe(c.payable);
    expect(Number.isInteger(b.payableFen)).toBe(true);
    expect(b.lines.filter((l) => l.op === 'cap').map((l) => l.key)).toEqual(c.capsApplied ?? []);
    expect(b.lines.at(-1)).toMatchObject({ key: 'payable', amountFen: c.payable });
    // every line is integer 分 and the first lines add up to the eligible amount
    for (const l of b.lines) expect(Number.isInteger(l.amountFen)).toBe(true);
    const [total, ins, out, eligible] = b.lines;
    expect(total.amountFen + ins.amountFen + out.amountFen).toBe(eligible.amountFen);
  });

  test('the breakdown reads line by line', () => {
    const b = calculateBenefit(
      rules,
      {
        category: 'inpatient',
        hospitalLevel: '3',
        totalCostFen: 3_000_000,
        insuranceCoveredFen: 1_800_000,
        selfPaidFen: 1_000_000,
      },
      0,
    );
    expect(b.lines.map((l) => [l.key, l.amountFen])).toEqual([
      ['total', 3_000_000],
      ['insurance', -1_800_000],
      ['outOfCatalog', -200_000],
      ['eligible', 1_000_000],
      ['deductible', -80_000],
      ['base', 920_000],
      ['ratio', 552_000],
      ['payable', 552_000],
    ]);
    expect(b.lines[6].label).toContain('60%');
    expect(b.lines[6].label).toContain('三级医院');
  });

  test('amounts that do not add up are refused with the field named', () => {
    expect(() => checkAmounts({ totalCostFen: 100, insuranceCoveredFen: 80, selfPaidFen: 30 })).toThrow(BenefitInputError);
    expect(() => checkAmounts({ totalCostFen: 100.5, insuranceCoveredFen: 0, selfPaidFen: 0 })).toThrow('整数');
    expect(() => checkAmounts({ totalCostFen: 100, insuranceCoveredFen: -1, selfPaidFen: 0 })).toThrow();
  });

  test('a disabled category pays nothing and says so', () => {
    const r = defaultRules();
    r.categories.accident.enabled = false;
    expect(() =>
      calculateBenefit(
        r,
        { category: 'accident', hospitalLevel: '1', totalCostFen: 1000, insuranceCoveredFen: 0, selfPaidFen: 1000 },
        0,
      ),
    ).toThrow('不含此类别');
  });

  test('yuan formatting stays in integers', () => {
    expect(yuan(1_234_567)).toBe('12,345.67');
    expect(yuan(5)).toBe('0.05');
    expect(yuan(-80_000)).toBe('-800.00');
  });
});
