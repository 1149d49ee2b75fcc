/** Asia/Shanghai (UTC+8, no DST) wall-clock text of an ISO instant, whatever the phone's own zone. */
const sh = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000);
const two = (n: number) => String(n).padStart(2, '0');

export const shTime = (iso: string): string => `${two(sh(iso).getUTCHours())}:${two(sh(iso).getUTCMinutes())}`;
export const shDateTime = (iso: string): string => `${sh(iso).getUTCMonth() + 1}月${sh(iso).getUTCDate()}日 ${shTime(iso)}`;
export const shToday = (): string => sh(new Date().toISOString()).toISOString().slice(0, 10);

const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
export const weekdayName = (isoWeekday: number): string => WEEKDAYS[isoWeekday] ?? '';
export const dayLabel = (date: string): string => `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}`;

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A fresh id per tap, reused by a retry of the same tap: the server returns the booking it made. */
export const newRequestId = (): string => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
