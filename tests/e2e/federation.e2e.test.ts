import { canRunE2e, useStage, screenshot, signInAs } from './support';

const suite = canRunE2e() ? describe : describe.skip;
jest.setTimeout(120_000);

suite('federation home, drill-down and member directory (h5, phone)', () => {
  const stage = useStage();

  it('陈静 (district federation admin) sees her federation, drills down to a union and opens its directory', async () => {
    const { page } = stage.browser;
    await signInAs(page, stage.gateway.url, '陈静');

    // home: her federation, not "您还未加入工会"
    const card = page.locator('.federation-card');
    await card.waitFor({ state: 'visible' });
    await expect(card.locator('.federation-card__title').textContent()).resolves.toBe('东湖区总工会');
    await expect(page.getByText('您还未加入工会').count()).resolves.toBe(0);
    await card.locator('.federation-card__child').first().waitFor({ state: 'visible' });
    await screenshot(page, 'federation-home.png');

    // 数据驾驶舱 of the district → its street → a grassroots union
    await card.locator('.federation-card__open').click();
    await page.waitForURL(/#\/pages\/federation\/overview\/index/);
    await expect(page.locator('.fed-overview__name').textContent()).resolves.toBe('东湖区总工会');
    await page.locator('.fed-child').filter({ hasText: '湖滨街道工会' }).click();
    await page.locator('.fed-overview__name', { hasText: '湖滨街道工会' }).waitFor({ state: 'visible' });
    await page.locator('.fed-child').filter({ hasText: '星火电子工会' }).click();
    await page.locator('.fed-overview__name', { hasText: '星火电子工会' }).waitFor({ state: 'visible' });
    await page.locator('.month-bars').last().waitFor({ state: 'visible' });
    await screenshot(page, 'federation-overview.png');

    // the union's member directory: search by name, open the member
    await page.locator('.fed-overview__directory').click();
    await page.waitForURL(/#\/pages\/unions\/members\/index/);
    await page.locator('.member-row').first().waitFor({ state: 'visible' });
    await page.locator('.members-page__input input').fill('张伟');
    await page.locator('.members-page__go').click();
    await page.locator('.member-row', { hasText: '张伟' }).waitFor({ state: 'visible' });
    await expect(page.locator('.member-row').count()).resolves.toBe(1);
    await screenshot(page, 'federation-directory.png');
    await page.locator('.member-row', { hasText: '张伟' }).click();
    await page.waitForURL(/#\/pages\/unions\/member\/index/);
    await page.locator('.member-history').first().waitFor({ state: 'visible' });
    await expect(page.locator('.member-page__name').textContent()).resolves.toBe('张伟');
  });
});
