import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { scanCode } from '@/utils/scan';
import BarChart from '@/components/BarChart';
import { Input, Text, View } from '@tarojs/components';
import { call, messageOf } from '@/api';
import { useAction } from '@/hooks/useAction';
import { useSignedIn } from '@/hooks/useSignedIn';
import LoadError from '@/components/LoadError';
import { useConfirm } from '@/components/ConfirmDialog';
import {
  closeDayConfirmation,
  closeSlotConfirmation,
  noShowConfirmation,
  providerBackConfirmation,
  providerOffConfirmation,
} from '@shared/domain/confirmations';
import { Button, Skeleton } from '@/components/nutui';
import type { StaffSlotView, WeekFigures } from '@shared/contracts/booking';
import { addDays, dayLabel, shanghaiDate, weekdayOf } from '@/utils/time';
import ChoiceTabs from '@/components/ChoiceTabs';
import '../booking.scss';
import { withTheme } from '@/theme';

const toast = (title: string) => void Taro.showToast({ title, icon: 'none', duration: 2500 });

/** 服务管理 (service staff, union officers): the day's bookings, check-in, no-shows, closing, weekly figures. */
function BookingStaffPage() {
  const signedIn = useSignedIn();
  const asked = (useRouter().params.serviceId as string | undefined) ?? '';
  const services = useAction('booking.services', {}, { enabled: signedIn });
  const managed = (services.data?.services ?? []).filter((x) => x.canManage);
  const [picked, setPicked] = useState(asked);
  // opened from 服务排班 without a service: the first one this person runs; the chips switch between them
  const serviceId = picked || (managed[0]?.id ?? '');
  const [chosen, setDate] = useState<string>();
  const [code, setCode] = useState('');
  // "today" is the server's (Asia/Shanghai), not the phone's
  const day = useAction('booking.day', chosen ? { serviceId, date: chosen } : { serviceId }, {
    enabled: signedIn && Boolean(serviceId),
  });
  const [serverToday, setServerToday] = useState<string>();
  useEffect(() => {
    if (!chosen && day.data) setServerToday(day.data.date);
  }, [chosen, day.data]);
  const today = serverToday ?? shanghaiDate();
  const date = chosen ?? today;
  const stats = useAction('booking.stats', { serviceId, weeks: 8 }, { enabled: signedIn && Boolean(serviceId) });
  const providers = services.data?.services.find((x) => x.id === serviceId)?.providers ?? [];
  const [newProvider, setNewProvider] = useState('');
  const { confirm, ask, dialog } = useConfirm();

  const run = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      toast(done);
    } catch (err) {
      toast(messageOf(err));
    }
    void day.reload();
    void stats.reload();
    void services.reload();
  };

  const markNoShow = async (b: { id: string; personName: string }, slotLabel: string) => {
    const rules = services.data?.services.find((x) => x.id === serviceId);
    const ok = await confirm(
      noShowConfirmation({
        personName: b.personName,
        slotLabel: `${date} ${slotLabel}`,
        limit: rules?.noShowLimit ?? 0,
        windowDays: rules?.noShowWindowDays ?? 0,
        suspendDays: rules?.suspendDays ?? 0,
      }),
    );
    if (ok) await run(() => call('booking.markNoShow', { bookingId: b.id }), '已记为未到');
  };

  const takeOff = async (p: { id: string; name: string }, where: { slotId: string; label: string } | { date: string }) => {
    const reason = await ask(providerOffConfirmation({ name: p.name, when: 'slotId' in where ? where.label : `${date} 全天` }));
    if (reason === null) return;
    const input =
      'slotId' in where ? { providerId: p.id, slotId: where.slotId, reason } : { providerId: p.id, date: where.date, reason };
    await run(() => call('booking.takeProviderOff', input), '已停诊');
  };

  const putBack = async (p: { id: string; name: string }, s: StaffSlotView) => {
    if (!(await confirm(providerBackConfirmation({ name: p.name, when: s.label })))) return;
    await run(() => call('booking.putProviderBack', { providerId: p.id, slotId: s.id }), '已恢复');
  };

  const saveProviders = (list: { id?: string; name: string }[]) =>
    run(async () => {
      await call('booking.saveProviders', { serviceId, providers: list });
      setNewProvider('');
    }, '已保存服务人员');

  const checkInCode = (value: string) =>
    run(async () => {
      const b = await call('booking.checkIn', { serviceId, code: value.trim().toUpperCase() });
      setCode('');
      return b;
    }, '签到成功');

  const scan = async () => {
    const value = await scanCode('会员出示的 8 位预约码');
    if (value) await checkInCode(value);
  };

  const closeSlot = async (s: StaffSlotView) => {
    const reason = await ask(closeSlotConfirmation({ label: s.label, booked: s.booked }));
    if (reason === null) return;
    await run(() => call('booking.closeSlot', { slotId: s.id, reason }), '已关闭');
  };

  const closeDay = async () => {
    const slots = day.data?.slots ?? [];
    const booked = slots.reduce((n, s) => n + s.booked, 0);
    const reason = await ask(closeDayConfirmation({ date, slots: slots.length, booked }));
    if (reason === null) return;
    await run(() => call('booking.closeDay', { serviceId, date, reason }), '已关闭全天');
  };

  if (!serviceId && !services.data) return <Skeleton rows={6} animated />;
  if (!serviceId) return <LoadError message='您没有可管理的服务项目' onRetry={() => void services.reload()} />;
  if (day.error && !day.data) return <LoadError message={day.error.message} onRetry={() => void day.reload()} />;

  return (
    <View className='bk-page booking-staff'>
      {dialog}
      {managed.length > 1 ? (
        <View className='bk-tabs booking-days booking-staff-services'>
          {managed.map((x) => (
            <Text
              key={x.id}
              className={`bk-tab ${x.id === serviceId ? 'bk-tab--active' : ''}`}
              data-service={x.name}
              onClick={() => {
                setPicked(x.id);
                setDate(undefined);
              }}
            >
              {x.name}
            </Text>
          ))}
        </View>
      ) : null}
      <View className='bk-card'>
        <Text className='bk-card__title'>签到</Text>
        <View className='bk-row'>
          <Input
            className='bk-input booking-code-input'
            value={code}
            maxlength={8}
            placeholder='输入 8 位预约码'
            onInput={(e) => setCode(e.detail.value)}
          />
          <Button type='primary' size='small' className='booking-checkin' onClick={() => void checkInCode(code)}>
            签到
          </Button>
          <Button fill='outline' type='primary' size='small' onClick={() => void scan()}>
            扫码
          </Button>
        </View>
      </View>

      <View className='bk-card booking-providers'>
        <Text className='bk-card__title'>服务人员（座椅）</Text>
        {providers.length === 0 ? <Text className='bk-muted'>尚未设置，每个时段按固定名额预约</Text> : null}
        {providers.map((p) => (
          <View key={p.id} className='bk-row booking-provider' data-provider={p.name}>
            <Text>{p.name}</Text>
            <View className='bk-row'>
              <Button size='small' fill='outline' onClick={() => void takeOff(p, { date })}>
                当天停诊
              </Button>
              {day.data?.slots.some((s) => s.providers.some((x) => x.id === p.id && x.off)) ? (
                <Button
                  size='small'
                  fill='outline'
                  onClick={() => void run(() => call('booking.putProviderBack', { providerId: p.id, date }), '已恢复')}
                >
                  当天恢复
                </Button>
              ) : null}
              <Button size='small' fill='none' onClick={() => void saveProviders(providers.filter((x) => x.id !== p.id))}>
                移除
              </Button>
            </View>
          </View>
        ))}
        <View className='bk-row'>
          <Input
            className='bk-input booking-provider-input'
            value={newProvider}
            maxlength={40}
            placeholder='新增，如 3号椅 · 赵师傅'
            onInput={(e) => setNewProvider(e.detail.value)}
          />
          <Button
            size='small'
            type='primary'
            className='booking-provider-add'
            onClick={() => void saveProviders([...providers, { name: newProvider.trim() }])}
          >
            添加
          </Button>
        </View>
        <Text className='bk-muted'>每个时段的名额 = 当班服务人员数</Text>
      </View>

      {/* the week ahead as one row that scrolls sideways (as the member's week), never two ragged lines */}
      <ChoiceTabs
        className='bk-tabs booking-days booking-staff-days'
        tabClass='bk-tab'
        value={date}
        onChange={setDate}
        choices={Array.from({ length: 7 }, (_, i) => addDays(today, i)).map((d) => ({
          value: d,
          label: d === today ? '今天' : `${weekdayOf(d)} ${dayLabel(d)}`,
        }))}
      />

      {!day.data ? <Skeleton rows={6} animated /> : null}
      {day.data && day.data.slots.length === 0 ? <Text className='bk-muted'>当天没有时段</Text> : null}
      {day.data?.slots.map((s) => (
        <View key={s.id} className='bk-card booking-staff-slot' data-slot={s.label}>
          <View className='bk-row'>
            <Text className='bk-card__title'>{s.label}</Text>
            <Text className='bk-muted'>
              {s.status === 'closed' ? `已关闭：${s.closedReason ?? ''}` : `已约 ${s.booked}/${s.capacity}`}
            </Text>
          </View>
          {s.providers.length > 0 ? (
            <View className='bk-row booking-slot-providers'>
              {s.providers.map((p) =>
                p.off ? (
                  <View key={p.id} className='bk-row booking-provider-offline' data-provider={p.name}>
                    <Text className='bk-tag bk-tag--cancelled'>
                      {p.name} 停诊{p.offReason ? `（${p.offReason}）` : ''}
                    </Text>
                    {s.status === 'open' || s.closedByProviders ? (
                      <Button size='small' fill='outline' className='booking-provider-back' onClick={() => void putBack(p, s)}>
                        恢复
                      </Button>
                    ) : null}
                  </View>
                ) : s.status === 'open' ? (
                  <Text
                    key={p.id}
                    className='bk-tag booking-provider-off'
                    onClick={() => void takeOff(p, { slotId: s.id, label: s.label })}
                  >
                    {p.name} ✕
                  </Text>
                ) : (
                  <Text key={p.id} className='bk-tag'>
                    {p.name}
                  </Text>
                ),
              )}
            </View>
          ) : null}
          {s.bookings
            .filter((b) => b.status !== 'cancelled')
            .map((b) => (
              <View key={b.id} className='bk-row booking-staff-row' data-person={b.personName}>
                <View className='booking-staff-who'>
                  <Text>
                    {b.personName} <Text className='bk-muted'>{b.memberNo ?? ''}</Text>
                  </Text>
                  {b.providerName ? <Text className='bk-muted booking-staff-provider'>指定 {b.providerName}</Text> : null}
                </View>
                <Text className={`bk-tag bk-tag--${b.status}`}>{b.statusName}</Text>
                {/* a future day's booking cannot be checked in or marked absent yet */}
                {b.status === 'booked' && date <= today ? (
                  <View className='bk-row'>
                    <Button
                      size='small'
                      type='primary'
                      className='booking-checkin-row'
                      onClick={() => void run(() => call('booking.checkIn', { serviceId, bookingId: b.id }), '签到成功')}
                    >
                      签到
                    </Button>
                    <Button size='small' fill='outline' className='booking-no-show' onClick={() => void markNoShow(b, s.label)}>
                      未到
                    </Button>
                  </View>
                ) : null}
              </View>
            ))}
          {s.status === 'open' ? (
            <Button size='small' fill='none' onClick={() => void closeSlot(s)}>
              关闭此时段
            </Button>
          ) : null}
        </View>
      ))}
      {day.data && day.data.slots.some((s) => s.status === 'open') ? (
        <Button fill='outline' type='primary' block onClick={() => void closeDay()}>
          关闭当天（节假日 / 停诊）
        </Button>
      ) : null}

      {stats.data ? <WeekChart weeks={stats.data.weeks} /> : null}
    </View>
  );
}

