import { Input, Text, View } from '@tarojs/components';
import { useAction } from '@/hooks/useAction';

/**
 * 名额分配 while publishing to the subtree: the unions below the publisher, each with a box for its places (empty =
 * no share). With no places filled in, the activity is one pool for every member below. `value` maps a union to
 * the places typed; the server refuses a union inside another one that has a share.
 */
export default function QuotaEditor({
  unionId,
  value,
  onChange,
  error,
}: {
  unionId: string;
  value: Record<string, string>;
  onChange: (next: Record<string, string>) => void;
  error?: string;
}) {
  const tree = useAction('unions.tree', { unionId });
  const nodes = tree.data?.nodes ?? [];
  const parentOf = new Map(nodes.map((n) => [n.id, n.parentId]));
  const depth = (id: string): number => {
    let d = 0;
    for (let p = parentOf.get(id); p && p !== unionId; p = parentOf.get(p)) d++;
    return d;
  };
  const below = nodes.filter((n) => n.id !== unionId);
  if (!below.length) return null; // nothing below this union to share places with
  const shared = Object.values(value).reduce((sum, v) => sum + (Number(v) || 0), 0);
  return (
    <View className='perks-quota-editor'>
      <Text className='pk-muted'>名额分配（可不填：不填则下级工会会员共用名额；填写后仅所列工会的会员可报名）</Text>
      {below.map((n) => (
        <View key={n.id} className='pk-row perks-quota-row' data-union={n.name}>
          <Text className='perks-quota-name' style={{ paddingLeft: `${depth(n.id) * 12}px` }}>
            {n.name}
          </Text>
          <Input
            className='pk-input pk-input--narrow perks-quota-places'
            type='number'
            placeholder='名额'
            value={value[n.id] ?? ''}
            onInput={(e) => onChange({ ...value, [n.id]: e.detail.value })}
          />
        </View>
      ))}
      {shared > 0 ? <Text className='pk-muted perks-quota-total'>已分配 {shared} 个名额</Text> : null}
      {error ? <Text className='pk-muted'>{error}</Text> : null}
    </View>
  );
}

/** The places typed in the editor as the contract's quotas (blank and zero boxes left out). */
export const quotasOf = (value: Record<string, string>) =>
  Object.entries(value)
    .filter(([, v]) => v.trim() !== '' && Number(v) !== 0)
    .map(([unionId, v]) => ({ unionId, places: Number(v) }));
