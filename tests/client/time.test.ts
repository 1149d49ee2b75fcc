import {
  addDays,
  dayLabel,
  formatDate,
  formatDayWithWeekday,
  formatDateTime,
  formatRelative,
  formatShortDateTime,
  formatTime,
  shanghaiDate,
  shanghaiYear,
  weekdayName,
  weekdayOf,
} from '../../src/utils/time';

/** The client's one time-formatting module shows Asia/Shanghai wall-clock time whatever zone the phone is in. */
const zoneBefore = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/Los_Angeles'; // a phone far from Shanghai
});
afterAll(() => {
  if (zoneBefore === undefined) delete process.env.TZ;
  else process.env.TZ = zoneBefore;
});

// 2026-03-01 23:30 UTC is 2026-03-02 07:30 in Shanghai
const lateUtc = '2026-03-01T23:30:00.000Z';

test('dates: an instant is the Shanghai day; a calendar date is shown as written', () => {
  expect(formatDate(lateUtc)).toBe('2026年3月2日');
  expect(formatDate('2026-03-01')).toBe('2026年3月1日');
  expect(formatDate('2026-12-31')).toBe('2026年12月31日');
  expect(formatDate(null)).toBe('');
  expect(formatDate('')).toBe('');
});

test('date-times and times are Shanghai wall clock', () => {
  expect(formatDateTime(lateUtc)).toBe('2026年3月2日 07:30');
  expect(formatDateTime('2026-03-02T07:30:00+08:00')).toBe('2026年3月2日 07:30');
  expect(formatShortDateTime(lateUtc)).toBe('3月2日 07:30');
  expect(formatTime('2026-03-02T00:05:00Z')).toBe('08:05');
  expect(formatDateTime(undefined)).toBe('');
});

test('relative times', () => {
  const now = '2026-03-02T12:00:00+08:00';
  expect(formatRelative('2026-03-02T11:59:40+08:00', now)).toBe('刚刚');
  expect(formatRelative('2026-03-02T11:55:00+08:00', now)).toBe('5分钟前');
  expect(formatRelative('2026-03-02T09:00:00+08:00', now)).toBe('3小时前');
  // 00:30 Shanghai is still the previous UTC day: "yesterday" is counted in Shanghai
  expect(formatRelative('2026-03-01T16:30:00Z', '2026-03-01T18:00:00Z')).toBe('1小时前');
  expect(formatRelative('2026-03-01T23:10:00+08:00', now)).toBe('昨天 23:10');
  expect(formatRelative('2026-01-05T08:00:00+08:00', now)).toBe('1月5日 08:00');
  expect(formatRelative('2025-12-31T08:00:00+08:00', now)).toBe('2025年12月31日');
});

test('calendar days and years are Shanghai ones', () => {
  expect(shanghaiDate(lateUtc)).toBe('2026-03-02');
  expect(shanghaiYear('2026-12-31T16:30:00Z')).toBe(2027); // already new year in Shanghai
  expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
  expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  expect(addDays('2026-03-08', 7)).toBe('2026-03-15'); // across the US clock change
  expect(dayLabel('2026-03-09')).toBe('3/9');
  expect([1, 7, 8].map(weekdayName)).toEqual(['周一', '周日', '']);
  expect(['2026-12-04', '2026-12-06', '2026-12-07'].map(weekdayOf)).toEqual(['周五', '周日', '周一']);
});

test('a picked calendar day reads with its weekday, never shifted by a zone', () => {
  expect(formatDayWithWeekday('2026-03-01')).toBe('2026年3月1日 周日');
  expect(formatDayWithWeekday('2026-12-09')).toBe('2026年12月9日 周三');
});
