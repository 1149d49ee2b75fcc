import type { ComponentProps } from 'react';
import { Text, View } from '@tarojs/components';
import { Skeleton as NutSkeleton } from '@nutui/nutui-react-taro';
import './index.scss';

export type LoadingSkeletonProps = ComponentProps<typeof NutSkeleton>;

/**
 * Data on its way: a turning ring and 加载中… above NutUI's skeleton rows in the shape of what is coming, so a slow
 * network reads as loading rather than as an empty page. The app's `Skeleton` (src/components/nutui.ts); a shape
 * skeleton (an avatar circle, no `rows`) stays a bare shape.
 */
export default function LoadingSkeleton(props: LoadingSkeletonProps) {
  if (!props.rows) return <NutSkeleton {...props} />;
  return (
    <View className='loading'>
      <View className='loading__status'>
        <View className='loading__ring' />
        <Text className='loading__text'>加载中…</Text>
      </View>
      <NutSkeleton {...props} />
    </View>
  );
}
