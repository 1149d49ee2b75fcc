import { createHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

test('a demo member sees their branded union on the home page', async () => {
  const home = await h.ok(h.base.people.zhangWei, 'unions.home', {});
  expect(home.membership?.union.shortName).toBe('星火电子工会');
  expect(home.membership?.union.themeColor).toBe('#C8102E');
  expect(home.membership?.union.lineage).toEqual([
    '星城市总工会',
    '星城市东湖区总工会',
    '东湖区湖滨街道总工会',
    '星火电子科技有限公司工会委员会',
  ]);
});
