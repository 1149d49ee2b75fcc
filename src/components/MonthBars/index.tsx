import { Text, View } from '@tarojs/components';
import { barsOf } from './bars';
import './index.scss';

/**
 * A monthly trend as bars drawn with views (works alike in weapp and h5, no canvas, nothing to download): the
 * value above each bar, the month below. Hidden values (small-group suppression) read '<5'.
 */
export default function MonthBars({ title, months, values }: { title: string; months: string[]; values: (number | null)[] }) {
  return (
    <View className='month-bars'>
      <View className='month-bars__title'>{title}</View>
      <View className='month-bars__plot'>
        {barsOf(months, values).map((b) => (
          <View key={b.label} className='month-bars__col'>
            <Text className='month-bars__value'>{b.value === null ? '<5' : b.value}</Text>
            <View className='month-bars__bar' style={{ height: `${b.heightPct}%` }} />
            <Text className='month-bars__label'>{b.label}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
