import { aidCategories, aidCategoryNames, yuan, type PlanRules } from './benefit';

/**
 * A plan's rules as a worker reads them before claiming: per category the deductible (起付线), the ratio by
 * hospital grade, the caps and the waiting period, every amount with 元.
 */
export function workerRuleLines(rules: PlanRules): { category: string; text: string }[] {
  return aidCategories
    .filter((c) => rules.categories[c].enabled)
    .map((c) => {
      const r = rules.categories[c];
      const how =
        r.fixedFen != null
          ? `确诊后定额补助 ${yuan(r.fixedFen)} 元`
          : `起付线 ${yuan(r.deductibleFen)} 元，超出部分按医院等级报销（一级 ${r.ratioBp['1'] / 100}%、二级 ${r.ratioBp['2'] / 100}%、三级 ${r.ratioBp['3'] / 100}%）`;
      const wait = r.waitingDays ? `参保 ${r.waitingDays} 天后发生的费用可申请` : '参保即可申请';
      return {
        category: aidCategoryNames[c],
        text: `${how}；每次最多 ${yuan(r.perClaimCapFen)} 元，全年最多 ${yuan(r.annualCapFen)} 元；${wait}。`,
      };
    });
}
