import { Input, Switch, Text, View } from '@tarojs/components';
import {
  aidCategoryNames,
  hospitalLevelNames,
  hospitalLevels,
  type AidCategory,
  type HospitalLevel,
} from '@shared/contracts/aid';
import type { RuleText } from './plan-form';
import { currentTheme } from '@/theme';

/** The field errors (server's or the form's own) at `at` and below it, beside the field. */
export function FieldError({ errors, at }: { errors: Record<string, string>; at: string }) {
  const msgs = Object.entries(errors)
    .filter(([k]) => k === at || k.startsWith(`${at}.`))
    .map(([, m]) => m);
  return msgs.length ? (
    <Text className='aid-form__error' data-field={at}>
      {[...new Set(msgs)].join('；')}
    </Text>
  ) : null;
}

/** One labelled text input of the plan form, with its error. */
export function TextRow(p: {
  label: string;
  value: string;
  at: string;
  errors: Record<string, string>;
  onChange: (v: string) => void;
  unit?: string;
  placeholder?: string;
  type?: 'text' | 'digit';
}) {
  return (
    <View className='aid-form__row'>
      <Text className='aid-form__label'>{p.label}</Text>
      <View className='aid-form__input'>
        <View className='aid-plan__input-line'>
          <Input
            className={`aid-form__input aid-plan-input-${p.at.replace(/\./g, '-')}`}
            type={p.type ?? 'digit'}
            value={p.value}
            placeholder={p.placeholder}
            onInput={(e) => p.onChange(e.detail.value)}
          />
          {p.unit ? <Text className='aid-plan__unit'>{p.unit}</Text> : null}
        </View>
        <FieldError errors={p.errors} at={p.at} />
      </View>
    </View>
  );
}

/** 起付线, ratios by hospital grade, 定额, caps and waiting period of one category (住院, 门诊特殊病 …). */
export function CategoryRuleCard(p: {
  category: AidCategory;
  rule: RuleText;
  errors: Record<string, string>;
  onChange: (rule: RuleText) => void;
}) {
  const { category, rule, errors } = p;
  const at = `rules.categories.${category}`;
  const set = (patch: Partial<RuleText>) => p.onChange({ ...rule, ...patch });
  const setRatio = (l: HospitalLevel, v: string) => set({ ratio: { ...rule.ratio, [l]: v } });
  return (
    <View className={`card aid-card aid-plan__category aid-plan__category-${category}`}>
      <View className='aid-row'>
        <Text className='section-title'>{aidCategoryNames[category]}</Text>
        <Switch checked={rule.enabled} color={currentTheme()} onChange={(e) => set({ enabled: e.detail.value })} />
      </View>
      {rule.enabled ? (
        <>
          <TextRow
            label='起付线'
            unit='元'
            at={`${at}.deductibleFen`}
            value={rule.deductible}
            errors={errors}
            onChange={(v) => set({ deductible: v })}
          />
          {hospitalLevels.map((l) => (
            <TextRow
              key={l}
              label={`报销比例·${hospitalLevelNames[l].replace('医院', '')}`}
              unit='%'
              at={`${at}.ratioBp.${l}`}
              value={rule.ratio[l]}
              errors={errors}
              onChange={(v) => setRatio(l, v)}
            />
          ))}
          <TextRow
            label='定额给付'
            unit='元'
            at={`${at}.fixedFen`}
            value={rule.fixed}
            placeholder='不填则按起付线和比例计算'
            errors={errors}
            onChange={(v) => set({ fixed: v })}
          />
          <TextRow
            label='单次封顶'
            unit='元'
            at={`${at}.perClaimCapFen`}
            value={rule.perClaimCap}
            errors={errors}
            onChange={(v) => set({ perClaimCap: v })}
          />
          <TextRow
            label='年度封顶'
            unit='元'
            at={`${at}.annualCapFen`}
            value={rule.annualCap}
            errors={errors}
            onChange={(v) => set({ annualCap: v })}
          />
          <TextRow
            label='等待期'
            unit='天'
            at={`${at}.waitingDays`}
            value={rule.waitingDays}
            errors={errors}
            onChange={(v) => set({ waitingDays: v })}
          />
        </>
      ) : (
        <Text className='muted'>本计划不含此类别</Text>
      )}
    </View>
  );
}
