import { Text, View } from '@tarojs/components';
import EntryList from '@/components/EntryList';
import { serviceEntries } from '@/components/entries';
import './index.scss';

const byKey = (key: string) => serviceEntries.filter((e) => e.key === key);

/** Every service, grouped by what the person is trying to do. */
export default function ServicesPage() {
  return (
    <View className='page services-page'>
      <View className='services-page__intro'>
        <Text className='services-page__title'>工会服务</Text>
        <Text className='services-page__subtitle'>办事、帮扶、参与民主管理，一站办理</Text>
      </View>
      <View className='page-body'>
        <View className='section'>
          <View className='section-title'>生活服务</View>
          <EntryList entries={byKey('booking')} />
        </View>
        <View className='section'>
          <View className='section-title'>帮扶保障</View>
          <EntryList entries={byKey('aid')} />
        </View>
        <View className='section'>
          <View className='section-title'>民主管理</View>
          <EntryList entries={byKey('congress')} />
        </View>
        <View className='section'>
          <View className='section-title'>会员事务</View>
          <EntryList entries={byKey('join')} />
        </View>
      </View>
    </View>
  );
}
