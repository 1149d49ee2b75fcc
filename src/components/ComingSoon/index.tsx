import { View } from '@tarojs/components';
import { Clock } from '@nutui/icons-react-taro';
import EmptyState from '../EmptyState';

export interface ComingSoonProps {
  title: string;
}

/** A page whose feature is not open yet: its title and 即将开放. */
export default function ComingSoon({ title }: ComingSoonProps) {
  return (
    <View className='page'>
      <View className='page-body' style={{ paddingTop: '24px' }}>
        <View className='card'>
          <EmptyState title={title} description='即将开放' icon={<Clock size={28} color='currentColor' />} />
        </View>
      </View>
    </View>
  );
}
