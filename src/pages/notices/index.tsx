import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call } from '@/api';
import { useAction } from '@/hooks/useAction';
import { useSignedIn } from '@/hooks/useSignedIn';
import { useSubmit } from '@/hooks/useSubmit';
import EmptyState from '@/components/EmptyState';
import LoadError from '@/components/LoadError';
import { Button, Skeleton } from '@/components/nutui';
import { formatRelative } from '@/utils/time';
import { noticeSourceNames, type NoticeView } from '@shared/contracts/notices';
import './index.scss';
import { withTheme } from '@/theme';

/** 消息通知: the person's own notices from every area, newest first; tapping one marks it read and opens its page. */
function NoticesPage() {
  const signedIn = useSignedIn();
  const list = useAction('notices.list', {}, { enabled: signedIn });
  const { busy, submit } = useSubmit();
  useDidShow(() => {
    if (signedIn) void list.reload();
  });

  if (list.error && !list.data) return <LoadError message={list.error.message} onRetry={() => void list.reload()} />;
  if (!list.data)
    return (
      <View className='notices-page'>
        <Skeleton rows={5} animated />
      </View>
    );

  const markRead = (ids?: string[]) =>
    submit(async () => {
      await call('notices.markRead', ids ? { noticeIds: ids } : {});
      await list.reload();
    });
  const open = (n: NoticeView) => {
    if (!n.read) void markRead([n.id]);
    if (n.page) void Taro.navigateTo({ url: `/${n.page}` });
  };

  const { notices, unread } = list.data;
  return (
    <View className='notices-page'>
      <View className='notices-page__head'>
        <Text className='notices-page__count' data-testid='notices-unread'>
          {unread > 0 ? `${unread} 条未读` : '没有未读消息'}
        </Text>
        {unread > 0 ? (
          <Button size='small' fill='outline' loading={busy} className='notices-read-all' onClick={() => void markRead()}>
            全部标为已读
          </Button>
        ) : null}
      </View>
      {notices.length === 0 ? <EmptyState title='暂无消息' description='预约提醒、职代会结果公布等会出现在这里' /> : null}
      {notices.map((n) => (
        <View key={n.id} className={`notice card ${n.read ? '' : 'notice--unread'}`} data-testid='notice' onClick={() => open(n)}>
          <View className='notice__top'>
            <Text className='notice__source'>{noticeSourceNames[n.source]}</Text>
            <Text className='notice__time'>{formatRelative(n.createdAt)}</Text>
          </View>
          <Text className='notice__title'>{n.title}</Text>
          <Text className='notice__body'>{n.body}</Text>
          {n.page ? <Text className='notice__link'>查看详情 ›</Text> : null}
        </View>
      ))}
    </View>
  );
}

export default withTheme(NoticesPage);
