import { useState } from 'react';
import { Input, Picker, Text, View } from '@tarojs/components';
import { call } from '@/api';
import type { BatchView } from '@shared/contracts/aid';
import { yuan } from '@shared/domain/aid/benefit';
import { bankConfirmation } from '@shared/domain/confirmations';
import { Button } from '@/components/nutui';
import type { Confirmation } from '@shared/domain/confirmations';
import { useSubmit } from '@/hooks/useSubmit';
import { toastSuccess } from '@/utils/toast';
import { formatDate, shanghaiDate } from '@/utils/time';

interface Props {
  batches: BatchView[];
  confirm: (c: Confirmation) => Promise<boolean>;
  onExport: (b: BatchView) => void;
  onChanged: () => Promise<void>;
}

/**
 * 发放批次: each batch with its total, its sheet for the bank and, until the bank's receipt (回单) is recorded,
 * a form for the date the money arrived and the receipt's number. Only then do its claims show 已发放.
 */
export default function BatchList({ batches, confirm, onExport, onChanged }: Props) {
  const [open, setOpen] = useState<string>();
  const [paidOn, setPaidOn] = useState(shanghaiDate());
  const [reference, setReference] = useState('');
  const { busy, errors, submit } = useSubmit();

  const record = (b: BatchView) =>
    submit(async () => {
      const ok = await confirm(
        bankConfirmation({ batchNo: b.batchNo, count: b.count, totalFen: b.totalFen, paidOn, bankReference: reference.trim() }),
      );
      if (!ok) return;
      await call('aid.confirmBatchPaid', { batchId: b.id, paidOn, bankReference: reference.trim() });
      toastSuccess('已登记到账');
      setOpen(undefined);
      setReference('');
      await onChanged();
    });

  return (
    <View className='card aid-card aid-batches'>
      <Text className='section-title'>发放批次</Text>
      {batches.map((b) => (
        <View key={b.id} className='aid-batch' data-batch={b.batchNo}>
          <View className='aid-row'>
            <View className='aid-row__main'>
              <Text className='aid-row__title'>{b.batchNo}</Text>
              <Text className='aid-row__sub'>
                {b.count} 笔 · ¥{yuan(b.totalFen)} · {formatDate(b.createdAt)}
              </Text>
              <Text className={`aid-batch__state ${b.bankPaidOn ? 'aid-batch__state--done' : ''}`}>
                {b.bankPaidOn ? `${formatDate(b.bankPaidOn)}到账 · 回单号 ${b.bankReference}` : '发放中：等待银行回单'}
              </Text>
            </View>
            <Button size='small' fill='outline' onClick={() => onExport(b)}>
              导出 Excel
            </Button>
          </View>
          {!b.bankPaidOn && open !== b.id ? (
            <Button size='small' type='primary' className='aid-batch__record' onClick={() => setOpen(b.id)}>
              登记到账
            </Button>
          ) : null}
          {open === b.id ? (
            <View className='aid-batch__form'>
              <Picker mode='date' value={paidOn} end={shanghaiDate()} onChange={(e) => setPaidOn(e.detail.value)}>
                <View className='aid-batch__field'>
                  <Text className='muted'>到账日期</Text>
                  <Text className='aid-batch__date'>{formatDate(paidOn)} ▾</Text>
                </View>
              </Picker>
              <View className='aid-batch__field'>
                <Text className='muted'>银行回单号</Text>
                <Input
                  className='aid-batch__reference'
                  value={reference}
                  maxlength={60}
                  placeholder='回单上的流水号'
                  onInput={(e) => setReference(e.detail.value)}
                />
              </View>
              {errors.bankReference || errors.paidOn ? (
                <Text className='aid-batch__error'>{errors.bankReference ?? errors.paidOn}</Text>
              ) : null}
              <View className='aid-actions'>
                <Button
                  type='primary'
                  size='small'
                  loading={busy}
                  disabled={!reference.trim()}
                  className='aid-batch__confirm'
                  onClick={() => void record(b)}
                >
                  确认到账
                </Button>
                <Button size='small' fill='outline' onClick={() => setOpen(undefined)}>
                  取消
                </Button>
              </View>
            </View>
          ) : null}
        </View>
      ))}
    </View>
  );
}
