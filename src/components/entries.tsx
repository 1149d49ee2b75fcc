import type { ReactNode } from 'react';
import { Clock, Comment, Heart, UserAdd } from '@nutui/icons-react-taro';

/** A place the person can go: title, a line of explanation, an icon and its accent colour. */
export interface Entry {
  key: string;
  title: string;
  description: string;
  url: string;
  icon: ReactNode;
  /** Accent colour of the icon tile. */
  color: string;
}

const icon = (Glyph: typeof Clock) => <Glyph size={22} color='currentColor' />;

/** The union services every member sees, in the order they are shown. */
export const serviceEntries: Entry[] = [
  { key: 'join', title: '入会', description: '申请加入工会，办理会员关系', url: '/pages/membership/join/index', icon: icon(UserAdd), color: '#c8102e' },
  { key: 'aid', title: '互助金', description: '医疗互助、困难帮扶申请与进度', url: '/pages/aid/index/index', icon: icon(Heart), color: '#f08c00' },
  { key: 'congress', title: '职代会', description: '职工代表大会、提案与表决', url: '/pages/congress/index/index', icon: icon(Comment), color: '#2f6fde' },
  { key: 'booking', title: '服务预约', description: '职工之家、法律咨询等服务时段预约', url: '/pages/booking/index/index', icon: icon(Clock), color: '#1f9d55' },
];
