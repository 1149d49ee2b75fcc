import { Text, View } from '@tarojs/components';
import { membershipStatusName } from '@/utils/format';
import { formatDate } from '@/utils/time';
import RoleTags from '../RoleTags';
import './index.scss';

export interface MemberCardProps {
  personName: string;
  memberNo: string;
  status: string;
  joinedAt: string | null;
  /** Chinese role names held in this union. */
  roleNames: string[];
  /** Tapping the card opens this (the e-card); a chevron line says so. */
  onOpen?: () => void;
}

/** The member's own card: name, membership status, member number and date joined, roles held. */
export default function MemberCard({ personName, memberNo, status, joinedAt, roleNames, onOpen }: MemberCardProps) {
  return (
    <View className={`member-card card${onOpen ? ' member-card--link' : ''}`} onClick={onOpen}>
      <View className='member-card__top'>
        <Text className='member-card__name'>{personName}</Text>
        <Text className={`member-card__status member-card__status--${status}`}>{membershipStatusName(status)}</Text>
      </View>
      <View className='member-card__facts'>
        <View className='member-card__fact'>
          <Text className='member-card__label'>会员号</Text>
          <Text className='member-card__value member-card__value--mono'>{memberNo}</Text>
        </View>
        {joinedAt ? (
          <View className='member-card__fact'>
            <Text className='member-card__label'>入会时间</Text>
            <Text className='member-card__value'>{formatDate(joinedAt)}</Text>
          </View>
        ) : null}
      </View>
      {roleNames.length > 0 ? (
        <View className='member-card__roles'>
          <RoleTags names={roleNames} />
        </View>
      ) : null}
      {onOpen ? <Text className='member-card__open'>电子会员证 ›</Text> : null}
    </View>
  );
}
