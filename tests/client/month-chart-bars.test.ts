import { barsOf } from '../../src/components/MonthChart/bars';

test('bars are scaled to the tallest month; a hidden month draws nothing; labels are months', () => {
  const bars = barsOf(['2026-01', '2026-02', '2026-03', '2026-12'], [10, 5, null, 0]);
  expect(bars.map((b) => [b.label, b.value, b.heightPct])).toEqual([
    ['1月', 10, 100],
    ['2月', 5, 50],
    ['3月', null, 0],
    ['12月', 0, 0],
  ]);
  expect(barsOf(['2026-01'], [0])[0].heightPct).toBe(0);
  expect(barsOf(['2026-01', '2026-02'], [1000, 1])[1].heightPct).toBe(2);
});
