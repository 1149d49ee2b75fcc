import { Text, View } from '@tarojs/components';
import './index.scss';

export interface RoleTagsProps {
  /** Chinese role names, e.g. 工会主席, 财务. */
  names: string[];
}

/** A person's roles as small tinted pills; nothing when there are none. */
export default function RoleTags({ names }: RoleTagsProps) {
  if (names.length === 0) return null;
  return (
    <View className='role-tags'>
      {names.map((name) => (
        <Text key={name} className='role-tags__tag'>
          {name}
        </Text>
      ))}
    </View>
  );
}
