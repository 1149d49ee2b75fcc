import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call } from '@/api';
import type { ClaimListItem, PlanView } from '@shared/contracts/aid';
import { aidCategories, aidCategoryNames, claimStatusNames } from '@shared/contracts/aid';
import type { HomeOutput } from '@shared/contracts/unions';
import { yuan } from '@shared/domain/aid/benefit';
import { Button, Skeleton } from '@/components/nutui';
import EmptyState from '@/components/EmptyState';
import LoadError from '@/components/LoadError';
import { useSignedIn } from '@/hooks/useSignedIn';
import { useSubmit } from '@/hooks/useSubmit';
import { toastSuccess } from '@/utils/toast';
import { formatDate } from '@/utils/time';
import { AID_PAGES, statusTone } from '../shared';
import { workerRuleLines } from '@shared/domain/aid/rules-text';
import '../aid.scss';
import './index.scss';
import { withTheme } from '@/theme';

/** 互助金: the year's plan (enrol, what is left of the limits), my claims, and the officers' way in. */
function AidHome() {
  const signedIn = useSignedIn();
  const [home, setHome] = useState<HomeOutput>();
  const [plans, setPlans] = useState<PlanView[]>();
  const [claims, setClaims] = useState<ClaimListItem[]>();
  const [error, setError] = useState<string>();
  const { busy, submit } = useSubmit();

  const load = async () => {
    try {
      const h = await call('unions.home', {});
      setHome(h);
      const [p, c] = await Promise.all([
        h.membership?.status === 'active' ? call('aid.plans', {}) : Promise.resolve({ plans: [] }),
        call('aid.myClaims', {}),
      ]);
      setPlans(p.plans);
      setClaims(c.claims);
      setError(undefined);
    } catch (e) {
      setError(e instanceof Error ? e.message : '加载失败');
    }
  };
  useDidShow(() => {
    if (signedIn) void load();
  });

  const officer = home?.roles.some((r) => ['chair', 'vice_chair', 'finance', 'federation_admin'].includes(r.role));
  const plan = plans?.find((p) => p.enrolled) ?? plans?.[0];

  const enrol = async () => {
    if (!plan) return;
    await submit(async () => {
      await call('aid.enrol', { planId: plan.id });
      toastSuccess('参保成功');
      await load();
    });
  };

  const newClaim = () => {
    const draft = claims?.find((c) => c.status === 'draft');
    void Taro.navigateTo({ url: draft ? `${AID_PAGES.claim}?id=${draft.id}` : `${AID_PAGES.claim}?plan=${plan!.id}` });
  };

  if (error) return <LoadError message={error} onRetry={() => void load()} />;
  if (!claims)
    return (
      <View className='page page-body'>
        <Skeleton rows={6} animated />
      </View>
    );

  return (
    <View className='page aid-home'>
      <View className='page-body'>
        {plan ? (
          <View className='card aid-card aid-home__plan'>
            <Text className='aid-home__plan-name'>{plan.name}</Text>
            <Text className='muted'>
              {plan.unionName} · 个人缴费 {yuan(plan.contributionFen)} 元 · 参保期 {plan.enrolStartsOn} 至 {plan.enrolEndsOn}
            </Text>
            <View className='aid-home__rules' data-testid='aid-rules'>
              <Text className='aid-home__rules-title'>互助规则</Text>
              {workerRuleLines(plan.rules).map((l) => (
                <Text key={l.category} className='aid-home__rule'>
                  <Text className='aid-home__rule-name'>{l.category}：</Text>
                  {l.text}
                </Text>
              ))}
              <Text className='aid-home__rule'>
                核定金额超过 {yuan(plan.rules.federationThresholdFen)} 元的申请，工会审核后还需总工会审批。
              </Text>
            </View>
            {plan.enrolled ? (
              <>
                <Text className='aid-home__enrolled'>已参保（{plan.enrolled.enrolledOn}）</Text>
                <View className='aid-home__limits'>
                  {aidCategories
                    .filter((c) => plan.rules.categories[c].enabled)
                    .map((c) => (
                      <View key={c} className='aid-home__limit'>
                        <Text className='aid-home__limit-name'>{aidCategoryNames[c]}</Text>
                        <Text className='aid-home__limit-left'>
                          剩余 {yuan(Math.max(0, plan.rules.categories[c].annualCapFen - plan.enrolled!.usedFen[c]))} 元
                        </Text>
                      </View>
                    ))}
                </View>
                <Button type='primary' block className='aid-home__apply' onClick={newClaim}>
                  {claims.some((c) => c.status === 'draft') ? '继续填写申请' : '申请互助金'}
                </Button>
              </>
            ) : (
              <Button type='primary' block loading={busy} className='aid-home__apply' onClick={() => void enrol()}>
                参加互助计划
              </Button>
            )}
          </View>
        ) : (
          <EmptyState title='暂无互助计划' description='所在工会本年度尚未开办职工医疗互助' />
        )}

        {officer ? (
          <View className='card aid-card aid-row' onClick={() => void Taro.navigateTo({ url: AID_PAGES.review })}>
            <View className='aid-row__main'>
              <Text className='aid-row__title'>互助金审核与统计</Text>
              <Text className='aid-row__sub'>审核申请、总工会审批、财务发放</Text>
            </View>
            <Text className='muted'>›</Text>
          </View>
        ) : null}

        <View className='section'>
          <Text className='section-title'>我的申请</Text>
          <View className='card aid-card'>
            {claims.length === 0 ? <Text className='muted'>还没有申请</Text> : null}
            {claims.map((c) => (
              <View
                key={c.id}
                className='aid-row aid-claim-row'
                onClick={() =>
                  void Taro.navigateTo({
                    url: c.status === 'draft' ? `${AID_PAGES.claim}?id=${c.id}` : `${AID_PAGES.detail}?id=${c.id}`,
                  })
                }
              >
                <View className='aid-row__main'>
                  <Text className='aid-row__title'>
                    {c.category ? aidCategoryNames[c.category] : '未填写类别'} · {c.claimNo}
                  </Text>
                  <Text className='aid-row__sub'>{c.submittedAt ? formatDate(c.submittedAt) : '草稿'}</Text>
                </View>
                <Text className={`aid-tag aid-tag--${statusTone[c.status]}`}>{claimStatusNames[c.status]}</Text>
                <Text className='aid-row__amount'>
                  {(c.approvedFen ?? c.claimedFen) ? `${yuan((c.approvedFen ?? c.claimedFen)!)} 元` : ''}
                </Text>
              </View>
            ))}
          </View>
        </View>
      </View>
    </View>
  );
}

export default withTheme(AidHome);
