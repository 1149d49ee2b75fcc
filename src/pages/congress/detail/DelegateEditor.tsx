import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { call } from '@/api';
import { useAction } from '@/hooks/useAction';
import { useSubmit } from '@/hooks/useSubmit';
import { Button } from '@/components/nutui';
import { toastSuccess } from '@/utils/toast';

/**
 * 调整代表名单 (chairs, until the first vote opens): the union's members with the delegates marked; tap a name to add
 * or remove, then 保存. Delegates who stay keep their check-in; the quorum follows the new list.
 */
export default function DelegateEditor({
  congressId,
  unionId,
  onSaved,
}: {
  congressId: string;
  unionId: string;
  onSaved: () => void;
}) {
  const [open, setOpen] = useState(false);
  const members = useAction('congress.memberChoices', { unionId }, { enabled: open });
  const current = useAction('congress.delegates', { congressId }, { enabled: open });
  const [chosen, setChosen] = useState<Set<string> | null>(null);
  const [query, setQuery] = useState('');
  const { busy, errors, submit } = useSubmit();

  if (!open)
    return (
      <Button fill='outline' className='cg-edit-delegates' onClick={() => setOpen(true)}>
        调整代表名单
      </Button>
    );
  const picked = chosen ?? new Set((current.data?.delegates ?? []).map((d) => d.personId));
  const shown = (members.data?.members ?? []).filter((m) => !query || m.name.includes(query) || m.memberNo.includes(query));
  const toggle = (personId: string) => {
    const next = new Set(picked);
    if (next.has(personId)) next.delete(personId);
    else next.add(personId);
    setChosen(next);
  };
  const save = () =>
    submit(async () => {
      const out = await call('congress.saveDelegates', { congressId, delegates: [...picked] });
      toastSuccess(`代表名单已保存（${out.delegates.length} 人）`);
      setOpen(false);
      setChosen(null);
      onSaved();
    });

  return (
    <View className='cg-subcard cg-delegate-editor' data-testid='delegate-editor'>
      <Text className='cg-card__title'>调整代表名单（已选 {picked.size} 人）</Text>
      <Text className='cg-muted'>点姓名选入或移出代表；第一项表决开始后名单不能再调整。留下的代表保留签到。</Text>
      <Input className='cg-input' placeholder='按姓名或会员号查找' value={query} onInput={(e) => setQuery(e.detail.value)} />
      <View className='cg-members'>
        {shown.map((m) => (
          <Text
            key={m.personId}
            className={`cg-mark ${picked.has(m.personId) ? 'cg-mark--on' : ''}`}
            data-member={m.name}
            onClick={() => toggle(m.personId)}
          >
            {m.name}
          </Text>
        ))}
      </View>
      {errors.delegates ? <Text className='cg-field-error'>{errors.delegates}</Text> : null}
      <View className='cg-actions'>
        <Button
          type='primary'
          loading={busy}
          disabled={picked.size === 0}
          className='cg-save-delegates'
          onClick={() => void save()}
        >
          保存名单
        </Button>
        <Button fill='outline' onClick={() => (setOpen(false), setChosen(null))}>
          取消
        </Button>
      </View>
    </View>
  );
}
