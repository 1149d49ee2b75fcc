import {
  addDays,
  atShanghai,
  isoWeekday,
  mondayOf,
  planWeek,
  releaseInstant,
  weekStartOf,
} from '../../cloudfunctions/core/booking/calendar';
import { serviceRules } from '@shared/contracts/booking';

describe('booking calendar (Asia/Shanghai)', () => {
  test('weeks start on Monday in Shanghai, whatever the UTC date', () => {
    // Sunday 2026-11-22 23:30 UTC is already Monday 07:30 in Shanghai
    expect(weekStartOf(new Date('2026-11-22T23:30:00Z'))).toBe('2026-11-23');
    expect(weekStartOf(new Date('2026-11-22T15:59:59Z'))).toBe('2026-11-16');
    expect(mondayOf('2026-11-29')).toBe('2026-11-23');
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  test('next week opens on Monday 12:00 Shanghai of the week before', () => {
    const rule = { releaseWeekday: 1, releaseTime: '12:00', releaseWeeksAhead: 1 };
    expect(releaseInstant(rule, '2026-11-30').toISOString()).toBe('2026-11-23T04:00:00.000Z');
    expect(releaseInstant({ ...rule, releaseWeekday: 5, releaseTime: '20:00' }, '2026-11-30').toISOString()).toBe(
      '2026-11-27T12:00:00.000Z',
    );
    expect(releaseInstant({ ...rule, releaseWeeksAhead: 0 }, '2026-11-30').toISOString()).toBe('2026-11-30T04:00:00.000Z');
  });

  test('a template yields whole back-to-back slots only', () => {
    const plan = planWeek(
      [
        { weekday: 1, start: '12:00', end: '13:30' },
        { weekday: 1, start: '17:30', end: '19:00' },
        { weekday: 3, start: '09:00', end: '09:50' },
      ],
      20,
      '2026-11-23',
    );
    expect(plan.map((p) => `${p.date} ${p.startsAt.toISOString().slice(11, 16)}`)).toEqual([
      '2026-11-23 04:00',
      '2026-11-23 04:20',
      '2026-11-23 04:40',
      '2026-11-23 05:00',
      '2026-11-23 09:30',
      '2026-11-23 09:50',
      '2026-11-23 10:10',
      '2026-11-23 10:30',
      '2026-11-25 01:00',
      '2026-11-25 01:20',
    ]);
    expect(plan[0].endsAt.getTime() - plan[0].startsAt.getTime()).toBe(20 * 60_000);
    expect(atShanghai('2026-11-23', '00:10').toISOString()).toBe('2026-11-22T16:10:00.000Z');
  });

  test('overlapping windows yield each slot once', () => {
    const plan = planWeek(
      [
        { weekday: 2, start: '10:00', end: '11:00' },
        { weekday: 2, start: '10:30', end: '11:00' },
      ],
      30,
      '2026-11-23',
    );
    expect(plan).toHaveLength(2);
  });

  test('rules are validated with Chinese messages', () => {
    const bad = serviceRules.safeParse({
      slotMinutes: 20,
      capacity: 0,
      template: [{ weekday: 8, start: '13:00', end: '12:00' }],
      releaseWeekday: 1,
      releaseTime: '25:00',
      releaseWeeksAhead: 1,
      weeklyLimit: 1,
      cancelMinutesBefore: 60,
      noShowLimit: 2,
      noShowWindowDays: 30,
      suspendDays: 14,
    });
    expect(bad.success).toBe(false);
    const paths = bad.success ? [] : bad.error.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['capacity', 'template.0.weekday', 'releaseTime']));
  });
});
