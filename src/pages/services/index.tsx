import { Text, View } from '@tarojs/components';
import EntryList from '@/components/EntryList';
import { serviceEntries } from '@/components/entries';
import './index.scss';
import { withTheme } from '@/theme';

const byKey = (key: string) => serviceEntries.filter((e) => e.key === key);

/** The services grouped by what the person is trying to do: section title and entry key. */
const SECTIONS: [string, string][] = [
  ['生活服务', 'booking'],
  ['普惠活动', 'perks'],
  ['帮扶保障', 'aid'],
  ['民主管理', 'congress'],
  ['会员事务', 'join'],
];

/** Every service, grouped by what the person is trying to do. */
function ServicesPage() {
  return (
    <View className='page services-page'>
      <View className='services-page__intro'>
        <Text className='services-page__title'>工会服务</Text>
        <Text className='services-page__subtitle'>办事、帮扶、参与民主管理，一站办理</Text>
      </View>
      <View className='page-body'>
        {SECTIONS.map(([title, key]) => (
          <View className='section' key={key}>
            <View className='section-title'>{title}</View>
            <EntryList entries={byKey(key)} />
          </View>
        ))}
      </View>
    </View>
  );
}

export default withTheme(ServicesPage);
