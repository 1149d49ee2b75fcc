import { useMemo, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { call } from '@/api';
import { useAction } from '@/hooks/useAction';
import { useSubmit } from '@/hooks/useSubmit';
import { Button, Skeleton } from '@/components/nutui';
import LoadError from '@/components/LoadError';
import '../aid.scss';
import { withTheme } from '@/theme';

/** aid.enrolMembers takes at most this many people per call. */
const PER_CALL = 500;

/** 登记参保名单: the union's members, who is already enrolled, and enrolling the ones the officer ticks. */
function EnrolList() {
  const { planId = '', unionId = '' } = useRouter().params;
  const choices = useAction('aid.enrolChoices', { planId, unionId });
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [q, setQ] = useState('');
  const { busy, submit } = useSubmit();
  const [result, setResult] = useState<{ enrolled: number; already: number }>();
  const members = useMemo(() => choices.data?.members ?? [], [choices.data]);
  const shown = useMemo(() => members.filter((m) => !q || m.name.includes(q) || m.memberNo.includes(q)), [members, q]);

  if (choices.error) return <LoadError message={choices.error.message} onRetry={() => void choices.reload()} />;
  if (!choices.data)
    return (
      <View className='page page-body'>
        <Skeleton rows={8} animated />
      </View>
    );

  const toggle = (id: string) => {
    const next = new Set(picked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setPicked(next);
  };
  const pickAllNotEnrolled = () => setPicked(new Set(shown.filter((m) => !m.enrolled && !m.otherPlan).map((m) => m.personId)));

  const enrol = () =>
    submit(async () => {
      const ids = [...picked];
      const total = { enrolled: 0, already: 0 };
      for (let at = 0; at < ids.length; at += PER_CALL) {
        const r = await call('aid.enrolMembers', { planId, unionId, personIds: ids.slice(at, at + PER_CALL) });
        total.enrolled += r.enrolled;
        total.already += r.already;
      }
      setResult(total);
      setPicked(new Set());
      await choices.reload();
    });

  const enrolledCount = members.filter((m) => m.enrolled).length;
  return (
    <View className='page aid-enrol'>
      <View className='page-body'>
        {result ? (
          <View className='card aid-card aid-enrol__result'>
            <Text>
              本次新登记 {result.enrolled} 人{result.already ? `，${result.already} 人此前已参保` : ''}。
            </Text>
          </View>
        ) : null}
        <View className='card aid-card'>
          <Text className='section-title'>
            在册会员 {members.length} 人 · 已参保 {enrolledCount} 人
          </Text>
          <Input className='aid-enrol__search' value={q} placeholder='按姓名或会员号筛选' onInput={(e) => setQ(e.detail.value)} />
          <View className='aid-actions'>
            <Button size='small' fill='outline' className='aid-enrol__all' onClick={pickAllNotEnrolled}>
              全选未参保
            </Button>
            <Button size='small' fill='outline' onClick={() => setPicked(new Set())}>
              清空
            </Button>
          </View>
          {shown.map((m) => {
            const on = picked.has(m.personId);
            return (
              <View
                key={m.personId}
                className={`aid-row aid-enrol__member ${on ? 'aid-enrol__member--on' : ''}`}
                onClick={() => (m.enrolled || m.otherPlan ? undefined : toggle(m.personId))}
              >
                <Text className='aid-enrol__check'>{m.enrolled ? '✓' : m.otherPlan ? '–' : on ? '☑' : '☐'}</Text>
                <View className='aid-row__main'>
                  <Text className='aid-row__title'>{m.name}</Text>
                  <Text className='aid-row__sub'>会员号 {m.memberNo}</Text>
                </View>
                {m.enrolled ? <Text className='aid-tag aid-tag--success'>已参保</Text> : null}
                {m.otherPlan ? <Text className='aid-tag aid-tag--muted'>已参加「{m.otherPlan}」</Text> : null}
              </View>
            );
          })}
        </View>
        <View className='aid-actions aid-claim__footer'>
          <Button
            block
            type='primary'
            loading={busy}
            disabled={picked.size === 0}
            className='aid-enrol__submit'
            onClick={() => void enrol()}
          >
            登记参保（{picked.size} 人）
          </Button>
        </View>
      </View>
    </View>
  );
}

export default withTheme(EnrolList);
