import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { directoryStatuses, type DirectoryMember } from '@shared/contracts/federation';
import type { Role } from '@shared/contracts/unions';
import { call } from '@/api';
import { useHome } from '@/hooks/useHome';
import { useAction } from '@/hooks/useAction';
import { useSubmit } from '@/hooks/useSubmit';
import { formatDate } from '@/utils/time';
import { membershipStatusName } from '@/utils/format';
import { saveSpreadsheet } from '@/utils/spreadsheet';
import EmptyState from '@/components/EmptyState';
import LoadError from '@/components/LoadError';
import { Button, Skeleton } from '@/components/nutui';
import './index.scss';
import { withTheme } from '@/theme';

const READERS: Role[] = ['chair', 'vice_chair', 'finance'];
const PAGE_SIZE = 20;

/**
 * 会员花名册: the members of one union (?unionId, or the officer's own union), searched by name, member number or
 * department and filtered by status; phone numbers masked. Chairs (and the federation above) export it.
 */
function MembersPage() {
  const router = useRouter();
  const home = useHome();
  const own = home.data?.roles.find((r) => READERS.includes(r.role));
  const unionId = router.params.unionId ?? own?.unionId ?? '';
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<(typeof directoryStatuses)[number] | undefined>('active');
  const [page, setPage] = useState(1);
  const list = useAction(
    'unions.memberDirectory',
    { unionId, q: q || undefined, status, page, pageSize: PAGE_SIZE },
    { enabled: !!unionId },
  );
  const { busy, submit } = useSubmit();
  const canExport = !!home.data?.roles.some(
    (r) => (r.role === 'chair' && r.unionId === unionId) || r.role === 'federation_admin',
  );

  if (!unionId && home.data)
    return <EmptyState title='没有可查看的花名册' description='仅工会主席、副主席、财务和上级总工会可用' />;
  if (list.error) return <LoadError message={list.error.message} onRetry={() => void list.reload()} />;

  const pages = Math.max(1, Math.ceil((list.data?.total ?? 0) / PAGE_SIZE));
  const search = () => {
    setPage(1);
    setQ(draft.trim());
  };
  const exportSheet = async () => {
    const file = await submit(() => call('membership.exportMembers', { unionId, q: q || undefined, status }));
    if (file) await saveSpreadsheet(file.fileName, file.contentBase64);
  };
  const open = (m: DirectoryMember) => void Taro.navigateTo({ url: `/pages/unions/member/index?memberId=${m.memberId}` });

  return (
    <View className='page members-page'>
      <View className='page-body'>
        <View className='card members-page__search'>
          <Input
            className='members-page__input'
            placeholder='姓名 / 会员编号 / 部门'
            value={draft}
            confirmType='search'
            onInput={(e) => setDraft(e.detail.value)}
            onConfirm={search}
          />
          <Button size='small' type='primary' className='members-page__go' onClick={search}>
            搜索
          </Button>
        </View>
        <View className='members-page__filters'>
          {[undefined, ...directoryStatuses].map((s) => (
            <Text
              key={s ?? 'all'}
              className={`members-page__filter ${s === status ? 'members-page__filter--on' : ''}`}
              onClick={() => {
                setPage(1);
                setStatus(s);
              }}
            >
              {s ? membershipStatusName(s) : '全部'}
            </Text>
          ))}
        </View>
        {!list.data ? (
          <Skeleton rows={6} animated />
        ) : list.data.members.length === 0 ? (
          <EmptyState title='没有符合条件的会员' />
        ) : (
          <View className='card'>
            <Text className='members-page__total'>共 {list.data.total} 人</Text>
            {list.data.members.map((m) => (
              <View key={m.memberId} className='member-row' onClick={() => open(m)}>
                <View className='member-row__main'>
                  <Text className='member-row__name'>{m.name}</Text>
                  <Text className='member-row__meta'>
                    {m.memberNo} · {m.department ?? '未填部门'} · {m.phone ?? '无手机'}
                  </Text>
                </View>
                <View className='member-row__side'>
                  <Text className='member-row__status'>{membershipStatusName(m.status)}</Text>
                  <Text className='member-row__meta'>{formatDate(m.joinedAt)}</Text>
                </View>
              </View>
            ))}
          </View>
        )}
        <View className='members-page__pager'>
          <Button size='small' disabled={page <= 1} onClick={() => setPage(page - 1)}>
            上一页
          </Button>
          <Text>
            {page} / {pages}
          </Text>
          <Button size='small' disabled={page >= pages} onClick={() => setPage(page + 1)}>
            下一页
          </Button>
        </View>
        {canExport ? (
          <Button block className='members-page__export' loading={busy} onClick={() => void exportSheet()}>
            导出 Excel
          </Button>
        ) : null}
      </View>
    </View>
  );
}

export default withTheme(MembersPage);
