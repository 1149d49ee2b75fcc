import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { accentStyle, type Entry } from '../entries';
import './index.scss';

export interface EntryGridProps {
  entries: Entry[];
}

/** Quick entries as a row of coloured icon tiles with their titles; tapping one opens its page. */
export default function EntryGrid({ entries }: EntryGridProps) {
  return (
    <View className='entry-grid card'>
      {entries.map((entry) => (
        <View
          key={entry.key}
          className='entry-grid__item'
          data-entry={entry.key}
          onClick={() => void Taro.navigateTo({ url: entry.url })}
        >
          <View className='entry-grid__icon' style={accentStyle(entry.color)}>
            {entry.icon}
          </View>
          <Text className='entry-grid__title'>{entry.title}</Text>
        </View>
      ))}
    </View>
  );
}
