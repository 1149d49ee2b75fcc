import { barsOf } from '../../src/components/BarChart/bars';

test('months are labelled 1月…12月 and keep their values; a hidden or missing month is null', () => {
  expect(barsOf(['2026-01', '2026-02', '2026-03', '2026-12'], [10, 5, null]).map((b) => [b.label, b.value])).toEqual([
    ['1月', 10],
    ['2月', 5],
    ['3月', null],
    ['12月', null],
  ]);
});
