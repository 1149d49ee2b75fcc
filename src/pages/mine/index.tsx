import Taro, { useDidShow } from '@tarojs/taro';
import { Notice } from '@nutui/icons-react-taro';
import { Text, View } from '@tarojs/components';
import { roleNames } from '@shared/contracts/unions';
import { call, session, signOut } from '@/api';
import { useHome } from '@/hooks/useHome';
import { useAction } from '@/hooks/useAction';
import { useSignedIn } from '@/hooks/useSignedIn';
import { membershipStatusName } from '@/utils/format';
import { formatDate } from '@/utils/time';
import PersonAvatar from '@/components/PersonAvatar';
import RoleTags from '@/components/RoleTags';
import EntryList from '@/components/EntryList';
import LoadError from '@/components/LoadError';
import { useConfirm } from '@/components/ConfirmDialog';
import { signOutConfirmation, signOutEverywhereConfirmation } from '@shared/domain/confirmations';
import { THEME, serviceEntries } from '@/components/entries';
import { Button, Skeleton } from '@/components/nutui';
import './index.scss';
import { withTheme } from '@/theme';
import { useSubmit } from '@/hooks/useSubmit';

const myEntries = serviceEntries.map((e) => ({
  ...e,
  title: { join: '我的入会', aid: '我的互助金申请', congress: '我的职代会', booking: '我的预约' }[e.key] ?? e.title,
}));

/** The person: who they are, which roles they hold where, their own records, and signing out (h5). */
function MinePage() {
  const { data, error, loading, reload } = useHome();
  const signedIn = useSignedIn();
  const notices = useAction('notices.list', { limit: 1 }, { enabled: signedIn });
  useDidShow(() => {
    if (signedIn) void notices.reload();
  });
  const unread = notices.data?.unread ?? 0;
  const { confirm, dialog } = useConfirm();
  const { submit } = useSubmit();
  const noticeEntry = {
    key: 'notices',
    title: '消息通知',
    description: unread > 0 ? `${unread} 条未读：${notices.data?.notices[0]?.title ?? ''}` : '预约提醒、职代会结果公布等',
    url: '/pages/notices/index',
    icon: <Notice size={22} color='currentColor' />,
    color: THEME,
    badge: unread,
  };

  const confirmSignOut = async () => {
    if (!signOut) return;
    if (await confirm(signOutConfirmation())) signOut?.();
  };

  // Revokes every session of the person (a lost phone, a shared computer); only tokens can be revoked,
  // so it is offered where the app holds one (h5, WeCom), not to plain WeChat callers.
  const confirmSignOutEverywhere = async () => {
    if (!(await confirm(signOutEverywhereConfirmation()))) return;
    await submit(async () => {
      await call('unions.signOutEverywhere', {});
      void Taro.showToast({ title: '已退出所有设备', icon: 'success' });
      signOut?.();
    });
  };

  const roles = data ? data.roles.map((r) => `${roleNames[r.role]}${r.role === 'member' ? '' : ` · ${r.unionName}`}`) : [];

  return (
    <View className='page mine-page'>
      {dialog}
      <View className='mine-page__profile card'>
        {data ? (
          <>
            <PersonAvatar name={data.person.name} size='lg' />
            <View className='mine-page__who'>
              <Text className='mine-page__name'>{data.person.name}</Text>
              <Text className='mine-page__union'>
                {data.membership
                  ? `${data.membership.union.shortName} · ${membershipStatusName(data.membership.status)}`
                  : '尚未加入工会'}
              </Text>
              {data.membership?.joinedAt ? (
                <Text className='mine-page__since'>{formatDate(data.membership.joinedAt)} 入会</Text>
              ) : null}
            </View>
          </>
        ) : error && !loading ? (
          <LoadError message={error.message} onRetry={() => void reload()} retrying={loading} />
        ) : (
          <>
            <Skeleton shape='circle' width='60px' height='60px' animated />
            <View className='mine-page__who mine-page__who--loading'>
              <Skeleton rows={2} animated />
            </View>
          </>
        )}
      </View>

      <View className='page-body'>
        {roles.length > 0 ? (
          <View className='section'>
            <View className='section-title'>我的身份</View>
            <View className='card mine-page__roles'>
              <RoleTags names={roles} />
            </View>
          </View>
        ) : null}

        <View className='section'>
          <EntryList entries={[noticeEntry]} />
        </View>

        <View className='section'>
          <View className='section-title'>我的事务</View>
          <EntryList entries={myEntries} />
        </View>

        {signOut ? (
          <View className='mine-page__signout'>
            <Button block shape='round' fill='outline' onClick={() => void confirmSignOut()}>
              退出登录
            </Button>
          </View>
        ) : null}
        {data && session.get() ? (
          <View className='mine-page__signout'>
            <Button block shape='round' fill='none' onClick={() => void confirmSignOutEverywhere()}>
              退出所有设备
            </Button>
          </View>
        ) : null}
      </View>
    </View>
  );
}

export default withTheme(MinePage);
