import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Picker, Text, View } from '@tarojs/components';
import { ApiCallError, call } from '@/api';
import { aidCategories, type PlanView } from '@shared/contracts/aid';
import { Button, Skeleton } from '@/components/nutui';
import LoadError from '@/components/LoadError';
import { useConfirm } from '@/components/ConfirmDialog';
import { planSavedNotice } from '@shared/domain/confirmations';
import { toastError } from '@/utils/toast';
import { shanghaiYear } from '@/utils/time';
import { planForm, planInput, withYear, type PlanForm } from '../plan-form';
import { CategoryRuleCard, FieldError, TextRow } from '../plan-fields';
import { useSubmit } from '@/hooks/useSubmit';
import '../aid.scss';
import { withTheme } from '@/theme';

/** 新建 / 修改互助计划: year, enrolment period, contribution, per-category rules; a rules change becomes a new version. */
function PlanEdit() {
  const { unionId = '', planId, unionName = '' } = useRouter().params;
  const [plan, setPlan] = useState<PlanView | null>();
  const [form, setForm] = useState<PlanForm>();
  const [loadError, setLoadError] = useState<string>();
  const { busy, errors, setErrors, submit } = useSubmit();
  const { confirm, dialog } = useConfirm();

  const load = async () => {
    setLoadError(undefined);
    try {
      const { plans } = await call('aid.plans', { unionId });
      const own = plans.filter((p) => p.unionId === unionId);
      const found = planId ? (own.find((p) => p.id === planId) ?? null) : null;
      const year = own.some((p) => p.year === shanghaiYear()) ? shanghaiYear() + 1 : shanghaiYear();
      setPlan(found);
      setForm(planForm(found, year));
    } catch (e) {
      setLoadError(e instanceof ApiCallError ? e.message : '加载失败');
    }
  };
  // eslint-disable-next-line react-hooks/exhaustive-deps -- once when the page opens (its router params never change)
  useEffect(() => void load(), []);

  if (loadError) return <LoadError message={loadError} onRetry={() => void load()} />;
  if (!form)
    return (
      <View className='page page-body'>
        <Skeleton rows={10} animated />
      </View>
    );

  const set = (patch: Partial<PlanForm>) => {
    setForm({ ...form, ...patch });
    setErrors((old) => Object.fromEntries(Object.entries(old).filter(([k]) => !Object.keys(patch).some((p) => k.startsWith(p)))));
  };

  const save = async () => {
    const { input, errors: mine } = planInput(form, { unionId, ...(plan ? { planId: plan.id } : {}) });
    setErrors(mine);
    if (!input) return toastError(new ApiCallError({ code: 'INVALID_INPUT', message: Object.values(mine)[0] }));
    await submit(async () => {
      const saved = await call('aid.savePlan', input);
      const newVersion = !!plan && saved.version !== plan.version;
      await confirm(planSavedNotice({ name: saved.name, version: saved.version, newVersion }));
      setPlan(saved);
      setForm(planForm(saved, saved.year));
      Taro.navigateBack().catch(() => undefined);
    });
  };

  return (
    <View className='page aid-plan'>
      {dialog}
      <View className='page-body'>
        <View className='card aid-card'>
          <Text className='section-title'>{plan ? '修改互助计划' : '新建互助计划'}</Text>
          <Text className='muted aid-plan__union'>
            {decodeURIComponent(unionName)}
            {plan ? ` · 当前第 ${plan.version} 版规则` : ''}
          </Text>
          {plan ? (
            <View className='aid-form__row'>
              <Text className='aid-form__label'>年度</Text>
              <Text className='aid-form__input aid-plan__year'>{plan.year} 年</Text>
            </View>
          ) : (
            <TextRow
              label='年度'
              at='year'
              value={form.year}
              errors={errors}
              unit='年'
              onChange={(v) => setForm(withYear(form, v))}
            />
          )}
          <TextRow label='名称' at='name' type='text' value={form.name} errors={errors} onChange={(v) => set({ name: v })} />
          {(['enrolStartsOn', 'enrolEndsOn'] as const).map((k) => (
            <View className='aid-form__row' key={k}>
              <Text className='aid-form__label'>{k === 'enrolStartsOn' ? '参保开始' : '参保截止'}</Text>
              <View className='aid-form__input'>
                <Picker mode='date' value={form[k]} onChange={(e) => set({ [k]: e.detail.value })}>
                  <Text className={`aid-form__picker aid-plan-pick-${k}`}>{form[k] || '请选择'}</Text>
                </Picker>
                <FieldError errors={errors} at={k} />
              </View>
            </View>
          ))}
          <TextRow
            label='个人缴费'
            at='contributionFen'
            unit='元/年'
            value={form.contribution}
            errors={errors}
            onChange={(v) => set({ contribution: v })}
          />
          <TextRow
            label='报总工会审批'
            at='rules.federationThresholdFen'
            unit='元以上'
            value={form.federationThreshold}
            errors={errors}
            onChange={(v) => set({ federationThreshold: v })}
          />
        </View>
        {aidCategories.map((c) => (
          <CategoryRuleCard
            key={c}
            category={c}
            rule={form.categories[c]}
            errors={errors}
            onChange={(rule) => {
              setForm({ ...form, categories: { ...form.categories, [c]: rule } });
              setErrors((old) =>
                Object.fromEntries(Object.entries(old).filter(([k]) => !k.startsWith(`rules.categories.${c}.`))),
              );
            }}
          />
        ))}
        <Text className='muted aid-claim__hint'>
          修改起付线、比例、封顶或等待期会生成新版本规则；已提交的申请仍按提交时的版本计算。
        </Text>
        <View className='aid-actions aid-claim__footer'>
          <Button block type='primary' loading={busy} className='aid-plan__save' onClick={() => void save()}>
            保存计划
          </Button>
        </View>
      </View>
    </View>
  );
}

export default withTheme(PlanEdit);
