import { useEffect, useMemo, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Picker, Text, View } from '@tarojs/components';
import type { PlanView } from '@shared/contracts/aid';
import { aidCategories, aidCategoryNames } from '@shared/contracts/aid';
import type { Role } from '@shared/contracts/unions';
import { roleNames } from '@shared/contracts/unions';
import { yuan } from '@shared/domain/aid/benefit';
import { useAction } from '@/hooks/useAction';
import { Button, Skeleton } from '@/components/nutui';
import EmptyState from '@/components/EmptyState';
import LoadError from '@/components/LoadError';
import { AID_PAGES } from '../shared';
import '../aid.scss';
import { withTheme } from '@/theme';

const PLAN_ROLES: Role[] = ['chair', 'vice_chair', 'federation_admin'];
interface Place {
  unionId: string;
  name: string;
  role: Role;
  /** How the switcher names the caller's standing there: her role, or 上级管理 for a union below her federation. */
  label: string;
}

/** 互助计划管理: the plans of a union (and those above it that reach it) by year; create, edit, enrol a list. */
function AidPlans() {
  const home = useAction('unions.home', {});
  const grants = useMemo(() => (home.data?.roles ?? []).filter((r) => PLAN_ROLES.includes(r.role)), [home.data]);
  const fed = grants.find((g) => g.role === 'federation_admin');
  const tree = useAction('unions.tree', { unionId: fed?.unionId ?? '' }, { enabled: Boolean(fed) });
  const places: Place[] = useMemo(() => {
    const own = grants.map((g) => ({ unionId: g.unionId, name: g.unionName, role: g.role, label: roleNames[g.role] }));
    const below = (tree.data?.nodes ?? [])
      .filter((n) => !own.some((o) => o.unionId === n.id))
      .map((n) => ({ unionId: n.id, name: n.name, role: 'federation_admin' as Role, label: `${fed?.unionName ?? ''}管理` }));
    return [...own, ...below];
  }, [grants, tree.data, fed]);
  const [index, setIndex] = useState(0);
  const place = places[index];
  const plans = useAction('aid.plans', { unionId: place?.unionId ?? '' }, { enabled: Boolean(place) });
  useDidShow(() => void (place && plans.reload()));
  useEffect(() => setIndex(0), [places.length]);

  if (home.error) return <LoadError message={home.error.message} onRetry={() => void home.reload()} />;
  if (!home.data)
    return (
      <View className='page page-body'>
        <Skeleton rows={6} animated />
      </View>
    );
  if (!place) return <EmptyState title='没有互助计划管理权限' description='仅工会主席、副主席和总工会管理员可用' />;

  const canEdit = place.role === 'chair' || place.role === 'federation_admin';
  const canEnrol = place.role === 'chair' || place.role === 'vice_chair';
  const list = plans.data?.plans ?? [];
  const years = [...new Set(list.map((p) => p.year))].sort((a, b) => b - a);
  // a plan not of this union is either of a federation above it or (federation view) of a union below it
  const parent = new Map((tree.data?.nodes ?? []).map((n) => [n.id, n.parentId]));
  const isBelow = (id: string) => {
    for (let at = parent.get(id); at; at = parent.get(at)) if (at === place.unionId) return true;
    return false;
  };
  const open = (url: string) => void Taro.navigateTo({ url });
  const editUrl = (p?: PlanView) =>
    `${AID_PAGES.plan}?unionId=${place.unionId}&unionName=${encodeURIComponent(place.name)}${p ? `&planId=${p.id}` : ''}`;

  return (
    <View className='page aid-plans'>
      <View className='page-body'>
        <Picker
          mode='selector'
          range={places.map((p) => `${p.name} · ${p.label}`)}
          value={index}
          onChange={(e) => setIndex(Number(e.detail.value))}
        >
          <View className='card aid-card aid-plans__union'>
            {place.name} · {place.label}
            {places.length > 1 ? ' ▾' : ''}
          </View>
        </Picker>
        {canEdit ? (
          <Button block type='primary' className='aid-plans__new' onClick={() => open(editUrl())}>
            新建互助计划
          </Button>
        ) : null}
        {plans.error ? <LoadError message={plans.error.message} onRetry={() => void plans.reload()} /> : null}
        {plans.data && list.length === 0 ? (
          <EmptyState title='还没有互助计划' description={canEdit ? '点击“新建互助计划”设置年度、缴费和互助规则' : undefined} />
        ) : null}
        {years.map((y) => (
          <View key={y}>
            <Text className='section-title aid-plans__year'>{y} 年度</Text>
            {list
              .filter((p) => p.year === y)
              .map((p) => {
                const ownPlan = p.unionId === place.unionId;
                return (
                  <View key={p.id} className='card aid-card aid-plans__plan' data-plan={p.name}>
                    <View className='aid-row'>
                      <View className='aid-row__main'>
                        <Text className='aid-row__title'>{p.name}</Text>
                        <Text className='aid-row__sub'>
                          {p.unionName}
                          {ownPlan ? '' : isBelow(p.unionId) ? '（下级工会的计划）' : '（上级工会的计划，本会会员可参加）'} · 第{' '}
                          {p.version} 版规则
                        </Text>
                      </View>
                      <Text className='aid-tag aid-tag--info'>{p.enrolledCount ?? 0} 人参保</Text>
                    </View>
                    <Text className='aid-row__sub'>
                      参保 {p.enrolStartsOn} 至 {p.enrolEndsOn} · 个人缴费 ¥{yuan(p.contributionFen)} ·{' '}
                      {yuan(p.rules.federationThresholdFen)} 元以上报总工会审批
                    </Text>
                    {aidCategories
                      .filter((c) => p.rules.categories[c].enabled)
                      .map((c) => {
                        const r = p.rules.categories[c];
                        const how =
                          r.fixedFen != null
                            ? `定额 ¥${yuan(r.fixedFen)}`
                            : `起付 ¥${yuan(r.deductibleFen)}，比例 ${r.ratioBp['1'] / 100}/${r.ratioBp['2'] / 100}/${r.ratioBp['3'] / 100}%`;
                        return (
                          <Text key={c} className='aid-row__sub aid-plans__rule'>
                            {aidCategoryNames[c]}：{how}，单次封顶 ¥{yuan(r.perClaimCapFen)}，年度封顶 ¥{yuan(r.annualCapFen)}
                            ，等待期 {r.waitingDays} 天
                          </Text>
                        );
                      })}
                    <View className='aid-actions'>
                      {canEdit && ownPlan ? (
                        <Button size='small' fill='outline' className='aid-plans__edit' onClick={() => open(editUrl(p))}>
                          修改
                        </Button>
                      ) : null}
                      {canEnrol && !isBelow(p.unionId) ? (
                        <Button
                          size='small'
                          fill='outline'
                          className='aid-plans__enrol'
                          onClick={() => open(`${AID_PAGES.enrol}?planId=${p.id}&unionId=${place.unionId}`)}
                        >
                          登记参保名单
                        </Button>
                      ) : null}
                    </View>
                  </View>
                );
              })}
          </View>
        ))}
      </View>
    </View>
  );
}

export default withTheme(AidPlans);
