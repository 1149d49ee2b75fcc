import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useAction } from '@/hooks/useAction';
import EmptyState from '@/components/EmptyState';
import { Button, Skeleton } from '@/components/nutui';
import { call } from '@/api';
import { useSubmit } from '@/hooks/useSubmit';
import { saveSpreadsheet } from '@/utils/spreadsheet';
import { signupStatusNames } from '@shared/contracts/perks';
import '../perks.scss';
import { withTheme } from '@/theme';

/**
 * 普惠统计 (officers, from 普惠管理): the union's points totals and, for one activity, sign-ups and attendance by
 * union with the list of sign-ups. `?unionId=` for the points, `&activityId=` for an activity.
 */
function PerksFiguresPage() {
  const params = useRouter().params;
  const unionId = (params.unionId as string | undefined) ?? '';
  const activityId = (params.activityId as string | undefined) ?? '';
  const points = useAction('perks.unionPoints', { unionId }, { enabled: !!unionId });
  const signups = useAction('perks.signups', { activityId }, { enabled: !!activityId });
  const { busy, submit } = useSubmit();
  const exportList = () =>
    submit(async () => {
      const f = await call('perks.signupsXlsx', { activityId });
      await saveSpreadsheet(f.fileName, f.contentBase64);
    });

  if (!unionId && !activityId)
    return (
      <View className='pk-page'>
        <EmptyState title='没有要统计的内容' description='请从普惠管理进入' />
      </View>
    );
  return (
    <View className='pk-page perks-figures'>
      {unionId ? (
        <View className='pk-card perks-union-points'>
          <Text className='pk-card__title'>本会积分</Text>
          {points.data ? (
            <View className='pk-row'>
              <Text className='perks-points-granted'>发放 {points.data.granted}</Text>
              <Text className='perks-points-spent'>使用 {points.data.spent}</Text>
              <Text className='perks-points-members'>涉及会员 {points.data.members} 人</Text>
            </View>
          ) : points.error ? (
            <Text className='pk-muted'>{points.error.message}</Text>
          ) : (
            <Skeleton rows={1} animated />
          )}
        </View>
      ) : null}
      {activityId ? (
        <View className='pk-card perks-activity-figures'>
          <Text className='pk-card__title'>报名与出席（按工会）</Text>
          {signups.data ? (
            <>
              {signups.data.byUnion.length === 0 ? <Text className='pk-muted'>暂无报名</Text> : null}
              {signups.data.byUnion.map((u) => (
                <View key={u.unionName} className='pk-row perks-by-union' data-union={u.unionName}>
                  <Text>{u.unionName}</Text>
                  <Text className='pk-muted'>
                    报名 <Text className='perks-by-union-signups'>{u.signups}</Text> · 签到{' '}
                    <Text className='perks-by-union-checked'>{u.checkedIn}</Text>
                  </Text>
                </View>
              ))}
            </>
          ) : signups.error ? (
            <Text className='pk-muted'>{signups.error.message}</Text>
          ) : (
            <Skeleton rows={3} animated />
          )}
        </View>
      ) : null}
      {signups.data && signups.data.signups.length > 0 ? (
        <View className='pk-card perks-signup-list'>
          <View className='pk-row'>
            <Text className='pk-card__title'>报名名单（{signups.data.signups.length}）</Text>
            {unionId ? (
              <Button className='perks-export' size='small' disabled={busy} onClick={() => void exportList()}>
                导出报名名单（Excel）
              </Button>
            ) : null}
          </View>
          {signups.data.signups.map((s) => (
            <View key={s.id} className='pk-row perks-signup-row'>
              <Text>
                {s.name} · {s.unionName}
              </Text>
              <Text className='pk-muted'>
                {signupStatusNames[s.status]}
                {s.checkedIn ? ' · 已签到' : ''}
              </Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}

export default withTheme(PerksFiguresPage);
