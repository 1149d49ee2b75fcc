import { useEffect, useRef, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { Image, Text, Textarea, View } from '@tarojs/components';
import { call } from '@/api';
import { applicantMatchNames, applicationStatusNames } from '@shared/contracts/membership';
import { useAction } from '@/hooks/useAction';
import { useSignedIn } from '@/hooks/useSignedIn';
import { membershipStatusName } from '@/utils/format';
import { formatDate } from '@/utils/time';
import { toastSuccess } from '@/utils/toast';
import LoadError from '@/components/LoadError';
import UnionBadge from '@/components/UnionBadge';
import { Button, Skeleton } from '@/components/nutui';
import './index.scss';
import { withTheme } from '@/theme';
import { useSubmit } from '@/hooks/useSubmit';

/** 电子会员证: member number, union, join date and a signed QR an officer scans; pending status; history; leaving. */
function CardPage() {
  const signedIn = useSignedIn();
  const { data, error, loading, reload } = useAction('membership.myMembership', {}, { enabled: signedIn });
  const [leaving, setLeaving] = useState(false);
  const [reason, setReason] = useState('');
  const shown = useRef(false);
  const { submit } = useSubmit();

  useDidShow(() => {
    if (shown.current && signedIn) void reload();
    shown.current = true;
  });

  // The QR is signed for a short time (a screenshot goes stale): fetch a fresh one a minute before it expires.
  const qrExpiresAt = data?.card?.qr.expiresAt;
  useEffect(() => {
    if (!qrExpiresAt) return;
    const timer = setTimeout(() => void reload(), Math.max(10_000, new Date(qrExpiresAt).getTime() - Date.now() - 60_000));
    return () => clearTimeout(timer);
  }, [qrExpiresAt, reload]);

  const leave = async () => {
    await submit(async () => {
      await call('membership.leave', { reason });
      toastSuccess('已办理退会');
      setLeaving(false);
      await reload();
    });
  };

  if (!data) {
    return (
      <View className='page card-page'>
        <View className='page-body'>
          <View className='card card-page__box'>
            {error && !loading ? (
              <LoadError message={error.message} onRetry={() => void reload()} retrying={loading} />
            ) : (
              <Skeleton rows={6} animated />
            )}
          </View>
        </View>
      </View>
    );
  }

  const { card, pending, lastDecided } = data;
  return (
    <View className='page card-page'>
      <View className='page-body'>
        {card ? (
          <View className='ecard' style={{ background: card.union.themeColor }}>
            <View className='ecard__top'>
              <UnionBadge name={card.union.shortName} logoUrl={card.union.logoUrl} color={card.union.themeColor} size='md' />
              <View className='ecard__heading'>
                <Text className='ecard__title'>电子会员证</Text>
                <Text className='ecard__union'>{card.union.name}</Text>
              </View>
            </View>
            <View className='ecard__body'>
              <View className='ecard__facts'>
                <Text className='ecard__name'>{data.person?.name}</Text>
                <Text className='ecard__label'>会员号</Text>
                <Text className='ecard__value ecard__value--mono'>{card.memberNo}</Text>
                <Text className='ecard__label'>入会日期</Text>
                <Text className='ecard__value'>{formatDate(card.joinedAt)}</Text>
              </View>
              <View className='ecard__qr'>
                <Image className='ecard__qr-img' src={card.qr.dataUrl} mode='aspectFit' />
                <Text className='ecard__qr-hint'>工会工作人员扫码核验</Text>
              </View>
            </View>
            <Text className='ecard__lineage'>{card.union.lineage.join(' › ')}</Text>
          </View>
        ) : (
          <View className='card card-page__box'>
            <Text className='card-page__title'>{pending ? '入会申请审核中' : '您还不是工会会员'}</Text>
            {pending ? (
              <>
                <Text>申请加入：{pending.union.name}</Text>
                <Text className='muted'>
                  提交时间：{formatDate(pending.createdAt)} · {applicantMatchNames[pending.match]}
                </Text>
              </>
            ) : (
              <Text className='muted'>请打开单位工会分享的入会邀请卡片完成入会。</Text>
            )}
            {!pending && lastDecided?.status === 'rejected' ? (
              <Text className='card-page__rejected'>上次申请未通过：{lastDecided.rejectReason}</Text>
            ) : null}
          </View>
        )}

        {card && pending ? (
          <View className='card card-page__box'>
            <Text className='card-page__title'>转会申请{applicationStatusNames[pending.status]}</Text>
            <Text>转入：{pending.union.name}</Text>
          </View>
        ) : null}

        {data.history.length > 0 ? (
          <View className='section'>
            <View className='section-title'>会员关系记录</View>
            <View className='card card-page__history'>
              {data.history.map((m) => (
                <View key={m.memberNo} className='card-page__history-row'>
                  <Text>{m.union.shortName}</Text>
                  <Text className='muted'>
                    {membershipStatusName(m.status)} · {formatDate(m.joinedAt)}
                    {m.leftAt ? ` 至 ${formatDate(m.leftAt)}` : ''}
                  </Text>
                </View>
              ))}
            </View>
          </View>
        ) : null}

        {card ? (
          <View className='section'>
            {leaving ? (
              <View className='card card-page__box'>
                <Text className='card-page__title'>办理退会</Text>
                <Textarea
                  className='card-page__reason'
                  placeholder='请填写退会原因'
                  value={reason}
                  onInput={(e) => setReason(e.detail.value)}
                  maxlength={200}
                />
                <Button type='danger' block onClick={() => void leave()}>
                  确认退会
                </Button>
                <Button block onClick={() => setLeaving(false)}>
                  取消
                </Button>
              </View>
            ) : (
              <Text className='card-page__leave muted' onClick={() => setLeaving(true)}>
                办理退会
              </Text>
            )}
            <Text className='card-page__transfer muted'>调动到新单位？打开新单位工会的入会邀请即可申请转会。</Text>
          </View>
        ) : null}
      </View>
    </View>
  );
}

export default withTheme(CardPage);
