import { useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { OverviewOutput, Suppressed } from '@shared/contracts/federation';
import { unionLevelNames } from '@shared/contracts/unions';
import { yuan } from '@shared/domain/aid/benefit';
import { leagueMetrics, type LeagueMetric } from '@shared/domain/federation/league';
import { useHome } from '@/hooks/useHome';
import { useAction } from '@/hooks/useAction';
import { formatDateTime, shanghai } from '@/utils/time';
import MonthChart from '@/components/BarChart/MonthChart';
import LeagueTable from '@/components/LeagueTable';
import LoadError from '@/components/LoadError';
import EmptyState from '@/components/EmptyState';
import './index.scss';
import { withTheme } from '@/theme';

/** Seconds between reloads of the figures (`?refresh=` may set 5–3600) and between league metrics. */
const REFRESH_DEFAULT = 60;
const ROTATE_SECONDS = 20;

const shown = (n: Suppressed) => (n === null ? '<5' : n.toLocaleString('zh-CN'));

function tiles(d: OverviewOutput): { label: string; value: string }[] {
  return [
    { label: '在会会员', value: d.members.active.toLocaleString('zh-CN') },
    { label: '本年入会', value: d.members.joinedThisYear.toLocaleString('zh-CN') },
    { label: '待审申请', value: d.members.pendingApplications.toLocaleString('zh-CN') },
    { label: '工会组织', value: d.unions.total.toLocaleString('zh-CN') },
    { label: '互助审核中', value: shown(d.aid.claims.inReview) },
    { label: '本年批准互助金', value: d.aid.approvedFen === null ? '不予显示' : `¥${yuan(d.aid.approvedFen)}` },
    { label: '召开职代会', value: String(d.congress.held) },
    { label: '代表出席率', value: d.congress.turnoutPct === null ? '-' : `${d.congress.turnoutPct}%` },
    { label: '服务预约', value: d.booking.booked.toLocaleString('zh-CN') },
  ];
}

/**
 * 运营大屏: the 数据驾驶舱's figures for an office display, landscape, nothing to tap: the key figures in large
 * type, the monthly trends, and the league of the unions below (the metric turns every 20 s). It reloads itself
 * every minute and says when the figures were taken; sizes follow the screen (vw/vh), so it fits 1366×768 to 4K
 * without scrolling. `?unionId=` (default: the federation the person administers), `?refresh=` seconds.
 */
function OperationsScreen() {
  const params = useRouter().params;
  const home = useHome();
  const unionId = params.unionId ?? home.data?.federation?.id ?? '';
  const refresh = Math.min(3600, Math.max(5, Number(params.refresh) || REFRESH_DEFAULT));
  const o = useAction('unions.overview', { unionId }, { enabled: !!unionId });
  const [metric, setMetric] = useState<LeagueMetric>('activeMembers');
  const [now, setNow] = useState(() => Date.now());
  // the charts' labels at the screen's scale (1.5% of its height), as the rest of the page in vh
  const chartFont = Math.max(10, Math.round(Taro.getWindowInfo().windowHeight * 0.015));

  const reloadLatest = useRef(o.reload);
  reloadLatest.current = o.reload;

  useEffect(() => {
    const reload = setInterval(() => void reloadLatest.current(), refresh * 1000);
    const rotate = setInterval(
      () => setMetric((m) => leagueMetrics[(leagueMetrics.indexOf(m) + 1) % leagueMetrics.length]),
      ROTATE_SECONDS * 1000,
    );
    const clock = setInterval(() => setNow(Date.now()), 1000);
    return () => [reload, rotate, clock].forEach(clearInterval);
  }, [refresh]);

  if (!unionId && home.data) return <EmptyState title='没有可查看的工会数据' description='仅总工会管理员和基层工会主席可用' />;
  if (o.error && !o.data) return <LoadError message={o.error.message} onRetry={() => void o.reload()} />;
  const d = o.data;
  return (
    <View className='ops-screen'>
      <View className='ops-screen__head'>
        <Text className='ops-screen__title'>{d ? `${d.union.name} · 运营大屏` : '运营大屏'}</Text>
        <Text className='ops-screen__clock'>{shanghai(now).format('YYYY年M月D日 HH:mm:ss')}</Text>
      </View>
      {d ? (
        <>
          <View className='ops-screen__tiles'>
            {tiles(d).map((t) => (
              <View key={t.label} className='ops-tile'>
                <Text className='ops-tile__value'>{t.value}</Text>
                <Text className='ops-tile__label'>{t.label}</Text>
              </View>
            ))}
          </View>
          <View className='ops-screen__body'>
            <View className='ops-screen__trends'>
              <MonthChart fontSize={chartFont} title='每月入会' months={d.trend.months} values={d.trend.joined} />
              <MonthChart fontSize={chartFont} title='每月互助金申请' months={d.trend.months} values={d.trend.claims} />
              <MonthChart fontSize={chartFont} title='每月服务预约' months={d.trend.months} values={d.trend.bookings} />
            </View>
            <View className='ops-screen__league'>
              {d.children.length ? (
                <LeagueTable unions={d.children} metric={metric} onMetric={setMetric} limit={8} />
              ) : (
                <Text className='ops-screen__muted'>{unionLevelNames[d.union.level]}，没有下级工会</Text>
              )}
            </View>
          </View>
          <Text className='ops-screen__foot'>
            数据截至 {formatDateTime(d.refreshedAt)} · 每 {refresh} 秒自动刷新 · 少于 5 件的互助金数字不予显示
          </Text>
        </>
      ) : (
        <Text className='ops-screen__muted'>正在载入…</Text>
      )}
    </View>
  );
}

export default withTheme(OperationsScreen);
