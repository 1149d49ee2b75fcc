import type { CSSProperties, ReactNode } from 'react';
import { Clock, Comment, Gift, Heart, Order, Scan, Setting, User, UserAdd } from '@nutui/icons-react-taro';
import type { Role } from '@shared/contracts/unions';

/** A place the person can go: title, a line of explanation, an icon and its accent colour. */
export interface Entry {
  key: string;
  title: string;
  description: string;
  url: string;
  icon: ReactNode;
  /** Accent colour of the icon tile: a hex colour, or THEME for the union's own colour. */
  color: string;
  /** A count shown beside the chevron when above 0 (e.g. unread notices). */
  badge?: number;
}

const icon = (Glyph: typeof Clock) => <Glyph size={22} color='currentColor' />;

/** The accent of the union's own entries (入会, 会员管理, 消息通知): its theme colour, not a fixed red. */
export const THEME = 'theme';

/** An entry's icon tile colours: the accent and a pale tint of it behind. */
export const accentStyle = (color: string): CSSProperties =>
  color === THEME
    ? { color: 'var(--union-theme, #c8102e)', backgroundColor: 'var(--union-theme-soft, #fae7ea)' }
    : { color, backgroundColor: `${color}14` };

/** The union services every member sees, in the order they are shown. */
export const serviceEntries: Entry[] = [
  {
    key: 'join',
    title: '入会',
    description: '申请加入工会，办理会员关系',
    url: '/pages/membership/join/index',
    icon: icon(UserAdd),
    color: THEME,
  },
  {
    key: 'aid',
    title: '互助金',
    description: '医疗互助、困难帮扶申请与进度',
    url: '/pages/aid/index/index',
    icon: icon(Heart),
    color: '#f08c00',
  },
  {
    key: 'congress',
    title: '职代会',
    description: '职工代表大会、提案与表决',
    url: '/pages/congress/index/index',
    icon: icon(Comment),
    color: '#2f6fde',
  },
  {
    key: 'booking',
    title: '服务预约',
    description: '职工之家、法律咨询等服务时段预约',
    url: '/pages/booking/index/index',
    icon: icon(Clock),
    color: '#1f9d55',
  },
  {
    key: 'perks',
    title: '普惠',
    description: '活动报名、抢券、积分',
    url: '/pages/perks/index/index',
    icon: icon(Gift),
    color: '#e8590c',
  },
];

/** A desk entry for people who hold a union role: shown only to the roles that can act there. */
export interface DeskEntry extends Entry {
  roles: Role[];
}

/** The officers' and staff's work desk (工会工作台), in the order they are shown. */
export const deskEntries: DeskEntry[] = [
  {
    key: 'members',
    title: '会员管理',
    description: '名册导入、入会邀请与审批',
    url: '/pages/membership/manage/index',
    icon: icon(User),
    color: THEME,
    roles: ['chair', 'vice_chair', 'finance', 'federation_admin'],
  },
  {
    key: 'aidReview',
    title: '互助金审核',
    description: '审核、审批与打款',
    url: '/pages/aid/review/index',
    icon: icon(Order),
    color: '#f08c00',
    roles: ['chair', 'vice_chair', 'finance', 'federation_admin'],
  },
  {
    key: 'congressDesk',
    title: '职代会管理',
    description: '召开会议、开启表决、公布结果',
    url: '/pages/congress/index/index',
    icon: icon(Comment),
    color: '#2f6fde',
    roles: ['chair', 'vice_chair'],
  },
  {
    key: 'officers',
    title: '职务任免',
    description: '任命、撤销副主席、财务等职务',
    url: '/pages/unions/officers/index',
    icon: icon(User),
    color: '#7a3ff2',
    roles: ['chair'],
  },
  {
    key: 'serviceDesk',
    title: '服务排班',
    description: '排班、扫码签到、爽约登记',
    url: '/pages/booking/staff/index',
    icon: icon(Scan),
    color: '#1f9d55',
    roles: ['service_staff', 'chair', 'vice_chair', 'finance'],
  },
  {
    key: 'perksDesk',
    title: '普惠管理',
    description: '发布活动与抽签、签到、发券、积分、核销',
    url: '/pages/perks/manage/index',
    icon: icon(Gift),
    color: '#e8590c',
    roles: ['chair', 'vice_chair', 'federation_admin', 'service_staff'],
  },
  {
    key: 'overview',
    title: '数据驾驶舱',
    description: '会员、互助、职代会与服务数据',
    url: '/pages/federation/overview/index',
    icon: icon(Order),
    color: '#2f6fde',
    roles: ['federation_admin', 'chair', 'vice_chair'],
  },
  {
    key: 'directory',
    title: '会员花名册',
    description: '查找会员、会籍记录与导出',
    url: '/pages/unions/members/index',
    icon: icon(User),
    color: THEME,
    roles: ['chair', 'vice_chair', 'finance'],
  },
  {
    key: 'wecomPlatform',
    title: '企业微信接入',
    description: '接入企业、配置问题处理',
    url: '/pages/unions/platform/index',
    icon: icon(Setting),
    color: '#2f6fde',
    roles: ['federation_admin'],
  },
];

/** The desk entries a person with these roles can use. */
export const deskEntriesFor = (roles: readonly Role[]): DeskEntry[] =>
  deskEntries.filter((e) => e.roles.some((r) => roles.includes(r)));
