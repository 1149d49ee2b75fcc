import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ArrowRight } from '@nutui/icons-react-taro';
import { accentStyle, type Entry } from '../entries';
import './index.scss';

export interface EntryListProps {
  entries: Entry[];
}

/** Entries as a card of rows (icon, title, one line of explanation, chevron); tapping one opens its page. */
export default function EntryList({ entries }: EntryListProps) {
  return (
    <View className='entry-list card'>
      {entries.map((entry) => (
        <View
          key={entry.key}
          className='entry-list__row'
          data-entry={entry.key}
          onClick={() => void Taro.navigateTo({ url: entry.url })}
        >
          <View className='entry-list__icon' style={accentStyle(entry.color)}>
            {entry.icon}
          </View>
          <View className='entry-list__text'>
            <Text className='entry-list__title'>{entry.title}</Text>
            <Text className='entry-list__desc'>{entry.description}</Text>
          </View>
          {entry.badge ? <Text className='entry-list__badge'>{entry.badge > 99 ? '99+' : entry.badge}</Text> : null}
          <ArrowRight className='entry-list__chevron' size={14} color='#c0c4cc' />
        </View>
      ))}
    </View>
  );
}
