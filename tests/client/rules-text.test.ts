import { defaultRules } from '@shared/domain/aid/benefit';
import { workerRuleLines } from '@shared/domain/aid/rules-text';

test("a plan's rules as the worker reads them: 起付线, ratios, caps, waiting period, amounts in 元", () => {
  const rules = defaultRules();
  rules.categories.outpatient_special.enabled = false;
  expect(workerRuleLines(rules)).toEqual([
    {
      category: '住院',
      text: '起付线 800.00 元，超出部分按医院等级报销（一级 80%、二级 70%、三级 60%）；每次最多 10,000.00 元，全年最多 30,000.00 元；参保 90 天后发生的费用可申请。',
    },
    {
      category: '重大疾病',
      text: '确诊后定额补助 20,000.00 元；每次最多 20,000.00 元，全年最多 20,000.00 元；参保 180 天后发生的费用可申请。',
    },
    {
      category: '意外伤害',
      text: '起付线 200.00 元，超出部分按医院等级报销（一级 70%、二级 70%、三级 70%）；每次最多 5,000.00 元，全年最多 10,000.00 元；参保即可申请。',
    },
  ]);
});
