import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call } from '@/api';
import { useAction } from '@/hooks/useAction';
import { useSignedIn } from '@/hooks/useSignedIn';
import { useSubmit } from '@/hooks/useSubmit';
import LoadError from '@/components/LoadError';
import { useConfirm } from '@/components/ConfirmDialog';
import { closeVoteConfirmation, publishConfirmation } from '@shared/domain/confirmations';
import { congressPhase } from '@shared/domain/congress/phase';
import { Button, Skeleton } from '@/components/nutui';
import { toastSuccess } from '@/utils/toast';
import { formatDateTime } from '@/utils/time';
import { voteKindNames, voteStatusNames, type LiveView, type VoteView } from '@shared/contracts/congress';
import '../congress.scss';
import { withTheme } from '@/theme';
import { copyReceipt, storedReceipt } from '@/utils/congress-receipt';
import DelegateEditor from './DelegateEditor';

const POLL_MS = 2000;

/** The open vote's turnout (everyone) and running count (chair, scrutineers), polled every 2 s. */
function LivePanel({ voteId }: { voteId: string }) {
  const [live, setLive] = useState<LiveView>();
  useEffect(() => {
    let stop = false;
    const tick = () =>
      call('congress.live', { voteId })
        .then((l) => !stop && setLive(l))
        .catch(() => undefined);
    void tick();
    const timer = setInterval(tick, POLL_MS);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [voteId]);
  if (!live) return null;
  const t = live.tally;
  return (
    <View className='cg-card' data-testid='live'>
      <Text className='cg-muted'>
        实时：已投票 <Text data-testid='live-voted'>{live.voted}</Text> / 已签到 {live.attendance.checkedIn} / 应到{' '}
        {live.attendance.entitled}
      </Text>
      {t && t.kind === 'resolution' ? (
        <Text className='cg-muted'>
          赞成 {t.for} · 反对 {t.against} · 弃权 {t.abstain} · 无效 {t.invalid}
        </Text>
      ) : null}
      {t && t.kind === 'election'
        ? t.candidates.map((c) => (
            <Text key={c.name} className='cg-muted'>
              {c.name}：赞成 {c.for} · 不赞成 {c.against} · 弃权 {c.abstain}
            </Text>
          ))
        : null}
      {!t ? <Text className='cg-muted'>计票结果在投票结束后公布</Text> : null}
    </View>
  );
}

/** 我的核验码: the receipt this phone kept when it cast the ballot (nothing when it was cast on another phone). */
function MyReceipt({ voteId }: { voteId: string }) {
  const kept = storedReceipt(voteId);
  if (!kept) return null;
  return (
    <View className='cg-row cg-my-receipt' data-testid='my-receipt'>
      <Text className='cg-muted'>
        我的核验码 <Text className='cg-receipt-inline'>{kept.receiptCode}</Text>
      </Text>
      <Text className='cg-link' onClick={() => void copyReceipt(kept.receiptCode)}>
        复制
      </Text>
    </View>
  );
}

/** How many absent delegates the on-site list shows before 查看全部. */
const ON_SITE_FOLDED = 3;

/** 现场代签到 (chairs): the delegates not yet checked in, each with 代签到 for one who is in the hall without a phone. */
function OnSiteCheckIn({ congressId, onChecked }: { congressId: string; onChecked: () => void }) {
  const list = useAction('congress.delegates', { congressId });
  const { busy, submit } = useSubmit();
  const [expanded, setExpanded] = useState(false);
  const absent = (list.data?.delegates ?? []).filter((d) => !d.checkedIn);
  if (!list.data || absent.length === 0) return null;
  const checkIn = (personId: string, name: string) =>
    submit(async () => {
      await call('congress.checkInDelegate', { congressId, personId });
      toastSuccess(`${name} 已签到`);
      await list.reload();
      onChecked();
    });
  return (
    <View className='cg-onsite' data-testid='on-site'>
      <Text className='cg-muted'>未签到代表 {absent.length} 人（代表在会场但无法用手机签到时，可由主席代为签到）</Text>
      {(expanded ? absent : absent.slice(0, ON_SITE_FOLDED)).map((d) => (
        <View key={d.personId} className='cg-row cg-onsite__row' data-delegate={d.name}>
          <Text>{d.name}</Text>
          <Button size='small' fill='outline' type='primary' loading={busy} onClick={() => void checkIn(d.personId, d.name)}>
            代签到
          </Button>
        </View>
      ))}
      {absent.length > ON_SITE_FOLDED ? (
        <Text className='cg-link cg-onsite__more' onClick={() => setExpanded(!expanded)}>
          {expanded ? '收起' : `查看全部 ${absent.length} 人`}
        </Text>
      ) : null}
    </View>
  );
}

function CongressDetailPage() {
  const { params } = useRouter();
  const congressId = params.id ?? '';
  const signedIn = useSignedIn();
  const { data: c, error, reload } = useAction('congress.get', { congressId }, { enabled: signedIn && Boolean(congressId) });
  const { busy, submit } = useSubmit();
  const { confirm, dialog } = useConfirm();
  // bumped when the delegate list changes, so the on-site check-in list loads it again
  const [delegatesVersion, setDelegatesVersion] = useState(0);

  useEffect(() => {
    const timer = setInterval(() => void reload(), 3000);
    return () => clearInterval(timer);
  }, [reload]);

  if (error && !c) return <LoadError message={error.message} onRetry={() => void reload()} />;
  if (!c)
    return (
      <View className='congress-page'>
        <Skeleton rows={6} animated />
      </View>
    );

  const act = (fn: () => Promise<unknown>, done: string) =>
    submit(async () => {
      await fn();
      toastSuccess(done);
      await reload();
    });
  const goBallot = (v: VoteView) =>
    void Taro.navigateTo({ url: `/pages/congress/ballot/index?congressId=${c.id}&voteId=${v.id}` });
  const goResult = (v: VoteView) => void Taro.navigateTo({ url: `/pages/congress/result/index?voteId=${v.id}` });
  const seesResult = c.me.isChair || c.me.isScrutineer || c.me.isDelegate;
  const ended = c.status === 'ended';
  const phase = congressPhase(c, new Date());
  const openNow = c.agenda.find((v) => v.status === 'open');
  // the figures are fetched when the chair taps, not taken from the last poll
  const closeVote = (v: VoteView) =>
    submit(async () => {
      const live = await call('congress.live', { voteId: v.id });
      const ok = await confirm(
        closeVoteConfirmation({
          title: v.title,
          voted: live.voted,
          checkedIn: live.attendance.checkedIn,
          entitled: live.attendance.entitled,
        }),
      );
      if (!ok) return;
      await call('congress.closeVote', { voteId: v.id });
      toastSuccess('投票已结束');
      await reload();
    });
  const publish = (v: VoteView) =>
    submit(async () => {
      const live = await call('congress.live', { voteId: v.id });
      if (!(await confirm(publishConfirmation({ title: v.title, voted: live.voted })))) return;
      await call('congress.publish', { voteId: v.id });
      toastSuccess('结果已公布');
      await reload();
    });
  const endCongress = async () => {
    const notHeld = c.agenda.filter((v) => v.status === 'pending').length;
    const ok = await confirm({
      title: '宣布闭幕',
      lines: [`闭幕后不能再开始任何表决${notHeld ? `，尚未表决的 ${notHeld} 项将不再表决` : ''}。`, '已结束的表决仍可公布结果。'],
      confirmText: '闭幕',
      danger: true,
    });
    if (ok) await act(() => call('congress.end', { congressId: c.id }), '已闭幕');
  };

  return (
    <View className='congress-page'>
      {dialog}
      <View className='cg-card'>
        <View className='cg-row'>
          <Text className='cg-card__title'>{c.title}</Text>
          <Text className={`cg-tag cg-tag--${phase.phase}`} data-testid='congress-status'>
            {phase.label}
          </Text>
        </View>
        {ended && c.endedAt ? <Text className='cg-muted'>已于 {formatDateTime(c.endedAt)} 闭幕，不再开始新的表决</Text> : null}
        <Text className='cg-muted'>
          {c.unionName} · {formatDateTime(c.startsAt)}
        </Text>
        {c.place ? <Text className='cg-muted'>地点：{c.place}</Text> : null}
        {c.streamUrl ? (
          <Text className='cg-link' onClick={() => void Taro.setClipboardData({ data: c.streamUrl! })}>
            ▶ 观看直播：{c.streamUrl}
          </Text>
        ) : null}
      </View>

      <View className='cg-card' data-testid='attendance'>
        <View className='cg-row'>
          <Text className={`cg-quorum cg-quorum--${c.attendance.quorumMet ? 'met' : 'not'}`}>
            应到 {c.attendance.entitled} 人 · 实到 <Text data-testid='checked-in'>{c.attendance.checkedIn}</Text> 人
          </Text>
          <Text className='cg-muted'>
            {c.attendance.quorumMet ? '已达法定人数' : `需至少 ${c.attendance.quorumNeeded} 人签到`}
          </Text>
        </View>
        {c.me.isDelegate && !ended ? (
          c.me.checkedIn ? (
            <Text className='cg-muted'>您已签到</Text>
          ) : (
            <Button
              type='primary'
              loading={busy}
              onClick={() => void act(() => call('congress.checkIn', { congressId: c.id }), '签到成功')}
            >
              代表签到
            </Button>
          )
        ) : null}
        {c.me.isChair && !ended ? (
          <OnSiteCheckIn key={delegatesVersion} congressId={c.id} onChecked={() => void reload()} />
        ) : null}
        {c.me.isChair && !ended && c.agenda.every((v) => v.status === 'pending') ? (
          <DelegateEditor
            congressId={c.id}
            unionId={c.unionId}
            onSaved={() => {
              setDelegatesVersion((n) => n + 1);
              void reload();
            }}
          />
        ) : null}
        {c.scrutineers.length ? (
          <Text className='cg-muted'>
            监票人/计票人：{c.scrutineers.map((s) => `${s.name}（${s.role === 'monitor' ? '监票' : '计票'}）`).join('、')}
          </Text>
        ) : null}
      </View>

      {c.documents.length ? (
        <View className='cg-card'>
          <Text className='cg-card__title'>会议文件</Text>
          {c.documents.map((d) => (
            <View key={d.title} className='cg-doc-item'>
              <Text className='cg-doc-item__title'>{d.title}</Text>
              <Text className='cg-doc'>{d.body}</Text>
              {d.url ? <Text className='cg-link'>{d.url}</Text> : null}
            </View>
          ))}
        </View>
      ) : null}

      <Text className='cg-card__title'>议程</Text>
      {c.agenda.map((v, i) => (
        <View key={v.id} className='cg-card' data-testid={`vote-${i}`}>
          <View className='cg-row'>
            <Text className='cg-card__title'>
              {v.position}. {v.title}
            </Text>
            <Text className={`cg-tag cg-tag--${v.status}`}>{voteStatusNames[v.status]}</Text>
          </View>
          <Text className='cg-muted'>
            {voteKindNames[v.kind]}
            {v.kind === 'election' ? ` · 应选 ${v.seats} 名 · 候选人 ${v.candidates.length} 名` : ''}
            {v.voted ? ' · 您已投票' : ''}
          </Text>
          {v.description ? <Text className='cg-doc'>{v.description}</Text> : null}
          {v.voted ? <MyReceipt voteId={v.id} /> : null}
          {v.status === 'open' ? <LivePanel voteId={v.id} /> : null}
          <View className='cg-actions'>
            {v.status === 'open' && c.me.isDelegate && !v.voted ? (
              <Button type='primary' disabled={!c.me.checkedIn} onClick={() => goBallot(v)}>
                {c.me.checkedIn ? '进入投票' : '签到后投票'}
              </Button>
            ) : null}
            {c.me.isChair && v.status === 'pending' && !ended ? (
              <Button
                type='primary'
                fill='outline'
                disabled={!v.canOpen}
                loading={busy}
                onClick={() => void act(() => call('congress.openVote', { voteId: v.id }), '已开始投票')}
              >
                开始投票
              </Button>
            ) : null}
            {c.me.isChair && v.status === 'open' ? (
              <Button type='danger' loading={busy} className='cg-close-vote' onClick={() => void closeVote(v)}>
                结束投票
              </Button>
            ) : null}
            {c.me.isChair && v.status === 'closed' ? (
              <Button type='primary' loading={busy} className='cg-publish' onClick={() => void publish(v)}>
                公布结果
              </Button>
            ) : null}
            {v.status === 'published' || (v.status === 'closed' && seesResult) ? (
              <Button fill='outline' onClick={() => goResult(v)}>
                查看结果
              </Button>
            ) : null}
          </View>
          {c.me.isChair && v.status === 'pending' && v.openBlockedReason && !ended ? (
            <Text className='cg-muted'>{v.openBlockedReason}</Text>
          ) : null}
        </View>
      ))}

      {c.me.isChair && !ended ? (
        <View className='cg-card cg-end'>
          <Button
            type='danger'
            fill='outline'
            block
            disabled={Boolean(openNow)}
            loading={busy}
            className='cg-end-button'
            onClick={() => void endCongress()}
          >
            宣布闭幕
          </Button>
          <Text className='cg-muted'>
            {openNow ? `「${openNow.title}」正在投票，结束投票后才能闭幕` : '闭幕后不能再开始任何表决。'}
          </Text>
        </View>
      ) : null}
    </View>
  );
}

export default withTheme(CongressDetailPage);
