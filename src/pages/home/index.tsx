import { useEffect } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { roleNames, type HomeOutput } from '@shared/contracts/unions';
import { useHome } from '@/hooks/useHome';
import UnionHeader from '@/components/UnionHeader';
import MemberCard from '@/components/MemberCard';
import EntryGrid from '@/components/EntryGrid';
import EmptyState from '@/components/EmptyState';
import FederationCard from '@/components/FederationCard';
import LoadError from '@/components/LoadError';
import { deskEntriesFor, serviceEntries } from '@/components/entries';
import { Button, Skeleton } from '@/components/nutui';
import './index.scss';
import { withTheme } from '@/theme';

/** Role names the person holds in their own union ("member" is implied by the card). */
function ownRoleNames(home: HomeOutput): string[] {
  const unionId = home.membership?.union.id;
  return home.roles
    .filter((r) => r.role !== 'member')
    .map((r) => (r.unionId === unionId ? roleNames[r.role] : `${r.unionName}·${roleNames[r.role]}`));
}

function HomePage() {
  const { data, error, loading, reload } = useHome();

  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });

  const theme = data?.membership?.union.themeColor;
  useEffect(() => {
    if (theme) void Taro.setNavigationBarColor({ frontColor: '#ffffff', backgroundColor: theme }).catch(() => undefined);
  }, [theme]);

  if (!data) {
    return (
      <View className='page home-page'>
        <UnionHeader union={null}>
          <View className='card home-page__placeholder'>
            {error && !loading ? (
              <LoadError message={error.message} onRetry={() => void reload()} retrying={loading} />
            ) : (
              <Skeleton rows={3} animated />
            )}
          </View>
        </UnionHeader>
      </View>
    );
  }

  const { membership, person, federation } = data;
  const desk = deskEntriesFor(data.roles.map((r) => r.role));

  return (
    <View className='page home-page'>
      <UnionHeader union={membership?.union ?? federation ?? null}>
        {membership ? (
          <MemberCard
            personName={person.name}
            memberNo={membership.memberNo}
            status={membership.status}
            joinedAt={membership.joinedAt}
            roleNames={ownRoleNames(data)}
            onOpen={() => void Taro.navigateTo({ url: '/pages/membership/card/index' })}
          />
        ) : federation ? (
          <FederationCard federation={federation} />
        ) : (
          <View className='card'>
            <EmptyState
              title='您还未加入工会'
              description={`${person.name}，加入工会后可享受互助保障、服务预约等会员服务`}
              action={
                <Button
                  type='primary'
                  block
                  shape='round'
                  onClick={() => void Taro.navigateTo({ url: '/pages/membership/join/index' })}
                >
                  入会
                </Button>
              }
            />
          </View>
        )}
      </UnionHeader>

      <View className='page-body'>
        {membership && federation ? <FederationCard federation={federation} /> : null}
        <View className='section'>
          <View className='section-title'>会员服务</View>
          <EntryGrid entries={serviceEntries} />
        </View>
        {desk.length > 0 ? (
          <View className='section home-page__desk'>
            <View className='section-title'>工会工作台</View>
            <EntryGrid entries={desk} />
          </View>
        ) : null}
      </View>
    </View>
  );
}

export default withTheme(HomePage);
