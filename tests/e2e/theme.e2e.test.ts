import type { Page } from 'playwright-core';
import { canRunE2e, pageUrl, screenshot, signInAs, useStage } from './support';

const suite = canRunE2e() ? describe : describe.skip;
jest.setTimeout(300_000);

/**
 * The union's own look beyond its primary buttons (h5): its logo where it has one (home header, e-card), else its
 * initials; its colour on 普惠's selected tab and behind the empty-state icon (the soft tint), never the platform red.
 */
const BLUE = 'rgb(30, 111, 217)'; // #1E6FD9, 东湖一中工会 (杨帆)
const BLUE_SOFT = 'rgb(233, 241, 251)'; // its 10 % tint
const RED = 'rgb(200, 16, 46)';

const shownPage = (page: Page) => page.locator('.taro_router > .taro_page.taro_page_show').last();

async function open(page: Page, baseUrl: string, route: string, ready: string) {
  await page.goto(pageUrl(baseUrl, route));
  await shownPage(page).locator(ready).first().waitFor({ state: 'visible', timeout: 30_000 });
}

const logoSrc = (page: Page) =>
  shownPage(page)
    .locator('.union-badge__logo img')
    .first()
    .getAttribute('src', { timeout: 5_000 })
    .catch(() => null);

suite("a union's logo and colour across its pages (h5)", () => {
  const stage = useStage();

  it('杨帆 (blue union with a logo): logo on home and e-card, blue selected tab, blue-tinted empty state', async () => {
    const { page } = stage.browser;
    await signInAs(page, stage.gateway.url, '杨帆');

    await open(page, stage.gateway.url, 'pages/home/index', '.union-badge');
    expect(await logoSrc(page)).toMatch(/^data:image\/png;base64,/);
    await open(page, stage.gateway.url, 'pages/membership/card/index', '.ecard .union-badge');
    expect(await logoSrc(page)).toMatch(/^data:image\/png;base64,/);
    await screenshot(page, 'theme/blue-ecard.png');

    await open(page, stage.gateway.url, 'pages/perks/index/index', '.pk-tab--active');
    const tab = await shownPage(page)
      .locator('.pk-tab--active')
      .first()
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(tab).toBe(BLUE);

    await open(page, stage.gateway.url, 'pages/notices/index', '.notices-page');
    await page.waitForLoadState('networkidle').catch(() => undefined);
    // 东湖一中 has no messages for its chair in the demo: the empty state shows
    const bg = await shownPage(page)
      .locator('.empty-state__icon')
      .first()
      .evaluate((el) => getComputedStyle(el).backgroundColor, undefined, { timeout: 10_000 });
    expect(bg).toBe(BLUE_SOFT);
  });

  it('张伟 (red union, no logo): the initials badge, red selected tab', async () => {
    const { page } = stage.browser;
    await signInAs(page, stage.gateway.url, '张伟');
    await open(page, stage.gateway.url, 'pages/home/index', '.union-badge');
    expect(await logoSrc(page)).toBeNull();
    await expect(shownPage(page).locator('.union-badge__initials').first().textContent()).resolves.toBe('星火');
    await open(page, stage.gateway.url, 'pages/perks/index/index', '.pk-tab--active');
    const tab = await shownPage(page)
      .locator('.pk-tab--active')
      .first()
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(tab).toBe(RED);
  });
});
