import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Suppressed } from '@shared/contracts/federation';
import { unionLevelNames } from '@shared/contracts/unions';
import { yuan } from '@shared/domain/aid/benefit';
import { call } from '@/api';
import { useHome } from '@/hooks/useHome';
import { useAction } from '@/hooks/useAction';
import { useSubmit } from '@/hooks/useSubmit';
import { formatDateTime } from '@/utils/time';
import { saveSpreadsheet } from '@/utils/spreadsheet';
import MonthChart from '@/components/BarChart/MonthChart';
import LeagueTable from '@/components/LeagueTable';
import type { LeagueMetric } from '@shared/domain/federation/league';
import EmptyState from '@/components/EmptyState';
import LoadError from '@/components/LoadError';
import { Button, Skeleton } from '@/components/nutui';
import './index.scss';
import { withTheme } from '@/theme';

const shown = (n: Suppressed) => (n === null ? '<5' : String(n));
const money = (fen: Suppressed) => (fen === null ? '不予显示' : `¥${yuan(fen)}`);

function Figure({ label, value }: { label: string; value: string | number }) {
  return (
    <View className='fed-figure'>
      <Text className='fed-figure__value'>{value}</Text>
      <Text className='fed-figure__label'>{label}</Text>
    </View>
  );
}

/**
 * 数据驾驶舱: the figures of a union node's subtree (as of 数据截至), its monthly trends, and the unions directly
 * below it as a league table; tapping one drills down (a grassroots union also opens its member directory).
 * Without ?unionId it opens the federation the person administers.
 */
function FederationOverview() {
  const router = useRouter();
  const home = useHome();
  const unionId = router.params.unionId ?? home.data?.federation?.id ?? '';
  const o = useAction('unions.overview', { unionId }, { enabled: !!unionId });
  const { busy, submit } = useSubmit();
  const [metric, setMetric] = useState<LeagueMetric>('activeMembers');

  if (o.error) return <LoadError message={o.error.message} onRetry={() => void o.reload()} />;
  if (!unionId && home.data) return <EmptyState title='没有可查看的工会数据' description='仅总工会管理员和基层工会主席可用' />;
  if (!o.data)
    return (
      <View className='page page-body'>
        <Skeleton rows={8} animated />
      </View>
    );
  const d = o.data;
  const open = (url: string) => void Taro.navigateTo({ url });
  const exportSheet = async () => {
    const file = await submit(() => call('membership.exportOverview', { unionId }));
    if (file) await saveSpreadsheet(file.fileName, file.contentBase64);
  };

  return (
    <View className='page fed-overview'>
      <View className='page-body'>
        <View className='card fed-overview__head'>
          <View className='fed-overview__name'>{d.union.name}</View>
          <Text className='fed-overview__meta'>
            {unionLevelNames[d.union.level]} · 数据截至 {formatDateTime(d.refreshedAt)}
          </Text>
        </View>

        <View className='section-title'>会员</View>
        <View className='card fed-grid'>
          <Figure label='在会会员' value={d.members.active} />
          <Figure label='本年入会' value={d.members.joinedThisYear} />
          <Figure label='本年转入' value={d.members.transfersIn} />
          <Figure label='本年转出' value={d.members.transfersOut} />
          <Figure label='待审申请' value={d.members.pendingApplications} />
          <Figure label='平均等待(天)' value={d.members.averageWaitDays ?? '-'} />
        </View>
        <View className='card'>
          <MonthChart title='每月入会' months={d.trend.months} values={d.trend.joined} />
        </View>

        <View className='section-title'>工会组织</View>
        <View className='card fed-grid'>
          <Figure label='工会总数' value={d.unions.total} />
          <Figure label='基层工会' value={d.unions.byLevel.grassroots} />
          <Figure label='本年新建' value={d.unions.newThisYear} />
        </View>

        <View className='section-title'>互助保障（本年）</View>
        <View className='card fed-grid'>
          <Figure label='审核中' value={shown(d.aid.claims.inReview)} />
          <Figure label='已批准' value={shown(d.aid.claims.approved)} />
          <Figure label='已打款' value={shown(d.aid.claims.paid)} />
          <Figure label='未通过' value={shown(d.aid.claims.rejected)} />
          <Figure label='批准金额' value={money(d.aid.approvedFen)} />
          <Figure label='收缴互助金' value={money(d.aid.contributionsFen)} />
        </View>
        <View className='card'>
          <MonthChart title='每月互助金申请' months={d.trend.months} values={d.trend.claims} />
        </View>
        <Text className='fed-overview__note'>少于 5 件的互助金数字不予显示，以免识别到个人。</Text>

        <View className='section-title'>职代会与服务（本年）</View>
        <View className='card fed-grid'>
          <Figure label='召开职代会' value={d.congress.held} />
          <Figure label='出席率' value={d.congress.turnoutPct === null ? '-' : `${d.congress.turnoutPct}%`} />
          <Figure label='完成选举' value={d.congress.elections} />
          <Figure label='服务名额' value={d.booking.slotsOffered} />
          <Figure label='预约' value={d.booking.booked} />
          <Figure label='爽约' value={d.booking.noShows} />
        </View>
        <View className='card'>
          <MonthChart title='每月服务预约' months={d.trend.months} values={d.trend.bookings} />
        </View>

        {d.union.level === 'grassroots' ? (
          <Button
            block
            type='primary'
            className='fed-overview__action fed-overview__directory'
            onClick={() => open(`/pages/unions/members/index?unionId=${d.union.id}`)}
          >
            会员花名册
          </Button>
        ) : null}

        {d.children.length > 0 ? (
          <>
            <View className='section-title'>下级工会排行</View>
            <View className='card'>
              <LeagueTable
                unions={d.children}
                metric={metric}
                onMetric={setMetric}
                onOpen={(id) => open(`/pages/federation/overview/index?unionId=${id}`)}
              />
            </View>
          </>
        ) : null}

        <Button block className='fed-overview__action' loading={busy} onClick={() => void exportSheet()}>
          导出 Excel
        </Button>
        <Button
          block
          fill='outline'
          type='primary'
          className='fed-overview__action fed-overview__screen'
          onClick={() => open(`/pages/federation/screen/index?unionId=${d.union.id}`)}
        >
          运营大屏（办公室显示屏）
        </Button>
      </View>
    </View>
  );
}

export default withTheme(FederationOverview);
