import type { CSSProperties, ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { UnionBrand } from '@shared/contracts/unions';
import { readableOn } from '@/utils/format';
import { themeOr } from '@/theme';
import UnionBadge from '../UnionBadge';
import './index.scss';

export interface UnionHeaderProps {
  /** The union whose branding to show; null shows the app's own header (not yet a member). */
  union: UnionBrand | null;
  /** Shown under the header, overlapping its lower edge (e.g. the member card). */
  children?: ReactNode;
}

/**
 * The branded top of a page: the union's theme colour as background, its logo or initials, its
 * display name and slogan, and where it sits in the union tree (市总工会 › 区总工会 › 本工会).
 */
export default function UnionHeader({ union, children }: UnionHeaderProps) {
  const theme = themeOr(union?.themeColor);
  const ink = readableOn(theme);
  const style = { backgroundColor: theme, color: ink } as CSSProperties;
  const showFullName = union && union.name !== union.shortName;

  return (
    <View className='union-header-wrap'>
      <View className='union-header' style={style} data-theme={theme}>
        <View className='union-header__glow' />
        <View className='union-header__main'>
          <UnionBadge name={union?.shortName ?? '掌上工会'} logoUrl={union?.logoUrl} color={theme} />
          <View className='union-header__titles'>
            <Text className='union-header__name'>{union?.shortName ?? '掌上工会'}</Text>
            {showFullName ? <Text className='union-header__fullname'>{union.name}</Text> : null}
            {!union ? <Text className='union-header__fullname'>职工身边的工会服务</Text> : null}
          </View>
        </View>
        {union && union.lineage.length > 1 ? (
          <View className='union-header__lineage'>
            {union.lineage.map((name, i) => (
              <Text key={`${i}-${name}`} className='union-header__lineage-item'>
                {i > 0 ? <Text className='union-header__lineage-sep'>›</Text> : null}
                {name}
              </Text>
            ))}
          </View>
        ) : null}
        {union?.slogan ? <Text className='union-header__slogan'>“{union.slogan}”</Text> : null}
      </View>
      {children ? <View className='union-header__overlap'>{children}</View> : null}
    </View>
  );
}
