import { useEffect, useMemo, useRef, useState } from 'react';
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call, messageOf } from '@/api';
import { useAction } from '@/hooks/useAction';
import { useSignedIn } from '@/hooks/useSignedIn';
import { useSubmit } from '@/hooks/useSubmit';
import EmptyState from '@/components/EmptyState';
import LoadError from '@/components/LoadError';
import { Button, Skeleton } from '@/components/nutui';
import type { SlotView } from '@shared/contracts/booking';
import { newRequestId } from '../time';
import { addDays, dayLabel, formatShortDateTime, shanghaiDate, weekdayName } from '@/utils/time';
import { askReminderConsent } from '../subscribe';
import '../booking.scss';
import { withTheme } from '@/theme';
import { useConfirm } from '@/components/ConfirmDialog';
import { bookedNotice } from '@shared/domain/confirmations';
import ChoiceTabs from '@/components/ChoiceTabs';

const REFRESH_MS = 5000;

/** The chosen provider (师傅) cannot take this open slot: another member holds them, or they are off. */
const providerBusy = (s: SlotView, chosen: string | null): boolean =>
  !s.myBookingId && s.status === 'open' && chosen !== null && !s.freeProviderIds.includes(chosen);

const stateText = (s: SlotView, chosen: string | null): string => {
  if (s.myBookingId) return '我的预约';
  if (providerBusy(s, chosen)) return '师傅已约满';
  switch (s.status) {
    case 'open':
      return chosen === null ? `余 ${s.free}` : '可约';
    case 'full':
      return '已约满';
    case 'closed':
      return '停止服务';
    case 'past':
      return '已结束';
    default:
      return '未开放';
  }
};

/** "，还有 4 分 05 秒" in the last hour before the release; nothing earlier or after. */
const countdownText = (ms: number): string => {
  if (ms <= 0 || ms > 3600_000) return '';
  const s = Math.ceil(ms / 1000);
  return `，还有 ${Math.floor(s / 60)} 分 ${String(s % 60).padStart(2, '0')} 秒`;
};

