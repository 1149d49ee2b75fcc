import { Text, View } from '@tarojs/components';
import type { OverviewChild } from '@shared/contracts/federation';
import { leagueMetricNames, leagueMetrics, leagueOf, type LeagueMetric } from '@shared/domain/federation/league';
import './index.scss';

/**
 * 下级工会排行: the unions below a node ranked by one metric (chips to switch), with the members beside it; a row
 * opens that union's figures. `limit` shows the top rows only (the big screen).
 */
export default function LeagueTable({
  unions,
  metric,
  onMetric,
  onOpen,
  limit,
}: {
  unions: readonly OverviewChild[];
  metric: LeagueMetric;
  onMetric: (m: LeagueMetric) => void;
  onOpen?: (unionId: string) => void;
  limit?: number;
}) {
  const rows = leagueOf(unions, metric).slice(0, limit);
  return (
    <View className='league'>
      <View className='league__metrics'>
        {leagueMetrics.map((m) => (
          <Text
            key={m}
            className={`league__metric league-metric-${m}${m === metric ? ' league__metric--active' : ''}`}
            onClick={() => onMetric(m)}
          >
            {leagueMetricNames[m]}
          </Text>
        ))}
      </View>
      <View className='league__row league__row--head'>
        <Text className='league__rank'>名次</Text>
        <Text className='league__name'>工会</Text>
        <Text className='league__num'>{leagueMetricNames[metric]}</Text>
        {metric === 'activeMembers' ? null : <Text className='league__num'>会员</Text>}
      </View>
      {rows.map((r) => (
        <View
          key={r.child.id}
          className='league__row fed-child'
          data-union={r.child.name}
          onClick={onOpen ? () => onOpen(r.child.id) : undefined}
        >
          <Text className={`league__rank${r.rank <= 3 ? ' league__rank--top' : ''}`}>{r.rank}</Text>
          <Text className='league__name'>{r.child.name}</Text>
          <Text className='league__num league__value'>{r.shown}</Text>
          {metric === 'activeMembers' ? null : <Text className='league__num'>{r.child.activeMembers}</Text>}
        </View>
      ))}
    </View>
  );
}
