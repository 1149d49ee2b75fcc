import { congressPhase } from '@shared/domain/congress/phase';

// Issue 13: a meeting on 12月9日 is not 进行中 on 12月2日.
const at = (s: string) => new Date(s);
const dec9 = { status: 'checkin', startsAt: '2026-12-09T01:30:00Z' }; // 09:30 in Shanghai

test('before the day: upcoming, with the date', () => {
  expect(congressPhase(dec9, at('2026-12-02T03:00:00Z'))).toEqual({ phase: 'upcoming', label: '12月9日召开' });
  // 23:59 on 12月8日 in Shanghai is still the day before
  expect(congressPhase(dec9, at('2026-12-08T15:59:00Z')).phase).toBe('upcoming');
});

test('on the day (Shanghai) and after, until it is closed: 进行中; closed: 已闭幕', () => {
  expect(congressPhase(dec9, at('2026-12-08T16:00:00Z'))).toEqual({ phase: 'today', label: '进行中' });
  expect(congressPhase(dec9, at('2026-12-10T02:00:00Z')).label).toBe('进行中');
  expect(congressPhase({ ...dec9, status: 'ended' }, at('2026-12-02T03:00:00Z')).label).toBe('已闭幕');
});
