import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { roleNames, unionLevelNames, type UnionBrand } from '@shared/contracts/unions';
import { useAction } from '@/hooks/useAction';
import { Button } from '@/components/nutui';
import './index.scss';

/**
 * A federation admin's place on the home page: the federation she administers, its subtree in three figures and
 * the unions directly below it (each opens its overview), and the way into 数据驾驶舱.
 */
export default function FederationCard({ federation }: { federation: UnionBrand }) {
  const o = useAction('unions.overview', { unionId: federation.id });
  const open = (unionId: string) => void Taro.navigateTo({ url: `/pages/federation/overview/index?unionId=${unionId}` });
  return (
    <View className='card federation-card'>
      <View className='federation-card__title'>{federation.shortName}</View>
      <Text className='federation-card__role'>
        {unionLevelNames[federation.level]} · {roleNames.federation_admin}
      </Text>
      {o.data ? (
        <>
          <View className='federation-card__figures'>
            <Text>工会 {o.data.unions.total}</Text>
            <Text>会员 {o.data.members.active}</Text>
            <Text>待审 {o.data.members.pendingApplications}</Text>
          </View>
          <View className='federation-card__children'>
            {o.data.children.map((c) => (
              <Text key={c.id} className='federation-card__child' onClick={() => open(c.id)}>
                {c.name} · {c.activeMembers}人
              </Text>
            ))}
          </View>
        </>
      ) : null}
      <Button block type='primary' shape='round' className='federation-card__open' onClick={() => open(federation.id)}>
        数据驾驶舱
      </Button>
    </View>
  );
}