/**
 * The chart's colours: booked-not-yet-served in the union's own colour (as every primary thing), attended green,
 * no-shows amber (a warning, and never the same red as a red union's bookings).
 */
const COLORS = { attended: '#0f9d58', noShows: '#e37318', booked: 'theme' };

/**
 * Per week a column stacked from the bottom with attended, no-shows and booked-not-yet-checked-in, with booked /
 * places offered above it; the cancellations are in the table under it (they hold no place).
 */
function WeekChart({ weeks }: { weeks: WeekFigures[] }) {
  return (
    <View className='bk-card booking-stats'>
      <Text className='bk-card__title'>每周统计</Text>
      <BarChart
        stacked
        labels={weeks.map((w) => dayLabel(w.weekStart))}
        series={[
          { name: '到店', color: COLORS.attended, values: weeks.map((w) => w.attended) },
          { name: '未到', color: COLORS.noShows, values: weeks.map((w) => w.noShows) },
          { name: '已约未签到', color: COLORS.booked, values: weeks.map((w) => w.booked - w.attended - w.noShows) },
        ]}
        tops={weeks.map((w) => `${w.booked}/${w.offered}`)}
      />
      <View className='bk-table booking-stats-table'>
        {weeks
          .filter((w) => w.offered > 0 || w.booked > 0 || w.cancellations > 0)
          .map((w) => (
            <Text key={w.weekStart} className='bk-muted'>
              {dayLabel(w.weekStart)} 起：提供 {w.offered} · 已约 {w.booked} · 到店 {w.attended} · 未到 {w.noShows} · 取消{' '}
              {w.cancellations}
            </Text>
          ))}
      </View>
      <Text className='bk-muted'>柱顶数字：已约 / 提供名额；横轴为每周一</Text>
    </View>
  );
}

export default withTheme(BookingStaffPage);