/** 服务预约: the week's grid of a service, refreshed live; one tap books a free slot. */
function BookingWeekPage() {
  const signedIn = useSignedIn();
  const router = useRouter();
  const services = useAction('booking.services', {}, { enabled: signedIn });
  const serviceId = (router.params.serviceId as string | undefined) ?? services.data?.services[0]?.id ?? '';
  const [weekStart, setWeekStart] = useState<string | undefined>();
  const week = useAction('booking.week', weekStart ? { serviceId, weekStart } : { serviceId }, { enabled: Boolean(serviceId) });
  const [day, setDay] = useState<string>();
  const [thisWeek, setThisWeek] = useState<string>();
  useEffect(() => {
    if (!weekStart && week.data) setThisWeek(week.data.weekStart);
  }, [weekStart, week.data]);
  const { busy, submit } = useSubmit();
  const { confirm, dialog } = useConfirm();
  const [tapped, setTapped] = useState<string>();
  // the provider (师傅) the member wants; null: whoever is free (不限)
  const [chosen, setChosen] = useState<string | null>(null);
  const pending = useRef<{ key: string; requestId: string } | null>(null);

  // The server's clock decides the release, never the phone's: keep the offset seen in the last answer,
  // reload exactly at the release instant and count down the last minutes.
  const offset = useRef(0);
  useEffect(() => {
    if (week.data) offset.current = Date.parse(week.data.serverNow) - Date.now();
  }, [week.data]);
  const serverNow = () => Date.now() + offset.current;
  const [, tick] = useState(0);
  const releasesAt = week.data && !week.data.released && week.data.releasesAt ? Date.parse(week.data.releasesAt) : null;
  useEffect(() => {
    if (releasesAt === null) return;
    const wait = releasesAt - serverNow();
    if (wait > 24 * 3600_000) return;
    const opening = setTimeout(() => void week.reload(), Math.max(0, wait) + 200);
    const countdown = setInterval(() => tick((n) => n + 1), 1000);
    return () => {
      clearTimeout(opening);
      clearInterval(countdown);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- serverNow only reads a ref
  }, [releasesAt, week.reload]);

  // live refresh while the page is visible (the grid of a rush changes by the second)
  const timer = useRef<ReturnType<typeof setInterval>>();
  const startPolling = () => {
    if (timer.current || !serviceId) return;
    timer.current = setInterval(() => void week.reload(), REFRESH_MS);
  };
  const stopPolling = () => {
    if (timer.current) clearInterval(timer.current);
    timer.current = undefined;
  };
  useEffect(() => {
    startPolling();
    return stopPolling;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- start/stopPolling only touch a ref; restart when the service or its loader changes
  }, [serviceId, week.reload]);
  useDidShow(() => {
    void week.reload();
    startPolling();
  });
  useDidHide(stopPolling);

  const data = week.data;
  // days of this week already gone are not offered (their slots are over; 我的预约 keeps what was booked)
  const days = useMemo(() => {
    const all = data?.days ?? [];
    const today = data ? shanghaiDate(data.serverNow) : '';
    const ahead = all.filter((d) => d.date >= today);
    return ahead.length > 0 ? ahead : all;
  }, [data]);
  const current = useMemo(() => {
    if (day && days.some((d) => d.date === day)) return days.find((d) => d.date === day);
    return days.find((d) => d.slots.some((s) => s.status !== 'past')) ?? days[0];
  }, [day, days]);

  if (services.error) return <LoadError message={services.error.message} onRetry={() => void services.reload()} />;
  if (services.data && services.data.services.length === 0)
    return <EmptyState title='暂无可预约的服务' description='所在工会开通服务后可在此预约' />;
  if (week.error && !data) return <LoadError message={week.error.message} onRetry={() => void week.reload()} />;
  if (!data)
    return (
      <View className='bk-page'>
        <Skeleton rows={6} animated />
      </View>
    );

  const svc = data.service;
  const provider = svc.providers.some((p) => p.id === chosen) ? chosen : null;
  const providerName = svc.providers.find((p) => p.id === provider)?.name;

  const book = async (slot: SlotView) => {
    if (busy) return;
    if (slot.status === 'not_released' && serverNow() < Date.parse(slot.releasedAt)) {
      void Taro.showToast({
        title: `尚未开放，将于 ${formatShortDateTime(slot.releasedAt)} 开放预约`,
        icon: 'none',
        duration: 2500,
      });
      return;
    }
    // the same tap retried after a network error keeps its request id: never a second booking
    const key = `${slot.id}/${provider ?? ''}`;
    if (!pending.current || pending.current.key !== key) pending.current = { key, requestId: newRequestId() };
    const requestId = pending.current.requestId;
    setTapped(slot.id);
    await submit(
      async () => {
        const b = await call('booking.book', { slotId: slot.id, requestId, ...(provider ? { providerId: provider } : {}) });
        pending.current = null;
        // the notice's 知道了 is the tap where weapp may ask for the reminder subscription (WeChat allows it only there)
        void confirm(bookedNotice({ ...b, cancellableUntil: formatShortDateTime(b.cancellableUntil) }), {
          onConfirmTap: () => void askReminderConsent(),
        });
      },
      {
        onError: (err) => {
          if ((err as { code?: string }).code !== 'NETWORK') pending.current = null;
          void Taro.showToast({ title: messageOf(err), icon: 'none', duration: 3000 });
        },
      },
    );
    void week.reload();
  };

  const toggleWaitlist = async () => {
    if (!current) return;
    try {
      if (current.onWaitlist) {
        await call('booking.leaveWaitlist', { serviceId, date: current.date });
        void Taro.showToast({ title: '已退出候补', icon: 'none' });
      } else {
        const r = await call('booking.joinWaitlist', { serviceId, date: current.date });
        void Taro.showToast({ title: `已候补，第 ${r.position} 位`, icon: 'none' });
      }
    } catch (err) {
      void Taro.showToast({ title: messageOf(err), icon: 'none', duration: 3000 });
    }
    void week.reload();
  };

  return (
    <View className='bk-page booking-week'>
      {dialog}
      <View className='bk-card'>
        <View className='bk-row'>
          <Text className='bk-card__title'>{svc.name}</Text>
          <Text className='bk-muted'>{svc.unionName}</Text>
        </View>
        {svc.location ? <Text className='bk-muted'>地点：{svc.location}</Text> : null}
        <Text className='bk-muted'>
          每次 {svc.slotMinutes} 分钟 · 每周限约 {data.weeklyLimit} 次（本周已约 {data.myCount} 次）· 开始前{' '}
          {svc.cancelMinutesBefore} 分钟可取消
        </Text>
        {data.suspendedUntil ? (
          <Text className='bk-banner bk-banner--danger'>
            因多次预约未到，预约资格暂停至 {formatShortDateTime(data.suspendedUntil)}
          </Text>
        ) : null}
        {!data.released && data.releasesAt ? (
          <Text className='bk-banner booking-release'>
            {weekStart ? '下周' : '本周'}时段将于 {formatShortDateTime(data.releasesAt)} 开放预约（以服务器时间为准）
            {countdownText(Date.parse(data.releasesAt) - serverNow())}
          </Text>
        ) : null}
        <View className='bk-row'>
          <View className='bk-tabs'>
            <Text
              className={`bk-tab ${weekStart ? '' : 'bk-tab--active'}`}
              onClick={() => {
                setWeekStart(undefined);
                setDay(undefined);
              }}
            >
              本周
            </Text>
            <Text
              className={`bk-tab booking-next-week ${weekStart ? 'bk-tab--active' : ''}`}
              onClick={() => {
                setWeekStart(addDays(thisWeek ?? data.weekStart, 7));
                setDay(undefined);
              }}
            >
              下周
            </Text>
          </View>
          <Text className='bk-muted' onClick={() => void Taro.navigateTo({ url: '/pages/booking/mine/index' })}>
            我的预约 ›
          </Text>
        </View>
      </View>

      <View className='bk-tabs booking-days'>
        {days.map((d) => (
          <Text
            key={d.date}
            data-date={d.date}
            className={`bk-tab ${current?.date === d.date ? 'bk-tab--active' : ''}`}
            onClick={() => setDay(d.date)}
          >
            {weekdayName(d.weekday)} {dayLabel(d.date)}
          </Text>
        ))}
      </View>

      {current ? (
        <View className='bk-card'>
          {svc.providers.length > 0 ? (
            <View className='bk-providers'>
              <Text className='bk-muted'>选择师傅</Text>
              <ChoiceTabs
                className='bk-tabs booking-providers'
                tabClass='bk-tab'
                value={provider}
                onChange={setChosen}
                choices={[{ id: null, name: '不限' }, ...svc.providers].map((p, i) => ({
                  value: p.id,
                  label: p.name,
                  className: `booking-provider-${i}`,
                  data: { 'data-provider': p.name },
                }))}
              />
            </View>
          ) : null}
          <View className='bk-grid booking-slots'>
            {current.slots.map((s) => {
              const taken = providerBusy(s, provider);
              const look = s.myBookingId ? 'mine' : taken ? 'full' : s.status;
              return (
                <View
                  key={s.id}
                  data-slot={s.label}
                  data-status={look}
                  className={`bk-slot bk-slot--${look}`}
                  onClick={() => {
                    if (s.myBookingId) return;
                    if (taken)
                      void Taro.showToast({
                        title: `${providerName} 该时段已约满，可换个时段或选「不限」`,
                        icon: 'none',
                        duration: 2500,
                      });
                    else if (s.status === 'open' || s.status === 'not_released') void book(s);
                    else if (s.status === 'full')
                      void Taro.showToast({
                        title: current.full ? '当天已约满，可在下方加入候补' : '该时段已约满，请选择其他时段',
                        icon: 'none',
                        duration: 2500,
                      });
                  }}
                >
                  <Text className='bk-slot__time'>{s.label}</Text>
                  <Text className='bk-slot__state'>{busy && tapped === s.id ? '预约中…' : stateText(s, provider)}</Text>
                  {svc.providers.length > 0 && s.status !== 'closed' ? (
                    <Text className='bk-slot__chairs'>{s.capacity} 位师傅</Text>
                  ) : null}
                </View>
              );
            })}
          </View>
          {current.full || current.onWaitlist ? (
            <View className='bk-waitlist'>
              <Text className='bk-waitlist__hint'>
                {current.onWaitlist ? '您在当天的候补名单上' : '当天已约满'}，有人取消时按先后自动为您预约
              </Text>
              <Button
                className='booking-waitlist'
                type='primary'
                block
                fill={current.onWaitlist ? 'outline' : 'solid'}
                onClick={() => void toggleWaitlist()}
              >
                {current.onWaitlist ? '退出候补' : '加入候补'}
              </Button>
            </View>
          ) : null}
        </View>
      ) : (
        <EmptyState title='本周没有开放的时段' />
      )}

      {svc.canManage ? (
        <Button
          className='booking-manage'
          fill='outline'
          type='primary'
          block
          onClick={() => void Taro.navigateTo({ url: `/pages/booking/staff/index?serviceId=${svc.id}` })}
        >
          服务管理（签到 / 停诊 / 统计）
        </Button>
      ) : null}
    </View>
  );
}

export default withTheme(BookingWeekPage);
