import { Text, View } from '@tarojs/components';
import './index.scss';

export interface PersonAvatarProps {
  name: string;
  size?: 'md' | 'lg';
}

/** A person's initials in a round tinted avatar (张伟 → 张伟, 欧阳娜娜 → 娜娜). */
export default function PersonAvatar({ name, size = 'md' }: PersonAvatarProps) {
  const initials = /^[\u4e00-\u9fa5]+$/.test(name) ? name.slice(-2) : name.slice(0, 1).toUpperCase();
  return (
    <View className={`person-avatar person-avatar--${size}`}>
      <Text>{initials}</Text>
    </View>
  );
}
