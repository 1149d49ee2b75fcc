import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { call } from '@/api';
import { useHome } from '@/hooks/useHome';
import { useAction } from '@/hooks/useAction';
import { useSubmit } from '@/hooks/useSubmit';
import { Button } from '@/components/nutui';
import type { ActivityMode } from '@shared/contracts/perks';
import { parseFields } from '@shared/domain/perks/activity-fields';
import { activityModeNames } from '@shared/contracts/perks';
import { formatShortDateTime, shanghai } from '@/utils/time';
import { toastSuccess } from '@/utils/toast';
import '../perks.scss';
import { withTheme } from '@/theme';
import { roleGate } from '@/components/RoleGate';
import QuotaEditor, { quotasOf } from './QuotaEditor';
import { scanCode } from '@/utils/scan';
import ChoiceTabs from '@/components/ChoiceTabs';

const OFFICER_ROLES = ['chair', 'vice_chair', 'federation_admin'];
const DESK_ROLES = [...OFFICER_ROLES, 'service_staff'];

/** 'YYYY-MM-DD HH:mm' on the Shanghai wall clock → an instant with offset, as the contracts take it. */
const instant = (wall: string) => `${wall.trim().replace(' ', 'T')}:00+08:00`;
const wallIn = (hours: number) => shanghai(Date.now() + hours * 3600_000).format('YYYY-MM-DD HH:mm');

/** The first field error whose key starts with `prefix` (the server names list items as `fields.0.label`). */
const errorUnder = (errors: Record<string, string>, prefix: string) =>
  Object.entries(errors).find(([k]) => k === prefix || k.startsWith(`${prefix}.`))?.[1];

/** A labelled text box of the forms below. */
function Field(props: { label: string; name: string; value: string; onInput: (v: string) => void; error?: string }) {
  return (
    <View>
      <Text className='pk-muted'>{props.label}</Text>
      <Input
        className={`pk-input perks-input-${props.name}`}
        value={props.value}
        onInput={(e) => props.onInput(e.detail.value)}
      />
      {props.error ? <Text className='pk-muted'>{props.error}</Text> : null}
    </View>
  );
}

/**
 * 普惠管理 (officers; service staff for check-in and redemption): publish an activity, draw, check people in by
 * code; publish a coupon batch; grant points; redeem a coupon at the counter.
 */
