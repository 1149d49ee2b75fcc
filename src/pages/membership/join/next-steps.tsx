import { Text, View } from '@tarojs/components';
import { call } from '@/api';
import { Button } from '@/components/nutui';
import { useConfirm } from '@/components/ConfirmDialog';
import { useSubmit } from '@/hooks/useSubmit';
import { toastSuccess } from '@/utils/toast';

interface Props {
  applicationId: string;
  unionName: string;
  /** Matched on the union's roster: the union only confirms; otherwise it checks by hand. */
  onRoster: boolean;
  onWithdrawn: () => void;
}

/**
 * After 申请已提交: what happens next, in the applicant's words (who decides, how they will hear), and the
 * way to take the application back while it waits.
 */
export default function NextSteps({ applicationId, unionName, onRoster, onWithdrawn }: Props) {
  const { confirm, dialog } = useConfirm();
  const { busy, submit } = useSubmit();
  const withdraw = () =>
    submit(async () => {
      const ok = await confirm({
        title: '撤回入会申请',
        lines: [`撤回后「${unionName}」不再审核这份申请。`, '如需入会，可以重新打开邀请卡片再次申请。'],
        confirmText: '撤回申请',
        danger: true,
      });
      if (!ok) return;
      await call('membership.withdrawApplication', { applicationId });
      toastSuccess('申请已撤回');
      onWithdrawn();
    });
  return (
    <View className='join-next' data-testid='join-next'>
      {dialog}
      <Text className='join-next__title'>接下来</Text>
      <Text className='join-next__step'>
        1. {onRoster ? '您的信息与单位花名册一致，' : '您不在单位花名册中，'}「{unionName}」的工作人员会
        {onRoster ? '确认' : '核实您的信息'}后通过申请。
      </Text>
      <Text className='join-next__step'>2. 审核结果会发到“我的 › 消息”，通过后即可使用电子会员证。</Text>
      <Text className='join-next__step'>3. 审核前您可以随时撤回申请。</Text>
      <Button fill='outline' type='danger' block loading={busy} className='join-next__withdraw' onClick={() => void withdraw()}>
        撤回申请
      </Button>
    </View>
  );
}
