import { useMemo, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Image, Input, Text, View } from '@tarojs/components';
import { call } from '@/api';
import { useAction } from '@/hooks/useAction';
import { useSignedIn } from '@/hooks/useSignedIn';
import { useSubmit } from '@/hooks/useSubmit';
import LoadError from '@/components/LoadError';
import { Button, Skeleton } from '@/components/nutui';
import { toastError } from '@/utils/toast';
import {
  checkBallot,
  electionMarkNames,
  resolutionMarkNames,
  type BallotChoices,
  type CastReceipt,
  type ElectionMark,
  type ResolutionMark,
} from '@shared/contracts/congress';
import '../congress.scss';

import { copyReceipt, fingerprintKey, receiptKey } from '@/utils/congress-receipt';
import { withTheme } from '@/theme';
import { useConfirm } from '@/components/ConfirmDialog';
import { castBallotConfirmation } from '@shared/domain/confirmations';

/** The ballot in words, for the voter's own eyes right after casting. */
function describeChoices(ch: BallotChoices, candidates: { id: string; name: string }[]): string {
  if (ch.kind === 'resolution') return resolutionMarkNames[ch.mark];
  return ch.marks
    .map(
      (m) =>
        `${candidates.find((c) => c.id === m.candidateId)?.name ?? '?'}：${electionMarkNames[m.mark]}${m.writeIn ? `（另选 ${m.writeIn}）` : ''}`,
    )
    .join('；');
}

