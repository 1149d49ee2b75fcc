import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { roleNames } from '@shared/contracts/unions';
import { historyKindNames } from '@shared/domain/federation/labels';
import { useAction } from '@/hooks/useAction';
import { formatDate } from '@/utils/time';
import { membershipStatusName } from '@/utils/format';
import LoadError from '@/components/LoadError';
import { Skeleton } from '@/components/nutui';
import './index.scss';
import { withTheme } from '@/theme';

/** 会员详情: one membership, masked, with its history (入会, 转入, 转出) and claim count — nothing medical. */
function MemberPage() {
  const memberId = useRouter().params.memberId ?? '';
  const d = useAction('unions.memberDetail', { memberId }, { enabled: !!memberId });
  if (d.error) return <LoadError message={d.error.message} onRetry={() => void d.reload()} />;
  if (!d.data)
    return (
      <View className='page page-body'>
        <Skeleton rows={6} animated />
      </View>
    );
  const { member: m, history, claimsCount, officerRoles } = d.data;
  const lines: [string, string][] = [
    ['会员编号', m.memberNo],
    ['所在工会', m.unionName],
    ['状态', membershipStatusName(m.status)],
    ['入会日期', formatDate(m.joinedAt) || '-'],
    ['部门', m.department ?? '-'],
    ['手机', m.phone ?? '-'],
    ['身份证', m.idNumber ?? '-'],
    ['工会职务', officerRoles.map((r) => roleNames[r]).join('、') || '无'],
    ['互助金申请', `${claimsCount} 件`],
  ];
  return (
    <View className='page member-page'>
      <View className='page-body'>
        <View className='card member-page__card'>
          <View className='member-page__name'>{m.name}</View>
          {lines.map(([k, v]) => (
            <View key={k} className='member-page__line'>
              <Text className='member-page__key'>{k}</Text>
              <Text>{v}</Text>
            </View>
          ))}
        </View>
        <View className='section-title'>会籍记录</View>
        <View className='card member-page__card'>
          {history.map((e, i) => (
            <View key={i} className='member-page__line member-history'>
              <Text className='member-page__key'>{formatDate(e.at)}</Text>
              <Text>
                {historyKindNames[e.kind]} · {e.unionName}
              </Text>
            </View>
          ))}
        </View>
      </View>
    </View>
  );
}

export default withTheme(MemberPage);
