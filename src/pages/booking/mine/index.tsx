import { useEffect } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { call } from '@/api';
import { useAction } from '@/hooks/useAction';
import { useSignedIn } from '@/hooks/useSignedIn';
import EmptyState from '@/components/EmptyState';
import LoadError from '@/components/LoadError';
import { Button, Skeleton } from '@/components/nutui';
import type { BookingView } from '@shared/contracts/booking';
import { formatShortDateTime } from '@/utils/time';
import '../booking.scss';
import { withTheme } from '@/theme';
import { useConfirm } from '@/components/ConfirmDialog';
import { useSubmit } from '@/hooks/useSubmit';
import { toastError } from '@/utils/toast';
import { newRequestId } from '../time';
import { cancelBookingConfirmation } from '@shared/domain/confirmations';

/** 我的预约: each booking with its check-in code; cancel before the deadline frees the slot at once. */
function MyBookingsPage() {
  const signedIn = useSignedIn();
  const mine = useAction('booking.mine', {}, { enabled: signedIn });
  const recent = useAction('notices.list', { source: 'booking', limit: 8 }, { enabled: signedIn });
  // what changed about the member's bookings (cancelled by staff, waitlist, 师傅 changed); a 预约成功 notice says
  // nothing the list below does not show
  const shown = (recent.data?.notices ?? []).filter((n) => n.kind !== 'booking_confirmed').slice(0, 3);
  const { confirm, dialog } = useConfirm();
  const { busy, submit } = useSubmit();
  // the notices shown here count as read (the same notices are listed under 我的 → 消息通知)
  const unreadShown = shown.filter((n) => !n.read).map((n) => n.id);
  useEffect(() => {
    if (unreadShown.length > 0) void call('notices.markRead', { noticeIds: unreadShown }).catch(() => undefined);
  }, [unreadShown.join()]); // eslint-disable-line react-hooks/exhaustive-deps -- keyed on the ids' text: the array is new each render
  useDidShow(() => {
    void mine.reload();
  });

  if (mine.error) return <LoadError message={mine.error.message} onRetry={() => void mine.reload()} />;
  if (!mine.data)
    return (
      <View className='bk-page'>
        <Skeleton rows={5} animated />
      </View>
    );

  const cancel = async (b: BookingView) => {
    if (!(await confirm(cancelBookingConfirmation(b)))) return;
    await submit(async () => {
      await call('booking.cancel', { bookingId: b.id });
      void Taro.showToast({ title: '已取消，时段已释放', icon: 'none' });
    });
    void mine.reload();
  };

  /** One tap back into the slot (and the provider) just cancelled; when it has gone meanwhile, the week to pick another. */
  const rebook = async (b: BookingView) => {
    const input = { slotId: b.slotId, requestId: newRequestId(), ...(b.providerId ? { providerId: b.providerId } : {}) };
    const again = await submit(() => call('booking.book', input), {
      onError: (e) => {
        toastError(e);
        void Taro.navigateTo({ url: `/pages/booking/index/index?serviceId=${b.serviceId}` });
      },
    });
    if (again) void Taro.showToast({ title: `已重新预约，预约码 ${again.code}`, icon: 'none', duration: 3000 });
    void mine.reload();
  };

  const list = mine.data.bookings;
  // 重新预约 under the latest cancellation of a slot only, and not while the member holds that slot again
  const rebookable = new Set<string>();
  const slotsSeen = new Set(list.filter((x) => x.status !== 'cancelled').map((x) => x.slotId));
  for (const x of list)
    if (x.status === 'cancelled' && !slotsSeen.has(x.slotId)) {
      slotsSeen.add(x.slotId);
      rebookable.add(x.id);
    }
  return (
    <View className='bk-page booking-mine'>
      {dialog}
      {shown.map((n) => (
        <View key={n.id} className='bk-card booking-notice'>
          <Text className='bk-card__title'>{n.title}</Text>
          <Text className='bk-muted'>{n.body}</Text>
        </View>
      ))}
      {list.length === 0 ? (
        <EmptyState
          title='还没有预约'
          description='选一个时段，到店出示预约码即可'
          action={
            <Button
              type='primary'
              className='booking-go-book'
              onClick={() => void Taro.navigateTo({ url: '/pages/booking/index/index' })}
            >
              去预约
            </Button>
          }
        />
      ) : null}
      {list.map((b) => (
        <View key={b.id} className='bk-card booking-item' data-status={b.status}>
          <View className='bk-row'>
            <Text className='bk-card__title'>{b.serviceName}</Text>
            <Text className={`bk-tag bk-tag--${b.status}`}>{b.statusName}</Text>
          </View>
          <Text className='bk-muted'>
            {b.date} {b.label}
            {b.providerName ? ` · ${b.providerName}` : ''}
            {b.fromWaitlist ? ' · 候补成功' : ''}
          </Text>
          {b.status === 'booked' && b.queue ? (
            <Text className='bk-muted booking-queue'>
              本时段第 {b.queue.position} 位（共 {b.queue.ofSlot} 人）
              {b.queue.waitingAhead ? ` · 当天前面还有 ${b.queue.waitingAhead} 人待服务` : ' · 当天前面没有待服务的人'}
            </Text>
          ) : null}
          {b.status === 'booked' ? (
            <>
              <Text className='bk-muted'>到店出示预约码</Text>
              {b.qr ? <Image className='bk-qr booking-qr' src={b.qr} mode='aspectFit' /> : null}
              <Text className='bk-code booking-code'>{b.code}</Text>
            </>
          ) : null}
          {b.cancelReason && b.status === 'cancelled' ? <Text className='bk-muted'>{b.cancelReason}</Text> : null}
          {rebookable.has(b.id) && new Date(b.startsAt) > new Date() ? (
            <Button className='booking-rebook' type='primary' size='small' disabled={busy} onClick={() => void rebook(b)}>
              重新预约此时段
            </Button>
          ) : null}
          {b.status === 'booked' ? (
            b.canCancel ? (
              <Button className='booking-cancel' fill='outline' type='primary' size='small' onClick={() => void cancel(b)}>
                取消预约（{formatShortDateTime(b.cancellableUntil)} 前）
              </Button>
            ) : (
              <Text className='bk-muted'>已过取消截止时间</Text>
            )
          ) : null}
        </View>
      ))}
    </View>
  );
}

export default withTheme(MyBookingsPage);
