import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Image, Input, Text, View } from '@tarojs/components';
import { call } from '@/api';
import { useAction } from '@/hooks/useAction';
import { useSignedIn } from '@/hooks/useSignedIn';
import { useSubmit } from '@/hooks/useSubmit';
import LoadError from '@/components/LoadError';
import { useConfirm } from '@/components/ConfirmDialog';
import { cancelSignupConfirmation } from '@shared/domain/confirmations';
import { Button, Skeleton } from '@/components/nutui';
import { activityModeNames, signupStatusNames } from '@shared/contracts/perks';
import { formatShortDateTime } from '@/utils/time';
import { toastSuccess } from '@/utils/toast';
import '../perks.scss';
import { withTheme } from '@/theme';

/**
 * 活动详情: what, when, where; sign up (with the activity's own fields) or cancel; the member's status, check-in
 * code and place on the waitlist; the lottery's published hash, and after the draw the seed and the order.
 */
function ActivityPage() {
  const signedIn = useSignedIn();
  const id = (useRouter().params.id as string | undefined) ?? '';
  const detail = useAction('perks.activity', { activityId: id }, { enabled: signedIn && !!id });
  const lottery = useAction('perks.lotteryList', { activityId: id }, { enabled: signedIn && !!id });
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const { busy, errors, submit } = useSubmit();
  const { confirm, dialog } = useConfirm();

  if (detail.error) return <LoadError message={detail.error.message} onRetry={() => void detail.reload()} />;
  const a = detail.data;
  if (!a)
    return (
      <View className='pk-page'>
        <Skeleton rows={6} animated />
      </View>
    );
  const refresh = () => Promise.all([detail.reload(), lottery.reload()]);

  const signUp = async () => {
    const out = await submit(() => call('perks.signUp', { activityId: a.id, answers }));
    if (out) toastSuccess(out.status === 'waitlisted' ? '已进入候补' : '报名成功');
    await refresh();
  };
  const cancel = async () => {
    if (!(await confirm(cancelSignupConfirmation({ title: a.title })))) return;
    if (await submit(() => call('perks.cancelSignup', { activityId: a.id }))) toastSuccess('已取消');
    await refresh();
  };

  const mine = a.mine;
  return (
    <View className='pk-page perks-activity-detail'>
      {dialog}
      <View className='pk-card'>
        <Text className='pk-card__title'>{a.title}</Text>
        <Text className='pk-muted'>
          {a.unionName} · {activityModeNames[a.mode]}
        </Text>
        <Text className='pk-muted'>
          {formatShortDateTime(a.startsAt)} – {formatShortDateTime(a.endsAt)}
          {a.online ? ` · 线上${a.place ? `（${a.place}）` : ''}` : a.place ? ` · ${a.place}` : ''}
        </Text>
        <Text className='pk-muted'>
          名额 {a.capacity} · 已报名 {a.signups} · 报名 {formatShortDateTime(a.signupOpensAt)} 至{' '}
          {formatShortDateTime(a.signupClosesAt)}
        </Text>
        {a.pointsOnCheckin > 0 ? <Text className='pk-muted'>签到可得 {a.pointsOnCheckin} 积分</Text> : null}
        {a.description ? <Text>{a.description}</Text> : null}
      </View>

      {a.quotas.length ? (
        <View className='pk-card perks-quotas'>
          <Text className='pk-card__title'>名额分配</Text>
          <Text className='pk-muted'>各工会会员在本单位名额内入选；未列出的工会没有名额</Text>
          {a.quotas.map((q) => (
            <View key={q.unionId} className='pk-row perks-quota' data-union={q.unionName}>
              <Text>{q.unionName}</Text>
              <Text className='pk-muted perks-quota-taken'>
                已入选 {q.taken} / {q.places}
              </Text>
            </View>
          ))}
        </View>
      ) : null}

      {mine ? (
        <View className='pk-card perks-mine' data-status={mine.status}>
          <View className='pk-row'>
            <Text className='pk-card__title'>我的报名</Text>
            <Text className='pk-tag perks-status'>{signupStatusNames[mine.status]}</Text>
          </View>
          <Text className='pk-muted'>报名凭证 {mine.receipt}（公示名单只显示凭证，不显示姓名）</Text>
          {mine.waitlistPosition ? <Text className='pk-muted perks-position'>候补第 {mine.waitlistPosition} 位</Text> : null}
          {mine.status === 'confirmed' ? (
            <>
              <Text className='pk-muted'>{mine.checkedIn ? '已签到' : '活动现场出示签到码'}</Text>
              {mine.qr ? <Image className='pk-qr perks-checkin-qr' src={mine.qr} mode='aspectFit' /> : null}
              <Text className='pk-code perks-checkin-code'>{mine.checkinCode}</Text>
            </>
          ) : null}
          {!mine.checkedIn ? (
            <Button
              className='perks-cancel'
              fill='outline'
              type='primary'
              size='small'
              disabled={busy}
              onClick={() => void cancel()}
            >
              取消报名
            </Button>
          ) : null}
        </View>
      ) : a.status === 'open' ? (
        <View className='pk-card'>
          {a.fields.map((f) => (
            <View key={f.key}>
              <Text className='pk-muted'>
                {f.label}
                {f.required ? ' *' : ''}
              </Text>
              <Input
                className={`pk-input perks-field-${f.key}`}
                value={answers[f.key] ?? ''}
                onInput={(e) => setAnswers({ ...answers, [f.key]: e.detail.value })}
              />
              {errors[`answers.${f.key}`] ? <Text className='pk-muted'>{errors[`answers.${f.key}`]}</Text> : null}
            </View>
          ))}
          <Button className='perks-signup' type='primary' disabled={busy} onClick={() => void signUp()}>
            立即报名
          </Button>
        </View>
      ) : null}

      {a.mode === 'lottery' ? (
        <View className='pk-card perks-lottery'>
          <Text className='pk-card__title'>抽签公示</Text>
          <Text className='pk-muted'>种子摘要（报名开始时公布，sha256）</Text>
          <Text className='pk-hash'>{a.seedHash}</Text>
          {lottery.data?.seed ? (
            <>
              <Text className='pk-muted'>抽签种子（抽签时公开）</Text>
              <Text className='pk-hash perks-seed'>{lottery.data.seed}</Text>
              <Text className='pk-muted'>
                {lottery.data.quotas
                  ? `顺序 = 各凭证按 sha256(种子:凭证) 升序；依次入选，直到本单位名额或总名额 ${lottery.data.capacity} 用完，其余依次候补`
                  : `顺序 = 各凭证按 sha256(种子:凭证) 升序；前 ${lottery.data.capacity} 名入选，其余依次候补`}
              </Text>
              <Text className='pk-hash perks-order'>{(lottery.data.order ?? []).join(' ')}</Text>
            </>
          ) : (
            <Text className='pk-muted'>报名截止后抽签，{lottery.data?.receipts.length ?? 0} 个报名凭证参加</Text>
          )}
        </View>
      ) : null}
    </View>
  );
}

export default withTheme(ActivityPage);
