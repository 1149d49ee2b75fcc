import { barsOf, labelWidth, shownLabels } from '../../src/components/BarChart/bars';

test('months are labelled 1月…12月 and keep their values; a hidden or missing month is null', () => {
  expect(barsOf(['2026-01', '2026-02', '2026-03', '2026-12'], [10, 5, null]).map((b) => [b.label, b.value])).toEqual([
    ['1月', 10],
    ['2月', 5],
    ['3月', null],
    ['12月', null],
  ]);
});

test('twelve month labels all show where they fit, and every other one on a narrow phone', () => {
  const months = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);
  expect(labelWidth('10月', 10)).toBeCloseTo(22);
  expect(shownLabels(months, 311, 10)).toEqual(months); // 375 px phone: 26 px a column
  expect(shownLabels(months, 256, 10)).toEqual(['1月', '', '3月', '', '5月', '', '7月', '', '9月', '', '11月', '']); // 320 px
});
