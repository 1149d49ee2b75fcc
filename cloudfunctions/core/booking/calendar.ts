import type { TemplateWindow } from '@shared/contracts/booking';
import { shanghai } from '../clock';

/**
 * Calendar rules of booking, pure and in Asia/Shanghai wall-clock time. Shanghai has kept UTC+8 without
 * daylight saving since 1991, so a wall-clock time maps to exactly one instant: `${date}T${hh:mm}:00+08:00`.
 */
const OFFSET = '+08:00';

export const atShanghai = (date: string, hhmm: string): Date => new Date(`${date}T${hhmm}:00${OFFSET}`);

/** YYYY-MM-DD of an instant in Shanghai. */
export const shanghaiDate = (t: Date): string => shanghai(t).format('YYYY-MM-DD');

/** "12:20" of an instant in Shanghai. */
export const shanghaiTime = (t: Date): string => shanghai(t).format('HH:mm');

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export const isoWeekday = (date: string): number => {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
};

export const addDays = (date: string, days: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** Monday of the week holding `date`. */
export const mondayOf = (date: string): string => addDays(date, 1 - isoWeekday(date));

/** Monday (Shanghai) of the week holding the instant. */
export const weekStartOf = (t: Date): string => mondayOf(shanghaiDate(t));

export interface ReleaseRule {
  releaseWeekday: number;
  releaseTime: string;
  releaseWeeksAhead: number;
}

/**
 * When the slots of the week starting `weekStart` open: on `releaseWeekday` at `releaseTime` of the week
 * `releaseWeeksAhead` weeks before (e.g. next week's slots every Monday 12:00 → weeksAhead 1, Monday, 12:00).
 */
export function releaseInstant(rule: ReleaseRule, weekStart: string): Date {
  const day = addDays(weekStart, -7 * rule.releaseWeeksAhead + (rule.releaseWeekday - 1));
  return atShanghai(day, rule.releaseTime);
}

export interface PlannedSlot {
  date: string;
  startsAt: Date;
  endsAt: Date;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmmOf = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The slots a template yields in one week: back to back from each window's start, only whole slots. */
export function planWeek(template: TemplateWindow[], slotMinutes: number, weekStart: string): PlannedSlot[] {
  const out: PlannedSlot[] = [];
  const seen = new Set<number>();
  for (const w of [...template].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start))) {
    const date = addDays(weekStart, w.weekday - 1);
    for (let m = minutesOf(w.start); m + slotMinutes <= minutesOf(w.end); m += slotMinutes) {
      const startsAt = atShanghai(date, hhmmOf(m));
      if (seen.has(startsAt.getTime())) continue; // overlapping windows yield a slot once
      seen.add(startsAt.getTime());
      out.push({ date, startsAt, endsAt: new Date(startsAt.getTime() + slotMinutes * 60_000) });
    }
  }
  return out.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

export { formatShanghai, iso } from '../clock';

/** An instant as a SQL parameter (cast with `::timestamptz`). */
export const ts = (t: Date): string => t.toISOString();
