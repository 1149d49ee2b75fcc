import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useAction } from '@/hooks/useAction';
import { useSignedIn } from '@/hooks/useSignedIn';
import EmptyState from '@/components/EmptyState';
import LoadError from '@/components/LoadError';
import { Button, Skeleton } from '@/components/nutui';
import { formatDate } from '@/utils/time';
import { congressPhase } from '@shared/domain/congress/phase';
import '../congress.scss';
import { withTheme } from '@/theme';

/** 职代会 list of my union: each opens its congress page (agenda, check-in, votes). */
function CongressListPage() {
  const signedIn = useSignedIn();
  const home = useAction('unions.home', {}, { enabled: signedIn });
  const unionId = home.data?.membership?.union.id ?? '';
  const list = useAction('congress.list', { unionId }, { enabled: Boolean(unionId) });
  // back from a congress (created, ended) the list is fresh
  useDidShow(() => {
    if (unionId) void list.reload();
  });

  if (home.error) return <LoadError message={home.error.message} onRetry={() => void home.reload()} />;
  if (home.data && !home.data.membership) return <EmptyState title='加入工会后可参加职代会' />;
  if (list.error) return <LoadError message={list.error.message} onRetry={() => void list.reload()} />;
  if (!list.data)
    return (
      <View className='congress-page'>
        <Skeleton rows={4} animated />
      </View>
    );
  const isChair = Boolean(home.data?.roles.some((r) => (r.role === 'chair' || r.role === 'vice_chair') && r.unionId === unionId));
  const create = isChair ? (
    <Button
      type='primary'
      block
      className='cg-create-open'
      onClick={() => void Taro.navigateTo({ url: '/pages/congress/create/index' })}
    >
      发起职代会
    </Button>
  ) : null;
  if (list.data.congresses.length === 0) {
    return (
      <View className='congress-page'>
        <EmptyState title='暂无职代会' />
        {create}
      </View>
    );
  }
  const now = new Date();
  return (
    <View className='congress-page'>
      {create}
      {list.data.congresses.map((c) => (
        <View
          key={c.id}
          className='cg-card cg-congress'
          onClick={() => void Taro.navigateTo({ url: `/pages/congress/detail/index?id=${c.id}` })}
        >
          <View className='cg-row'>
            <Text className='cg-card__title'>{c.title}</Text>
            <Text className={`cg-tag cg-tag--${congressPhase(c, now).phase}`} data-testid='congress-status'>
              {congressPhase(c, now).label}
            </Text>
          </View>
          <Text className='cg-muted'>
            {formatDate(c.startsAt)} · {c.online ? '线上' : ''}
            {c.place ? ` ${c.place}` : ''}
          </Text>
          <Text className='cg-muted'>
            代表 {c.delegates} 人 ·{' '}
            {c.status === 'ended' && c.endedAt ? `${formatDate(c.endedAt)}闭幕` : `已签到 ${c.checkedIn} 人`}
            {c.isDelegate ? ' · 我是代表' : ''}
          </Text>
        </View>
      ))}
    </View>
  );
}

export default withTheme(CongressListPage);
