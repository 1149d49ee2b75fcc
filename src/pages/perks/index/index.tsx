import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { call } from '@/api';
import { useAction } from '@/hooks/useAction';
import { useSignedIn } from '@/hooks/useSignedIn';
import { useSubmit } from '@/hooks/useSubmit';
import EmptyState from '@/components/EmptyState';
import LoadError from '@/components/LoadError';
import { Button, Skeleton } from '@/components/nutui';
import { activityModeNames, signupStatusNames, type CouponBatchView } from '@shared/contracts/perks';
import { formatShortDateTime } from '@/utils/time';
import { toastSuccess } from '@/utils/toast';
import '../perks.scss';
import { withTheme } from '@/theme';

type Tab = 'activities' | 'coupons' | 'points';
const TABS: [Tab, string][] = [
  ['activities', '活动报名'],
  ['coupons', '抢券'],
  ['points', '我的积分'],
];

/** 普惠: activities to sign up for, coupons to grab, the member's points and coupons. */
function PerksHubPage() {
  const signedIn = useSignedIn();
  const [tab, setTab] = useState<Tab>('activities');
  return (
    <View className='pk-page perks-hub'>
      <View className='pk-tabs'>
        {TABS.map(([key, label]) => (
          <Text
            key={key}
            className={`pk-tab perks-tab-${key}${tab === key ? ' pk-tab--active' : ''}`}
            onClick={() => setTab(key)}
          >
            {label}
          </Text>
        ))}
      </View>
      {signedIn && tab === 'activities' ? <Activities /> : null}
      {signedIn && tab === 'coupons' ? <Coupons /> : null}
      {signedIn && tab === 'points' ? <Points /> : null}
    </View>
  );
}

function Activities() {
  const list = useAction('perks.activities', {});
  useDidShow(() => void list.reload());
  if (list.error) return <LoadError message={list.error.message} onRetry={() => void list.reload()} />;
  if (!list.data) return <Skeleton rows={4} animated />;
  if (list.data.activities.length === 0) return <EmptyState title='暂无活动' description='工会发布的普惠活动会显示在这里' />;
  return (
    <View className='perks-activities'>
      {list.data.activities.map((a) => (
        <View
          key={a.id}
          className='pk-card perks-activity'
          data-title={a.title}
          onClick={() => void Taro.navigateTo({ url: `/pages/perks/activity/index?id=${a.id}` })}
        >
          <View className='pk-row'>
            <Text className='pk-card__title'>{a.title}</Text>
            <Text className='pk-tag'>{a.myStatus ? signupStatusNames[a.myStatus] : activityModeNames[a.mode]}</Text>
          </View>
          <Text className='pk-muted'>
            {a.unionName} · {formatShortDateTime(a.startsAt)}
            {a.online ? ' · 线上' : a.place ? ` · ${a.place}` : ''}
          </Text>
          <Text className='pk-muted'>
            名额 {a.capacity} · 已报名 {a.signups} · 报名截止 {formatShortDateTime(a.signupClosesAt)}
          </Text>
        </View>
      ))}
    </View>
  );
}

/** One request id per tap on a batch, kept until the answer arrives: a retry after a lost answer is the same request. */
const newRequestId = () => `grab-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

function Coupons() {
  const batches = useAction('perks.batches', {});
  const mine = useAction('perks.myCoupons', {});
  const { busy, submit } = useSubmit();
  useDidShow(() => void Promise.all([batches.reload(), mine.reload()]));
  if (batches.error) return <LoadError message={batches.error.message} onRetry={() => void batches.reload()} />;
  if (!batches.data) return <Skeleton rows={4} animated />;

  const grab = async (b: CouponBatchView) => {
    const requestId = newRequestId();
    const got = await submit(() => call('perks.grab', { batchId: b.id, requestId }));
    if (got) toastSuccess('抢到了');
    await Promise.all([batches.reload(), mine.reload()]);
  };

  return (
    <View className='perks-coupons'>
      {batches.data.batches.length === 0 ? <EmptyState title='暂无可领的券' description='开抢时间一到即可领取' /> : null}
      {batches.data.batches.map((b) => (
        <View key={b.id} className='pk-card perks-batch' data-title={b.title}>
          <View className='pk-row'>
            <Text className='pk-card__title'>{b.title}</Text>
            <Text className='pk-tag perks-remaining'>
              剩余 {b.remaining}/{b.total}
            </Text>
          </View>
          <Text className='pk-muted'>
            {b.merchant ?? b.unionName} · 每人限 {b.perPerson} 张{b.pricePoints > 0 ? ` · ${b.pricePoints} 积分` : ''} ·{' '}
            {formatShortDateTime(b.startsAt)} 开抢
          </Text>
          {b.held >= b.perPerson ? (
            <Text className='pk-muted perks-held'>已领 {b.held} 张</Text>
          ) : (
            <Button
              className='perks-grab'
              type='primary'
              size='small'
              disabled={busy || b.remaining <= 0}
              onClick={() => void grab(b)}
            >
              {b.remaining <= 0 ? '已抢光' : '立即抢'}
            </Button>
          )}
        </View>
      ))}
      <View className='section-title'>我的券</View>
      {(mine.data?.coupons ?? []).map((c) => (
        <View key={c.id} className='pk-card perks-coupon' data-redeemed={c.redeemedAt ? 'yes' : 'no'}>
          <View className='pk-row'>
            <Text className='pk-card__title'>{c.title}</Text>
            <Text className='pk-tag'>{c.redeemedAt ? '已使用' : '未使用'}</Text>
          </View>
          {c.qr ? <Image className='pk-qr perks-coupon-qr' src={c.qr} mode='aspectFit' /> : null}
          <Text className='pk-code perks-coupon-code'>{c.code}</Text>
          <Text className='pk-muted'>
            到店出示券码，商家核销{c.validUntil ? `（${formatShortDateTime(c.validUntil)} 前有效）` : ''}
          </Text>
        </View>
      ))}
    </View>
  );
}

function Points() {
  const points = useAction('perks.myPoints', {});
  useDidShow(() => void points.reload());
  if (points.error) return <LoadError message={points.error.message} onRetry={() => void points.reload()} />;
  if (!points.data) return <Skeleton rows={4} animated />;
  return (
    <View className='perks-points'>
      <View className='pk-card'>
        <Text className='pk-muted'>积分余额</Text>
        <Text className='pk-balance perks-balance'>{points.data.balance}</Text>
      </View>
      {points.data.entries.length === 0 ? (
        <EmptyState title='还没有积分记录' description='参加活动签到、工会奖励可获得积分' />
      ) : null}
      {points.data.entries.map((e) => (
        <View key={e.id} className='pk-card pk-row perks-entry'>
          <View>
            <Text className='pk-card__title'>{e.reason}</Text>
            <Text className='pk-muted'> {formatShortDateTime(e.createdAt)}</Text>
          </View>
          <Text className='pk-balance' style={{ fontSize: '18px', color: e.delta > 0 ? '#1f9d55' : '#c8102e' }}>
            {e.delta > 0 ? `+${e.delta}` : e.delta}
          </Text>
        </View>
      ))}
    </View>
  );
}

export default withTheme(PerksHubPage);
