import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { call } from '@/api';
import { useAction } from '@/hooks/useAction';
import { useSignedIn } from '@/hooks/useSignedIn';
import LoadError from '@/components/LoadError';
import { Button, Skeleton } from '@/components/nutui';
import { scrutineerRoleNames, voteStatusNames, type PublishedReceipt } from '@shared/contracts/congress';
import { fingerprintKey, readStored, receiptKey } from '@/utils/congress-receipt';
import '../congress.scss';
import { formatDateTime } from '@/utils/time';
import { withTheme } from '@/theme';
import { useSubmit } from '@/hooks/useSubmit';

/** Result of one vote, printable as the 选举结果报告, with the receipt check. */
function ResultPage() {
  const { params } = useRouter();
  const voteId = params.voteId ?? '';
  const signedIn = useSignedIn();
  const { data: r, error, reload } = useAction('congress.result', { voteId }, { enabled: signedIn && Boolean(voteId) });
  const [code, setCode] = useState<string>(() => readStored(receiptKey(voteId)));
  const [verified, setVerified] = useState<string>();
  const [receipts, setReceipts] = useState<PublishedReceipt[]>();
  const { submit } = useSubmit();

  if (error && !r) return <LoadError message={error.message} onRetry={() => void reload()} />;
  if (!r)
    return (
      <View className='congress-page'>
        <Skeleton rows={6} animated />
      </View>
    );
  const t = r.tally;

  const verify = async () => {
    await submit(async () => {
      const out = await call('congress.verifyReceipt', { voteId, receiptCode: code });
      if (!out.found || !out.receipt) return setVerified('未找到该核验码对应的选票');
      // the fingerprint shown when this phone cast the ballot, if it was this code
      const stored = readStored(receiptKey(voteId)) === out.receipt.receiptCode ? readStored(fingerprintKey(voteId)) : '';
      const fp = out.receipt.fingerprint;
      setVerified(
        !fp
          ? '已找到您的选票，已计入计票。'
          : stored
            ? stored === fp
              ? `已找到您的选票，已计入计票；选票指纹 ${fp} 与您投票时看到的一致。`
              : `已找到该核验码，但选票指纹 ${fp} 与您投票时看到的（${stored}）不一致，请立即联系监票人。`
            : `已找到您的选票，已计入计票。选票指纹 ${fp}，请与投票时显示的指纹核对。`,
      );
    });
  };

  const loadReceipts = async () => {
    await submit(async () => {
      setReceipts((await call('congress.ballotList', { voteId })).receipts);
    });
  };

  const runoff = async () => {
    await submit(async () => {
      const v = await call('congress.createRunoff', { voteId });
      void Taro.redirectTo({ url: `/pages/congress/detail/index?id=${r.congressId}#${v.id}` });
    });
  };

  return (
    <View className='congress-page'>
      <View className='cg-card' data-testid='report'>
        <Text className='cg-card__title'>{r.unionName}</Text>
        <Text className='cg-card__title'>{r.congressTitle}</Text>
        <Text className='cg-card__title'>
          「{r.vote.title}」{t.kind === 'election' ? '选举结果报告' : '表决结果'}
        </Text>
        <Text className='cg-muted' data-testid='report-when'>
          会议时间：{formatDateTime(r.congressStartsAt)}
          {r.place ? `　地点：${r.place}` : ''}
          {r.closedAt ? `　计票时间：${formatDateTime(r.closedAt)}` : ''}
        </Text>
        <Text className='cg-muted'>状态：{voteStatusNames[r.vote.status]}</Text>
        <Text className='cg-muted'>
          应到 {t.entitled} 人，实到 {t.present} 人；发出选票 {t.issued} 张，收回 {t.returned} 张，有效 {t.valid} 张，无效{' '}
          {t.invalid} 张。
        </Text>
        <Text className='cg-muted'>
          {t.void ? '收回选票多于发出选票，本次投票无效，须重新投票。' : '收回选票不多于发出选票，投票有效。'}
          通过（当选）须获得{t.thresholdBase === 'entitled' ? '应到会' : '实到会'}代表 {t.base} 人的过半数，即至少 {t.passMark}{' '}
          票。
        </Text>
        {t.kind === 'resolution' ? (
          <View data-testid='resolution-result'>
            <Text className='cg-card__title'>
              赞成 {t.for} 票，反对 {t.against} 票，弃权 {t.abstain} 票：{t.passed ? '通过' : '未通过'}
            </Text>
          </View>
        ) : (
          <View>
            <View className='cg-tally-row cg-tally-row--head'>
              <Text>候选人</Text>
              <Text>赞成</Text>
              <Text>不赞成</Text>
              <Text>弃权</Text>
              <Text>结果</Text>
            </View>
            {t.candidates.map((c) => (
              <View key={c.name} className={`cg-tally-row ${c.elected ? 'cg-tally-row--elected' : ''}`}>
                <Text>{c.name}</Text>
                <Text>{c.for}</Text>
                <Text>{c.against}</Text>
                <Text>{c.abstain}</Text>
                <Text>{c.elected ? '当选' : c.tiedAtBoundary ? '票数相等' : '未当选'}</Text>
              </View>
            ))}
            {t.writeIns.map((w) => (
              <View key={`w-${w.name}`} className={`cg-tally-row ${w.elected ? 'cg-tally-row--elected' : ''}`}>
                <Text>{w.name}（另选）</Text>
                <Text>{w.votes}</Text>
                <Text>-</Text>
                <Text>-</Text>
                <Text>{w.elected ? '当选' : '未当选'}</Text>
              </View>
            ))}
            <Text className='cg-card__title' data-testid='elected'>
              当选（{t.elected.length}/{t.seats}）：{t.elected.map((e) => `${e.name}（${e.votes}票）`).join('、') || '无'}
            </Text>
            <Text className='cg-muted'>
              {t.runoff
                ? `需另行选举：${t.runoff.reason === 'tie' ? '得票相等' : '当选人数不足'}，另选 ${t.runoff.seats} 名，候选人 ${t.runoff.candidates.map((c) => c.name).join('、')}`
                : '无需另行选举'}
            </Text>
          </View>
        )}
        <Text className='cg-muted'>{r.integrityNote}</Text>
        <View className='cg-signatures' data-testid='signatures'>
          {r.scrutineers.map((s) => (
            <Text key={`${s.role}-${s.name}`} className='cg-signature'>
              {scrutineerRoleNames[s.role]}：{s.name}　签字：______________
            </Text>
          ))}
          <Text className='cg-signature'>大会主持人签字：______________</Text>
          <Text className='cg-signature'>日期：________年____月____日</Text>
        </View>
        <View className='cg-actions cg-noprint'>
          {r.canCreateRunoff ? (
            <Button type='primary' onClick={() => void runoff()}>
              发起另行选举
            </Button>
          ) : null}
          {process.env.TARO_ENV === 'h5' ? (
            <Button fill='outline' onClick={() => window.print()}>
              打印报告
            </Button>
          ) : null}
        </View>
      </View>

      <View className='cg-card cg-noprint'>
        <Text className='cg-card__title'>核验我的选票</Text>
        <Input className='cg-input' placeholder='输入 10 位选票核验码' value={code} onInput={(e) => setCode(e.detail.value)} />
        <Button type='primary' onClick={() => void verify()}>
          核验
        </Button>
        {verified ? (
          <Text className='cg-muted' data-testid='verified'>
            {verified}
          </Text>
        ) : null}
      </View>

      <View className='cg-card' data-testid='ballot-list'>
        <Text className='cg-card__title'>选票清单（共 {t.returned} 张）</Text>
        <Text className='cg-muted'>
          按核验码排列，每张选票只列核验码和选票指纹，不含投票人，也不含选票内容：任何人（包括您自己）都无法凭核验码向他人证明一张选票投给了谁。
        </Text>
        {receipts ? (
          receipts.map((b) => (
            <Text key={b.receiptCode} className='cg-ballot-list'>
              {b.receiptCode}　{b.fingerprint ?? '—'}
            </Text>
          ))
        ) : (
          <Button fill='outline' className='cg-noprint' onClick={() => void loadReceipts()}>
            查看全部选票
          </Button>
        )}
      </View>
    </View>
  );
}

export default withTheme(ResultPage);
