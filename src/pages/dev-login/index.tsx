import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { ArrowRight } from '@nutui/icons-react-taro';
import { session } from '@/api';
import { goOnAfterSignIn } from '@/api/platform';
import { ApiCallError, messageOf } from '@/api/errors';
import { devApi, type DevPerson } from '@/api/dev';
import { toastError } from '@/utils/toast';
import PersonAvatar from '@/components/PersonAvatar';
import EmptyState from '@/components/EmptyState';
import LoadError from '@/components/LoadError';
import RoleTags from '@/components/RoleTags';
import { Skeleton } from '@/components/nutui';
import './index.scss';
import { withTheme } from '@/theme';

/**
 * Local development sign-in (h5 + the local gateway): pick one of the seeded people and act as them.
 * Registered on h5 builds only.
 */
function DevLoginPage() {
  const [people, setPeople] = useState<DevPerson[]>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [signingIn, setSigningIn] = useState<string>();

  const load = useCallback(async () => {
    setLoading(true);
    setError(undefined);
    try {
      setPeople(await devApi.people());
    } catch (err) {
      setError(err instanceof ApiCallError ? err.message : messageOf(err));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const signIn = async (person: DevPerson) => {
    if (signingIn) return;
    setSigningIn(person.id);
    try {
      const token = await devApi.login(person.id);
      session.set(token);
      // back to the page that asked for a sign-in (an invite link), else home
      await goOnAfterSignIn();
    } catch (err) {
      toastError(err);
    } finally {
      setSigningIn(undefined);
    }
  };

  return (
    <View className='page dev-login'>
      <View className='dev-login__intro'>
        <Text className='dev-login__title'>选择登录身份</Text>
        <Text className='dev-login__hint'>本地开发环境：以演示人员身份登录，体验不同角色看到的内容</Text>
      </View>

      <View className='page-body'>
        {loading && !people ? (
          <View className='card dev-login__loading'>
            <Skeleton rows={4} animated />
          </View>
        ) : error ? (
          <View className='card'>
            <LoadError message={error} onRetry={() => void load()} retrying={loading} />
          </View>
        ) : people && people.length === 0 ? (
          <View className='card'>
            <EmptyState title='暂无演示人员' description='请先运行 npm run seed 写入演示数据' />
          </View>
        ) : (
          <View className='card dev-login__list'>
            {(people ?? []).map((person) => (
              <View
                key={person.id}
                className={`dev-login__person${signingIn === person.id ? ' dev-login__person--busy' : ''}`}
                data-person={person.name}
                onClick={() => void signIn(person)}
              >
                <PersonAvatar name={person.name} />
                <View className='dev-login__who'>
                  <Text className='dev-login__name'>{person.name}</Text>
                  <Text className='dev-login__union'>{person.unionName ?? '未加入工会'}</Text>
                  {person.roles.length > 0 ? (
                    <View className='dev-login__roles'>
                      <RoleTags names={person.roles} />
                    </View>
                  ) : null}
                </View>
                <Text className='dev-login__go'>{signingIn === person.id ? '登录中…' : ''}</Text>
                <ArrowRight size={14} color='#c0c4cc' />
              </View>
            ))}
          </View>
        )}
      </View>
    </View>
  );
}

export default withTheme(DevLoginPage);