function PerksManagePage() {
  const home = useHome();
  const grant = home.data?.roles.find((r) => DESK_ROLES.includes(r.role));
  const officer = !!home.data?.roles.find((r) => OFFICER_ROLES.includes(r.role) && r.unionId === grant?.unionId);
  const unionId = grant?.unionId ?? '';
  const activities = useAction('perks.activities', {}, { enabled: !!grant });
  const { busy, errors, setErrors, submit } = useSubmit();

  const [title, setTitle] = useState('');
  const [capacity, setCapacity] = useState('2');
  const [mode, setMode] = useState<ActivityMode>('lottery');
  const [subtree, setSubtree] = useState(false);
  const [quotas, setQuotas] = useState<Record<string, string>>({});
  const [opens, setOpens] = useState(wallIn(0));
  const [closes, setCloses] = useState(wallIn(24));
  const [starts, setStarts] = useState(wallIn(72));
  const [ends, setEnds] = useState(wallIn(74));
  const [place, setPlace] = useState('');
  const [online, setOnline] = useState(false);
  const [cover, setCover] = useState('');
  const [extra, setExtra] = useState('');
  const [points, setPoints] = useState('10');
  const [codes, setCodes] = useState<Record<string, string>>({});
  const [batch, setBatch] = useState({
    title: '',
    total: '100',
    perPerson: '1',
    pricePoints: '0',
    startsAt: wallIn(0),
    validUntil: '',
  });
  const [gift, setGift] = useState({ memberNo: '', points: '10', reason: '' });
  const [coupon, setCoupon] = useState('');

  const gate = roleGate({
    className: 'pk-page',
    ready: !!home.data,
    allowed: !!grant,
    title: '仅工会干部可使用',
    description: '普惠活动由工会主席、副主席、上级工会发布',
  });
  if (gate || !grant) return gate; // !grant: only to narrow its type; the gate has answered it

  const run = async <T,>(work: () => Promise<T>, done: string) => {
    setErrors({});
    const out = await submit(work);
    if (out !== undefined) toastSuccess(done);
    await activities.reload();
    return out;
  };

  const checkIn = (activityId: string, code: string) => run(() => call('perks.checkIn', { activityId, code }), '签到成功');
  const redeem = (code: string) => run(() => call('perks.redeem', { code }), '已核销');
  /** The camera reads the code on the member's screen; without one, the hint says to type it. */
  const scanThen = async (what: string, then: (code: string) => Promise<unknown>) => {
    const code = await scanCode(what);
    if (code) await then(code);
  };

  const publishActivity = () =>
    run(
      () =>
        call('perks.publishActivity', {
          unionId,
          audience: subtree ? 'subtree' : 'members',
          title,
          capacity: Number(capacity),
          mode,
          place: place.trim() || undefined,
          online,
          coverUrl: cover.trim() || undefined,
          signupOpensAt: instant(opens),
          signupClosesAt: instant(closes),
          startsAt: instant(starts),
          endsAt: instant(ends),
          fields: parseFields(extra),
          pointsOnCheckin: Number(points),
          quotas: subtree ? quotasOf(quotas) : [],
        }),
      '已发布',
    );

  const mine = (activities.data?.activities ?? []).filter((a) => a.unionId === unionId);
  return (
    <View className='pk-page perks-manage'>
      <View className='pk-row'>
        <Text className='pk-muted'>{grant.unionName}</Text>
        {officer ? (
          <Text
            className='pk-muted perks-points-link'
            onClick={() => void Taro.navigateTo({ url: `/pages/perks/figures/index?unionId=${unionId}` })}
          >
            本会积分统计 ›
          </Text>
        ) : null}
      </View>
      {officer ? (
        <View className='pk-card perks-publish'>
          <Text className='pk-card__title'>发布活动</Text>
          <Field label='活动名称' name='title' value={title} onInput={setTitle} error={errors.title} />
          <Field label='名额' name='capacity' value={capacity} onInput={setCapacity} error={errors.capacity} />
          <ChoiceTabs
            className='pk-tabs'
            tabClass='pk-tab'
            value={mode}
            onChange={setMode}
            choices={(['lottery', 'first_come'] as const).map((m) => ({
              value: m,
              label: activityModeNames[m],
              className: `perks-mode-${m}`,
            }))}
          />
          <ChoiceTabs
            className='pk-tabs'
            tabClass='pk-tab'
            value={subtree}
            onChange={setSubtree}
            choices={[
              { value: false, label: '本会会员', className: 'perks-audience-members' },
              { value: true, label: '本会及全部下级工会会员', className: 'perks-audience-subtree' },
            ]}
          />
          {errors.audience ? <Text className='pk-muted'>{errors.audience}</Text> : null}
          {subtree ? (
            <QuotaEditor unionId={unionId} value={quotas} onChange={setQuotas} error={errorUnder(errors, 'quotas')} />
          ) : null}
          <ChoiceTabs
            className='pk-tabs'
            tabClass='pk-tab'
            value={online}
            onChange={setOnline}
            choices={[
              { value: false, label: '线下活动', className: 'perks-online-no' },
              { value: true, label: '线上活动', className: 'perks-online-yes' },
            ]}
          />
          <Field
            label={online ? '参与方式（如会议号、直播链接，可不填）' : '地点'}
            name='place'
            value={place}
            onInput={setPlace}
            error={errors.place}
          />
          <Field label='封面图片链接（https://，可不填）' name='cover' value={cover} onInput={setCover} error={errors.coverUrl} />
          <Field
            label='报名开始（YYYY-MM-DD HH:mm）'
            name='opens'
            value={opens}
            onInput={setOpens}
            error={errors.signupOpensAt}
          />
          <Field
            label='报名截止（YYYY-MM-DD HH:mm）'
            name='closes'
            value={closes}
            onInput={setCloses}
            error={errors.signupClosesAt}
          />
          <Field label='活动开始（YYYY-MM-DD HH:mm）' name='starts' value={starts} onInput={setStarts} error={errors.startsAt} />
          <Field label='活动结束（YYYY-MM-DD HH:mm）' name='ends' value={ends} onInput={setEnds} error={errors.endsAt} />
          <Field
            label='自定义报名项（用、分隔，末尾加 * 为必填，如：工号*、尺码）'
            name='fields'
            value={extra}
            onInput={setExtra}
            error={errorUnder(errors, 'fields')}
          />
          <Field label='签到积分' name='points' value={points} onInput={setPoints} error={errors.pointsOnCheckin} />
          <Button className='perks-publish-activity' type='primary' disabled={busy} onClick={() => void publishActivity()}>
            发布
          </Button>
        </View>
      ) : null}

      {mine.map((a) => (
        <View key={a.id} className='pk-card perks-managed' data-title={a.title}>
          <View className='pk-row'>
            <Text className='pk-card__title'>{a.title}</Text>
            <Text className='pk-tag'>{a.status === 'drawn' ? '已抽签' : activityModeNames[a.mode]}</Text>
          </View>
          <Text className='pk-muted'>
            报名 {a.signups} / 名额 {a.capacity} · 截止 {formatShortDateTime(a.signupClosesAt)}
          </Text>
          <Text
            className='pk-muted perks-figures-link'
            onClick={() =>
              void Taro.navigateTo({
                url: `/pages/perks/figures/index?activityId=${a.id}${officer ? `&unionId=${unionId}` : ''}`,
              })
            }
          >
            报名与出席统计 ›
          </Text>
          {officer && a.mode === 'lottery' && a.status === 'open' ? (
            <Button
              className='perks-draw'
              size='small'
              type='primary'
              disabled={busy}
              onClick={() => void run(() => call('perks.draw', { activityId: a.id }), '已抽签并公示')}
            >
              抽签
            </Button>
          ) : null}
          <View className='pk-row'>
            <Input
              className='pk-input perks-checkin-input'
              placeholder='签到码'
              value={codes[a.id] ?? ''}
              onInput={(e) => setCodes({ ...codes, [a.id]: e.detail.value })}
            />
            <Button className='perks-checkin' size='small' disabled={busy} onClick={() => void checkIn(a.id, codes[a.id] ?? '')}>
              签到
            </Button>
            <Button
              className='perks-scan-checkin'
              size='small'
              fill='outline'
              type='primary'
              disabled={busy}
              onClick={() => void scanThen('会员出示的 8 位签到码', (code) => checkIn(a.id, code))}
            >
              扫码
            </Button>
          </View>
        </View>
      ))}

      {officer ? (
        <View className='pk-card perks-publish-batch'>
          <Text className='pk-card__title'>发布抢券</Text>
          <Field
            label='券名称'
            name='batch-title'
            value={batch.title}
            onInput={(v) => setBatch({ ...batch, title: v })}
            error={errors.title}
          />
          <Field
            label='发放总数'
            name='total'
            value={batch.total}
            onInput={(v) => setBatch({ ...batch, total: v })}
            error={errors.total}
          />
          <Field
            label='每人限领'
            name='per-person'
            value={batch.perPerson}
            onInput={(v) => setBatch({ ...batch, perPerson: v })}
          />
          <Field
            label='所需积分（0 为免费）'
            name='price'
            value={batch.pricePoints}
            onInput={(v) => setBatch({ ...batch, pricePoints: v })}
          />
          <Field
            label='开抢时间（YYYY-MM-DD HH:mm）'
            name='batch-starts'
            value={batch.startsAt}
            onInput={(v) => setBatch({ ...batch, startsAt: v })}
            error={errors.startsAt}
          />
          <Field
            label='有效期至（YYYY-MM-DD HH:mm，可不填）'
            name='valid-until'
            value={batch.validUntil}
            onInput={(v) => setBatch({ ...batch, validUntil: v })}
            error={errors.validUntil}
          />
          <Button
            className='perks-publish-coupons'
            type='primary'
            disabled={busy}
            onClick={() =>
              void run(
                () =>
                  call('perks.publishBatch', {
                    unionId,
                    title: batch.title,
                    total: Number(batch.total),
                    perPerson: Number(batch.perPerson),
                    pricePoints: Number(batch.pricePoints),
                    startsAt: instant(batch.startsAt),
                    validUntil: batch.validUntil.trim() ? instant(batch.validUntil) : undefined,
                  }),
                '已发布',
              )
            }
          >
            发布
          </Button>
        </View>
      ) : null}

      {officer ? (
        <View className='pk-card perks-grant'>
          <Text className='pk-card__title'>发放积分</Text>
          <Field
            label='会员证号'
            name='member-no'
            value={gift.memberNo}
            onInput={(v) => setGift({ ...gift, memberNo: v })}
            error={errors.memberNo}
          />
          <Field
            label='积分（负数为扣减）'
            name='grant-points'
            value={gift.points}
            onInput={(v) => setGift({ ...gift, points: v })}
            error={errors.points}
          />
          <Field
            label='原因'
            name='reason'
            value={gift.reason}
            onInput={(v) => setGift({ ...gift, reason: v })}
            error={errors.reason}
          />
          <Button
            className='perks-grant-points'
            type='primary'
            disabled={busy}
            onClick={() =>
              void run(
                () =>
                  call('perks.grantPoints', {
                    unionId,
                    memberNo: gift.memberNo,
                    points: Number(gift.points),
                    reason: gift.reason,
                    requestId: `grant-${Date.now().toString(36)}-${gift.memberNo}`.slice(0, 64),
                  }),
                '已发放',
              )
            }
          >
            发放
          </Button>
        </View>
      ) : null}

      <View className='pk-card perks-redeem'>
        <Text className='pk-card__title'>核销优惠券</Text>
        <Field label='券码' name='coupon' value={coupon} onInput={setCoupon} error={errors.code} />
        <View className='pk-row'>
          <Button className='perks-redeem-button' type='primary' disabled={busy} onClick={() => void redeem(coupon)}>
            核销
          </Button>
          <Button
            className='perks-scan-redeem'
            fill='outline'
            type='primary'
            disabled={busy}
            onClick={() => void scanThen('会员出示的 8 位券码', redeem)}
          >
            扫码核销
          </Button>
        </View>
      </View>
    </View>
  );
}

export default withTheme(PerksManagePage);
