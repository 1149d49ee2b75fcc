import { canRunE2e, useStage, screenshot, signInAs } from './support';

const suite = canRunE2e() ? describe : describe.skip;
jest.setTimeout(120_000);

suite('home page (h5, phone)', () => {
  const stage = useStage();

  it('shows a member their union, branded in its theme colour', async () => {
    const { page } = stage.browser;
    await signInAs(page, stage.gateway.url, '张伟');

    // The header shows the app's own brand until the member's union has loaded; the card appears with it.
    await page.locator('.member-card').waitFor({ state: 'visible' });
    const header = page.locator('.union-header');
    await expect(header.locator('.union-header__name').textContent()).resolves.toContain('星火电子工会');

    const background = await header.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).toBe('rgb(200, 16, 46)'); // #C8102E

    await page.locator('.entry-grid [data-entry="booking"]').waitFor({ state: 'visible' });
    await expect(page.locator('.home-page__desk').count()).resolves.toBe(0);
    await screenshot(page, 'home.png');

    // the member card is the way to the e-card, in one tap
    await page.locator('.member-card').click();
    await page.waitForURL(/#\/pages\/membership\/card\/index/);
    await page.locator('.ecard').first().waitFor({ state: 'visible' });
  });

  it("gives the chair a work desk with the officers' entries, and opens them", async () => {
    const { page } = stage.browser;
    await signInAs(page, stage.gateway.url, '王芳');
    const desk = page.locator('.home-page__desk');
    await desk.waitFor({ state: 'visible' });
    await expect(
      desk.locator('[data-entry]').evaluateAll((els) => els.map((e) => e.getAttribute('data-entry'))),
    ).resolves.toEqual(['members', 'aidReview', 'congressDesk', 'officers', 'serviceDesk', 'perksDesk', 'overview', 'directory']);
    await screenshot(page, 'home-chair.png');
    await desk.locator('[data-entry="aidReview"]').click();
    await page.waitForURL(/#\/pages\/aid\/review\/index/);
  });
});