function BallotPage() {
  const { params } = useRouter();
  const signedIn = useSignedIn();
  const { data: c, error, reload } = useAction('congress.get', { congressId: params.congressId ?? '' }, { enabled: signedIn });
  const vote = c?.agenda.find((v) => v.id === params.voteId);
  const [resolution, setResolution] = useState<ResolutionMark>();
  const [marks, setMarks] = useState<Record<string, ElectionMark>>({});
  const [writeIns, setWriteIns] = useState<Record<string, string>>({});
  const [receipt, setReceipt] = useState<CastReceipt>();
  const { busy, submit: run } = useSubmit();
  const { confirm, dialog } = useConfirm();

  const choices: BallotChoices | null = useMemo(() => {
    if (!vote) return null;
    if (vote.kind === 'resolution') return resolution ? { kind: 'resolution', mark: resolution } : null;
    return {
      kind: 'election',
      marks: vote.candidates.map((cand) => ({
        candidateId: cand.id,
        mark: marks[cand.id] ?? 'abstain',
        ...(marks[cand.id] === 'against' && writeIns[cand.id]?.trim() ? { writeIn: writeIns[cand.id].trim() } : {}),
      })),
    };
  }, [vote, resolution, marks, writeIns]);
  // The same rule the server applies, so the delegate learns of an over-vote before submitting.
  const check =
    vote && choices
      ? checkBallot(
          vote.kind === 'election'
            ? { kind: 'election', seats: vote.seats ?? 0, candidates: vote.candidates }
            : { kind: 'resolution' },
          choices,
        )
      : null;

  if (error && !c) return <LoadError message={error.message} onRetry={() => void reload()} />;
  if (!c)
    return (
      <View className='congress-page'>
        <Skeleton rows={6} animated />
      </View>
    );
  if (!vote) return <LoadError message='表决事项不存在' onRetry={() => void reload()} />;

  if (receipt) {
    return (
      <View className='congress-page'>
        <View className='cg-card' data-testid='receipt'>
          <Text className='cg-card__title'>投票成功{receipt.valid ? '' : '（无效票）'}</Text>
          <Text className='cg-muted'>您的选票核验码（请记下，投票结束后可在公布的选票清单中核对您的选票）：</Text>
          <Text className='cg-receipt' data-testid='receipt-code'>
            {receipt.receiptCode}
          </Text>
          <Button fill='outline' size='small' className='cg-copy' onClick={() => void copyReceipt(receipt.receiptCode)}>
            复制核验码
          </Button>
          <Text className='cg-muted'>选票指纹（公布的选票清单中，您的核验码旁应是同一串字符）：</Text>
          <Text className='cg-receipt' data-testid='receipt-fingerprint'>
            {receipt.fingerprint}
          </Text>
          <Text className='cg-muted'>本次计入的选票内容（仅此一次显示，离开本页后不再显示，也不会公布）：</Text>
          <Text className='cg-doc' data-testid='cast-choices'>
            {describeChoices(receipt.choices, vote.candidates)}
          </Text>
          <Text className='cg-muted'>本机会保存核验码，以后可在会议页该事项下的「我的核验码」找到。</Text>
          <Text className='cg-muted'>
            核验码与您的身份没有任何关联，任何人（包括管理员）都无法据此知道是谁投的票；公布的清单只列核验码和指纹，不列选票内容，因此也无人能凭核验码向他人证明投了什么票。
          </Text>
          <Button type='primary' onClick={() => void Taro.navigateBack()}>
            返回会议
          </Button>
        </View>
      </View>
    );
  }

  const submit = async (confirmInvalid: boolean) => {
    if (!choices) return;
    await run(
      async () => {
        const r = await call('congress.castBallot', { voteId: vote.id, choices, confirmInvalid });
        Taro.setStorageSync(receiptKey(vote.id), r.receiptCode);
        Taro.setStorageSync(fingerprintKey(vote.id), r.fingerprint);
        setReceipt(r);
      },
      {
        onError: (e) => {
          toastError(e);
          void reload();
        },
      },
    );
  };
  const onSubmit = async () => {
    if (!check || check.problems.length || !choices) return;
    const marks = choices.kind === 'election' ? choices.marks : [];
    const ok = await confirm(
      castBallotConfirmation({
        title: vote.title,
        seats: vote.kind === 'election' ? (vote.seats ?? 0) : null,
        markedFor: marks.filter((m) => m.mark === 'for').length,
        markedAgainst: marks.filter((m) => m.mark === 'against').length,
        abstained: marks.filter((m) => m.mark === 'abstain').length,
        writeIns: marks.filter((m) => m.writeIn).length,
        overvoted: check.overvoted,
        choiceName: choices.kind === 'resolution' ? resolutionMarkNames[choices.mark] : undefined,
      }),
    );
    if (ok) await submit(check.overvoted);
  };

  return (
    <View className='congress-page'>
      {dialog}
      <View className='cg-card'>
        <Text className='cg-card__title'>{vote.title}</Text>
        {vote.kind === 'election' ? (
          <Text className='cg-muted'>
            应选 {vote.seats} 名，候选人 {vote.candidates.length}{' '}
            名（按姓氏笔画排列）。对每位候选人选择赞成、不赞成或弃权；不赞成的可另选他人。赞成与另选合计不得超过 {vote.seats} 人。
          </Text>
        ) : (
          <Text className='cg-doc'>{vote.description}</Text>
        )}
      </View>

      {vote.kind === 'resolution' ? (
        <View className='cg-card'>
          <View className='cg-marks'>
            {(['for', 'against', 'abstain'] as const).map((m) => (
              <Text key={m} className={`cg-mark ${resolution === m ? 'cg-mark--on' : ''}`} onClick={() => setResolution(m)}>
                {resolutionMarkNames[m]}
              </Text>
            ))}
          </View>
        </View>
      ) : (
        <View className='cg-card'>
          {vote.candidates.map((cand) => (
            <View key={cand.id} className='cg-candidate' data-testid='candidate'>
              <View className='cg-candidate__head'>
                {cand.photoUrl ? (
                  <Image className='cg-candidate__photo' src={cand.photoUrl} mode='aspectFill' />
                ) : (
                  <View className='cg-candidate__photo'>{cand.name.slice(-2)}</View>
                )}
                <Text className='cg-card__title'>{cand.name}</Text>
              </View>
              <Text className='cg-candidate__cv'>{cand.cv}</Text>
              <View className='cg-marks'>
                {(['for', 'against', 'abstain'] as const).map((m) => (
                  <Text
                    key={m}
                    className={`cg-mark ${(marks[cand.id] ?? 'abstain') === m && marks[cand.id] ? 'cg-mark--on' : ''}`}
                    onClick={() => setMarks({ ...marks, [cand.id]: m })}
                  >
                    {electionMarkNames[m]}
                  </Text>
                ))}
              </View>
              {marks[cand.id] === 'against' ? (
                <Input
                  className='cg-input'
                  placeholder='另选他人（可不填）'
                  value={writeIns[cand.id] ?? ''}
                  onInput={(e) => setWriteIns({ ...writeIns, [cand.id]: e.detail.value })}
                />
              ) : null}
            </View>
          ))}
        </View>
      )}

      {check?.problems.length ? <Text className='cg-warning'>{check.problems[0].message}</Text> : null}
      {check?.overvoted ? (
        <Text className='cg-warning' data-testid='overvote'>
          赞成与另选他人合计 {check.named} 人，超过应选 {vote.seats} 人，提交后将作为无效票，请修改。
        </Text>
      ) : null}
      <Button type='primary' block disabled={!check || check.problems.length > 0} loading={busy} onClick={() => void onSubmit()}>
        提交选票
      </Button>
    </View>
  );
}

export default withTheme(BallotPage);
