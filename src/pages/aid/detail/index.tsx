import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import { call } from '@/api';
import type { AttachmentView, ClaimDetail } from '@shared/contracts/aid';
import { aidCategoryNames, attachmentKindNames, claimStatusNames, hospitalLevelNames } from '@shared/contracts/aid';
import { yuan } from '@shared/domain/aid/benefit';
import { Button, Skeleton } from '@/components/nutui';
import LoadError from '@/components/LoadError';
import { useConfirm } from '@/components/ConfirmDialog';
import { federationApprovalConfirmation } from '@shared/domain/confirmations';
import { toastSuccess } from '@/utils/toast';
import { useSubmit } from '@/hooks/useSubmit';
import { formatDateTime } from '@/utils/time';
import { AID_PAGES, statusTone } from '../shared';
import '../aid.scss';
import './index.scss';
import { withTheme } from '@/theme';

/** One claim: its state, the calculation, materials (through short-lived links), the timeline and what the caller may do. */
function ClaimDetailPage() {
  const { id = '' } = useRouter().params;
  const [c, setC] = useState<ClaimDetail>();
  const [error, setError] = useState<string>();
  const [reason, setReason] = useState('');
  const { busy, submit } = useSubmit();
  const { confirm, dialog } = useConfirm();

  const load = async () => {
    try {
      setC(await call('aid.claim', { claimId: id }));
      setError(undefined);
    } catch (e) {
      setError(e instanceof Error ? e.message : '加载失败');
    }
  };
  useDidShow(() => void load());

  const act = (fn: () => Promise<ClaimDetail | unknown>, done: string) =>
    submit(async () => {
      await fn();
      toastSuccess(done);
      setReason('');
      await load();
    });

  const open = async (a: AttachmentView) => {
    await submit(async () => {
      const { url } = await call('aid.attachmentUrl', { attachmentId: a.id });
      if (a.mime.startsWith('image/')) await Taro.previewImage({ urls: [url], current: url });
      else if (process.env.TARO_ENV === 'h5') window.open(url, '_blank');
      else {
        const f = await Taro.downloadFile({ url });
        await Taro.openDocument({ filePath: f.tempFilePath, fileType: 'pdf' });
      }
    });
  };

  if (error) return <LoadError message={error} onRetry={() => void load()} />;
  if (!c)
    return (
      <View className='page page-body'>
        <Skeleton rows={8} animated />
      </View>
    );
  const amount = c.approvedFen ?? c.claimedFen;
  // the union's approval of an amount above the plan's threshold is not the last word: say so before it is given
  const goesUp = c.can.review && c.pinnedRules != null && (c.claimedFen ?? 0) > c.pinnedRules.federationThresholdFen;
  const approve = () =>
    submit(async () => {
      if (goesUp && !(await confirm(federationApprovalConfirmation({ claimNo: c.claimNo, approvedFen: c.claimedFen ?? 0 }))))
        return;
      await (c.can.review
        ? call('aid.review', { claimId: c.id, decision: 'approve', ...(reason ? { reason } : {}) })
        : call('aid.federationReview', { claimId: c.id, decision: 'approve', ...(reason ? { reason } : {}) }));
      toastSuccess(goesUp ? '已通过，报总工会审批' : '已通过');
      setReason('');
      await load();
    });

  return (
    <View className='page aid-detail'>
      {dialog}
      <View className='page-body'>
        <View className='card aid-card aid-detail__head'>
          <View className='aid-detail__status-line'>
            <Text className={`aid-tag aid-tag--${statusTone[c.status]} aid-detail__status`}>{claimStatusNames[c.status]}</Text>
            <Text className='muted'>{c.claimNo}</Text>
          </View>
          <Text className='aid-detail__amount'>{amount != null ? `¥${yuan(amount)}` : '—'}</Text>
          <Text className='muted'>
            {c.approvedFen != null ? '核定互助金' : '申请互助金'} · {c.applicantName} · {c.unionName}
            {c.needsFederation && c.status === 'officer_approved' ? ' · 需总工会审批' : ''}
            {c.needsFederation && ['federation_approved', 'paying', 'paid'].includes(c.status) ? ' · 总工会已审批' : ''}
          </Text>
          {c.returnReason && c.status === 'returned' ? (
            <Text className='aid-detail__reason'>退回原因：{c.returnReason}</Text>
          ) : null}
          {c.rejectReason && c.status === 'rejected' ? (
            <Text className='aid-detail__reason'>未通过原因：{c.rejectReason}</Text>
          ) : null}
          {c.can.edit ? (
            <Button
              type='primary'
              size='small'
              className='aid-detail__edit'
              onClick={() => void Taro.navigateTo({ url: `${AID_PAGES.claim}?id=${c.id}` })}
            >
              修改并重新提交
            </Button>
          ) : null}
        </View>

        <View className='card aid-card'>
          <Text className='section-title'>就医信息</Text>
          <View className='aid-detail__kv'>
            <Text className='muted'>类别</Text>
            <Text>{c.category ? aidCategoryNames[c.category] : ''}</Text>
          </View>
          {c.medicalHidden ? (
            <View className='aid-detail__kv'>
              <Text className='muted'>医疗</Text>
              <Text className='muted aid-detail__medical-hidden'>医院、诊断和出院小结仅审核人员可见</Text>
            </View>
          ) : (
            <View className='aid-detail__kv'>
              <Text className='muted'>医院</Text>
              <Text>
                {c.hospital} {c.hospitalLevel ? `（${hospitalLevelNames[c.hospitalLevel]}）` : ''}
              </Text>
            </View>
          )}
          <View className='aid-detail__kv'>
            <Text className='muted'>住院</Text>
            <Text>
              {c.admittedOn} 至 {c.dischargedOn}
            </Text>
          </View>
          {c.medicalHidden ? null : (
            <View className='aid-detail__kv'>
              <Text className='muted'>诊断</Text>
              <Text>{c.diagnosis}</Text>
            </View>
          )}
          <View className='aid-detail__kv'>
            <Text className='muted'>收款</Text>
            <Text className='aid-detail__bank'>
              {c.bankName} {c.bankAccount}
            </Text>
          </View>
          <View className='aid-detail__kv'>
            <Text className='muted'>计划</Text>
            <Text>
              {c.planName}
              {c.planVersion ? `（第 ${c.planVersion} 版规则）` : ''}
            </Text>
          </View>
        </View>

        {c.breakdown ? (
          <View className='card aid-card'>
            <Text className='section-title'>计算过程</Text>
            {c.breakdown.lines.map((l) => (
              <View
                key={l.key}
                className={`aid-breakdown__line ${l.op === '=' ? 'aid-breakdown__line--result' : ''} ${l.op === 'cap' ? 'aid-breakdown__line--cap' : ''}`}
              >
                <Text>{l.label}</Text>
                <Text>{yuan(l.amountFen)}</Text>
              </View>
            ))}
          </View>
        ) : null}

        <View className='card aid-card'>
          <Text className='section-title'>材料</Text>
          {c.attachments.length === 0 ? <Text className='muted'>无</Text> : null}
          {c.attachments.map((a) => (
            <View key={a.id} className='aid-row' onClick={() => void open(a)}>
              <Text className='aid-row__title'>
                {attachmentKindNames[a.kind]} · {a.fileName}
              </Text>
              <Text className='muted'>查看 ›</Text>
            </View>
          ))}
        </View>

        {c.can.review || c.can.federationReview ? (
          <View className='card aid-card aid-detail__review'>
            <Text className='section-title'>{c.can.review ? '工会审核' : '总工会审批'}</Text>
            <Textarea
              className='aid-detail__reason-input'
              value={reason}
              placeholder='意见（退回或不通过时必填，申请人可见）'
              onInput={(e) => setReason(e.detail.value)}
            />
            <View className='aid-actions'>
              <Button type='primary' loading={busy} className='aid-detail__approve' onClick={() => void approve()}>
                {goesUp ? '通过并报总工会' : '通过'}
              </Button>
              {c.can.review ? (
                <Button
                  fill='outline'
                  loading={busy}
                  onClick={() => void act(() => call('aid.review', { claimId: c.id, decision: 'return', reason }), '已退回')}
                >
                  退回补充
                </Button>
              ) : null}
              <Button
                fill='outline'
                type='danger'
                loading={busy}
                onClick={() =>
                  void act(
                    () =>
                      c.can.review
                        ? call('aid.review', { claimId: c.id, decision: 'reject', reason })
                        : call('aid.federationReview', { claimId: c.id, decision: 'reject', reason }),
                    '已处理',
                  )
                }
              >
                不通过
              </Button>
            </View>
          </View>
        ) : null}

        {c.can.pay ? (
          <View className='card aid-card'>
            <Button
              type='primary'
              block
              loading={busy}
              onClick={() => void Taro.navigateTo({ url: `${AID_PAGES.review}?tab=payable` })}
            >
              去批量发放
            </Button>
          </View>
        ) : null}

        <View className='card aid-card'>
          <Text className='section-title'>进度</Text>
          {c.timeline.map((t, i) => (
            <View key={i} className='aid-timeline__item'>
              <Text className='aid-timeline__title'>
                {claimStatusNames[t.toStatus]} · {t.actorName ?? ''} · {formatDateTime(t.at)}
              </Text>
              {t.note ? <Text className='aid-timeline__note'>{t.note}</Text> : null}
            </View>
          ))}
        </View>
      </View>
    </View>
  );
}

export default withTheme(ClaimDetailPage);
