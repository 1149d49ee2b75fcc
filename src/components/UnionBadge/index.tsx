import { Image, Text, View } from '@tarojs/components';
import { initialsOf } from '@/utils/format';
import './index.scss';

export interface UnionBadgeProps {
  name: string;
  logoUrl?: string | null;
  /** Colour of the initials; the badge itself is white so it sits well on any theme colour. */
  color?: string;
  size?: 'md' | 'lg';
}

/** A union's logo, or its initials (星火电子工会 → 星火) in a round badge when it has no logo. */
export default function UnionBadge({ name, logoUrl, color, size = 'lg' }: UnionBadgeProps) {
  return (
    <View className={`union-badge union-badge--${size}`}>
      {logoUrl ? (
        <Image className='union-badge__logo' src={logoUrl} mode='aspectFill' />
      ) : (
        <Text className='union-badge__initials' style={color ? { color } : undefined}>
          {initialsOf(name)}
        </Text>
      )}
    </View>
  );
}
