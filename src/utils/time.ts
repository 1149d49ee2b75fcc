import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

/**
 * The one place the client turns times into text: every page shows Asia/Shanghai wall-clock time, whatever zone
 * the phone is set to. Shanghai has been UTC+8 without daylight saving since 1991, so a fixed offset is exact and
 * needs no Intl time-zone data (which some mini-program engines lack).
 */
const SHANGHAI_OFFSET_MINUTES = 8 * 60;

type When = string | number | Date;

/** An instant (default: now) on the Shanghai wall clock. */
export const shanghai = (t?: When): dayjs.Dayjs => dayjs(t).utcOffset(SHANGHAI_OFFSET_MINUTES);

/** A calendar date ('2026-03-01') is a day, not an instant: it is shown as written, never shifted by a zone. */
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const wall = (t: When): dayjs.Dayjs => (typeof t === 'string' && CALENDAR_DATE.test(t) ? dayjs.utc(t) : shanghai(t));

/** '2026年3月1日' — for a calendar date or an instant; '' for nothing. */
export const formatDate = (t: When | null | undefined): string => (t == null || t === '' ? '' : wall(t).format('YYYY年M月D日'));

/** '2026年3月1日 08:05' */
export const formatDateTime = (t: When | null | undefined): string =>
  t == null || t === '' ? '' : shanghai(t).format('YYYY年M月D日 HH:mm');

/** '3月1日 08:05' — within the current year's context (booking windows, deadlines). */
export const formatShortDateTime = (t: When | null | undefined): string =>
  t == null || t === '' ? '' : shanghai(t).format('M月D日 HH:mm');

/** '08:05' */
export const formatTime = (t: When): string => shanghai(t).format('HH:mm');

/** How long ago, for lists of recent things: 刚刚 / 5分钟前 / 3小时前 / 昨天 08:05 / 3月1日 08:05 / 2025年3月1日. */
export function formatRelative(t: When, now: When = Date.now()): string {
  const at = shanghai(t);
  const ref = shanghai(now);
  const minutes = ref.diff(at, 'minute');
  if (minutes < 1) return '刚刚';
  if (minutes < 60) return `${minutes}分钟前`;
  if (at.isSame(ref, 'day')) return `${ref.diff(at, 'hour')}小时前`;
  if (at.isSame(ref.subtract(1, 'day'), 'day')) return `昨天 ${at.format('HH:mm')}`;
  if (at.isSame(ref, 'year')) return at.format('M月D日 HH:mm');
  return at.format('YYYY年M月D日');
}

/** Today's (or the instant's) calendar date in Shanghai, '2026-03-01' — what date inputs and the server's days use. */
export const shanghaiDate = (t?: When): string => shanghai(t).format('YYYY-MM-DD');

/** The year in Shanghai now (a phone elsewhere may already be in the next one). */
export const shanghaiYear = (t?: When): number => shanghai(t).year();

/** A calendar date moved by whole days: addDays('2026-02-27', 2) = '2026-03-01'. */
export const addDays = (date: string, days: number): string => dayjs.utc(date).add(days, 'day').format('YYYY-MM-DD');

/** '3/1' — a calendar date in a tight day strip. */
export const dayLabel = (date: string): string => dayjs.utc(date).format('M/D');

const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
/** ISO weekday (1 = Monday … 7 = Sunday) → 周一 … 周日. */
export const weekdayName = (isoWeekday: number): string => WEEKDAYS[isoWeekday] ?? '';

/** 周一…周日 of a calendar date (YYYY-MM-DD). */
export const weekdayOf = (date: string): string => weekdayName(dayjs.utc(date).day() || 7);

/** '2026年3月1日 周日' — a calendar date as a date picker shows what was picked. */
export const formatDayWithWeekday = (date: string): string => `${formatDate(date)} ${weekdayOf(date)}`;
