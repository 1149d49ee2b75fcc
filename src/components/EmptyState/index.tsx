import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { Tips } from '@nutui/icons-react-taro';
import './index.scss';

export interface EmptyStateProps {
  title: string;
  description?: string;
  icon?: ReactNode;
  /** Usually a button that resolves the emptiness (e.g. 入会). */
  action?: ReactNode;
}

/** Nothing to show yet: an icon, a sentence saying why, and optionally what to do about it. */
export default function EmptyState({ title, description, icon, action }: EmptyStateProps) {
  return (
    <View className='empty-state'>
      <View className='empty-state__icon'>{icon ?? <Tips size={28} color='currentColor' />}</View>
      <Text className='empty-state__title'>{title}</Text>
      {description ? <Text className='empty-state__desc'>{description}</Text> : null}
      {action ? <View className='empty-state__action'>{action}</View> : null}
    </View>
  );
}
