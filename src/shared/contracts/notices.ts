import { z } from 'zod';
import { contract } from './contract';
import { id } from './common';

/** The areas that write notices to people (站内通知); one table for all (cloudfunctions/core/notices). */
export const noticeSources = ['membership', 'aid', 'booking', 'congress', 'perks', 'platform'] as const;
export type NoticeSource = (typeof noticeSources)[number];
export const noticeSourceNames: Record<NoticeSource, string> = {
  membership: '入会',
  aid: '医疗互助',
  booking: '服务预约',
  congress: '职代会',
  perks: '普惠活动',
  platform: '系统',
};

export interface NoticeView {
  id: string;
  source: NoticeSource;
  /** What happened (application_approved, booking_confirmed, …: core/notices/store.ts). */
  kind: string;
  title: string;
  body: string;
  /** The page it opens (e.g. a published result), or null. */
  page: string | null;
  createdAt: string;
  read: boolean;
}

export interface NoticeList {
  notices: NoticeView[];
  /** Unread notices of the caller in all (not only those listed). */
  unread: number;
}

export const noticesContracts = {
  /** The caller's own notices, newest first; `source` narrows to one area. Listing does not mark them read. */
  'notices.list': contract<NoticeList>()(
    z.object({ source: z.enum(noticeSources).optional(), limit: z.number().int().min(1).max(100).default(50) }).strict(),
  ),
  /** Mark the caller's notices read: those listed in `noticeIds`, or all of them when omitted. */
  'notices.markRead': contract<{ marked: number; unread: number }>()(
    z.object({ noticeIds: z.array(id).min(1).max(100).optional() }).strict(),
  ),
};
