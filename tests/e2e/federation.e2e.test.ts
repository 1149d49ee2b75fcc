import { canRunE2e, pageUrl, useStage, screenshot, signInAs } from './support';

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
    // the monthly trends drawn by the chart library on a canvas: columns in the union's colour, not a blank box
    await page.locator('.taro_page_show .month-chart canvas').last().waitFor({ state: 'visible' });
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.taro_page_show .month-chart')].every((chart) => {
        const canvas = chart.querySelector('canvas')!;
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        let inked = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) inked++;
        return inked > 200; // month labels at least; a month with joins adds its column
      }),
    );
    const serviceChart = page.locator('.taro_page_show .month-chart', { hasText: '每月服务预约' }).last();
    const [values] = JSON.parse((await serviceChart.getAttribute('data-values'))!) as (number | null)[][];
    expect(values).toHaveLength(12);
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

  it('the league of the unions below re-ranks by the metric chosen', async () => {
    const { page } = stage.browser;
    await signInAs(page, stage.gateway.url, '赵磊'); // 星城市总工会: two districts below
    await page.goto(pageUrl(stage.gateway.url, 'pages/federation/overview/index'));
    await page.locator('.fed-child').first().waitFor({ state: 'visible' });
    const column = async () =>
      page
        .locator('.fed-child')
        .evaluateAll((rows) =>
          rows.map((r) => [r.querySelector('.league__name')!.textContent!, r.querySelector('.league__value')!.textContent!]),
        );
    const byMembers = await column();
    expect(byMembers.map(([name]) => name).sort()).toEqual(['东湖区总工会', '西山区总工会']);
    const members = byMembers.map(([, v]) => Number(v));
    expect(members).toEqual([...members].sort((a, b) => b - a));
    await page.locator('.league-metric-pendingApplications').click();
    await page.locator('.league__row--head', { hasText: '待审申请' }).waitFor({ state: 'visible' });
    const pending = (await column()).map(([, v]) => Number(v));
    expect(pending).toEqual([...pending].sort((a, b) => b - a));
    await screenshot(page, 'federation-league.png');
  });

  it('运营大屏: the figures on an office display, no scrolling at 1920×1080 or 1366×768, and it reloads itself', async () => {
    const { page } = stage.browser;
    await signInAs(page, stage.gateway.url, '陈静');
    await page.goto(pageUrl(stage.gateway.url, 'pages/federation/overview/index'));
    const active = (await page
      .locator('.fed-figure', { hasText: '在会会员' })
      .locator('.fed-figure__value')
      .textContent())!.trim();
    await page.locator('.fed-overview__screen').click();
    await page.waitForURL(/#\/pages\/federation\/screen\/index/);

    const overviewCalls: number[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && (r.postData() ?? '').includes('"unions.overview"')) overviewCalls.push(Date.now());
    });
    try {
      for (const size of [
        { width: 1920, height: 1080 },
        { width: 1366, height: 768 },
      ]) {
        await page.setViewportSize(size);
        await page.goto(pageUrl(stage.gateway.url, 'pages/federation/screen/index?refresh=5'));
        // the router keeps earlier screens in the page stack, hidden: only the shown one counts
        await page.locator('.ops-tile:visible').first().waitFor({ state: 'visible' });
        await page.locator('.ops-screen .fed-child:visible').first().waitFor({ state: 'visible' });
        await screenshot(page, `federation-screen-${size.width}.png`); // also waits for the page to stop sliding in
        const tile = page.locator('.ops-tile:visible', { hasText: '在会会员' }).locator('.ops-tile__value').last();
        expect((await tile.textContent())!.replace(/,/g, '')).toBe(active);
        const fit = await page.evaluate(() => {
          const root = document.scrollingElement!;
          const clipped = [...document.querySelectorAll('.ops-tile__value, .ops-tile__label, .league__name')].filter(
            (e) => (e as HTMLElement).scrollWidth > (e as HTMLElement).clientWidth + 1,
          ).length;
          const outside = [...document.querySelectorAll('.taro_page_show .ops-screen *')].filter((e) => {
            const r = e.getBoundingClientRect();
            return r.width > 0 && (r.right > innerWidth + 1 || r.bottom > innerHeight + 1);
          }).length;
          return { scrollW: root.scrollWidth - innerWidth, scrollH: root.scrollHeight - innerHeight, clipped, outside };
        });
        expect(fit).toEqual({ scrollW: 0, scrollH: 0, clipped: 0, outside: 0 });
      }
      // it reloads the figures on its own (every 5 s here), without a tap
      const before = overviewCalls.length;
      await page.waitForTimeout(11_000);
      expect(overviewCalls.length - before).toBeGreaterThanOrEqual(2);
    } finally {
      await page.setViewportSize({ width: 390, height: 844 });
    }
  });
});
