import type { Page } from 'playwright-core';
import { canRunE2e, pageUrl, screenshot, signInAs, useStage } from './support';

const suite = canRunE2e() ? describe : describe.skip;
jest.setTimeout(600_000);

/**
 * On a slow network (every API answer held 1.5 s) each main page of the member and the officer opens on a visible
 * loading state (src/components/Loading: a ring and 加载中…), never on an error — no toast, no 重新加载 box, no
 * field error like "服务项目：格式不正确" from a call or form that ran before its data arrived — and then shows its
 * content. Each page is opened cold (a fresh load of the app on that route), so nothing is already cached.
 */
const LATENCY_MS = 1500;

interface Stop {
  name: string;
  route: string;
  /** Tap this once it shows (from the route) to reach the page under test. */
  tap?: string;
  /** Shown once the page has its content. */
  ready: string;
}

const ROLES: { person: string; role: string; stops: Stop[] }[] = [
  {
    person: '张伟',
    role: 'member',
    stops: [
      { name: 'home', route: 'pages/home/index', ready: '.member-card' },
      { name: 'mine', route: 'pages/mine/index', ready: '.mine-page__name' },
      { name: 'ecard', route: 'pages/membership/card/index', ready: '.ecard' },
      { name: 'aid-home', route: 'pages/aid/index/index', ready: '.aid-home__apply' },
      { name: 'aid-claim', route: 'pages/aid/index/index', tap: '.aid-home__apply', ready: '.aid-claim__submit' },
      {
        name: 'congress-list',
        route: 'pages/congress/index/index',
        ready: '.congress-page .cg-card, .congress-page .empty-state',
      },
      { name: 'booking-week', route: 'pages/booking/index/index', ready: '.booking-week' },
      { name: 'booking-mine', route: 'pages/booking/mine/index', ready: '.booking-mine .bk-card, .bk-page .empty-state' },
      { name: 'notices', route: 'pages/notices/index', ready: '.notices-page__head, .notices-page .empty-state' },
    ],
  },
  {
    person: '王芳',
    role: 'officer',
    stops: [
      { name: 'home', route: 'pages/home/index', ready: '.home-page__desk' },
      { name: 'members', route: 'pages/membership/manage/index', ready: '.manage-page .manage-tabs' },
      { name: 'aid-review', route: 'pages/aid/review/index', ready: '.aid-review .aid-card' },
      { name: 'aid-plans', route: 'pages/aid/plans/index', ready: '.aid-plans .aid-plans__union' },
      { name: 'congress-create', route: 'pages/congress/create/index', ready: '.cg-create .nut-button-primary' },
      { name: 'officers', route: 'pages/unions/officers/index', ready: '.officers-page .officer-row' },
      { name: 'directory', route: 'pages/unions/members/index', ready: '.member-row' },
    ],
  },
];

interface Sample {
  t: number;
  loading: boolean;
  errors: string[];
}

/**
 * Installed before every document: every 50 ms, whether the shown page has the loading indicator on screen and
 * what error it shows (a visible toast, a load-error box, a field error, an error phrase in its text).
 */
function recordSamples() {
  const w = window as unknown as { __slow: { samples: unknown[] } };
  w.__slow = { samples: [] };
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  setInterval(() => {
    const root = [...document.querySelectorAll('.taro_router > .taro_page.taro_page_show')].pop();
    if (!root) return;
    const errors: string[] = [];
    for (const t of document.querySelectorAll('.taro__toast'))
      if ((t as HTMLElement).offsetParent !== null) errors.push(`toast: ${(t.textContent ?? '').trim()}`);
    for (const e of root.querySelectorAll('.load-error, [class*="field-error"], [class*="__error"]'))
      if (visible(e)) errors.push(`error box: ${(e.textContent ?? '').trim().slice(0, 40)}`);
    const phrase = (root.textContent ?? '').match(/[^\s，。]{0,12}(格式不正确|不能为空|系统繁忙|加载失败|网络)/);
    if (phrase) errors.push(`text: ${phrase[0]}`);
    w.__slow.samples.push({
      t: Math.round(performance.now()),
      loading: [...root.querySelectorAll('.loading__status')].some(visible),
      errors,
    });
  }, 50);
}

const samples = (page: Page) => page.evaluate(() => (window as unknown as { __slow: { samples: Sample[] } }).__slow.samples);

/** Opens a stop cold and returns what was sampled from the first frame of the page under test to its content. */
async function openCold(page: Page, baseUrl: string, stop: Stop): Promise<{ samples: Sample[]; contentAfterMs: number }> {
  await page.goto('about:blank');
  const started = Date.now();
  await page.goto(pageUrl(baseUrl, stop.route));
  let from = 0;
  if (stop.tap) {
    await page.locator(stop.tap).first().waitFor({ state: 'visible', timeout: 30_000 });
    from = await page.evaluate(() => Math.round(performance.now()));
    await page.locator(stop.tap).first().click();
  }
  const readyAt = Date.now();
  await page
    .locator(
      stop.ready
        .split(',')
        .map((s) => `${s.trim()}:visible`)
        .join(', '),
    )
    .first()
    .waitFor({ state: 'visible', timeout: 30_000 })
    .catch((e: Error) => {
      throw new Error(`${stop.name}: ${stop.ready} never showed (${e.message.split('\n')[0]})`);
    });
  const contentAfterMs = Date.now() - (stop.tap ? readyAt : started);
  // a moment after the content: a late error (a second call refused) would show now
  await page.waitForTimeout(400);
  return { samples: (await samples(page)).filter((s) => s.t >= from), contentAfterMs };
}

suite(`a slow network (${LATENCY_MS} ms per API answer): loading, never an error, then content (h5)`, () => {
  const stage = useStage();

  beforeAll(async () => {
    await stage.browser.context.addInitScript(recordSamples);
  });

  for (const { person, role, stops } of ROLES) {
    it(`${person} (${role}): every main page shows 加载中 while waiting and no error`, async () => {
      const { page } = stage.browser;
      await page.unrouteAll().catch(() => undefined);
      await signInAs(page, stage.gateway.url, person);
      await page.route('**/api/**', async (route) => {
        await new Promise((r) => setTimeout(r, LATENCY_MS));
        await route.continue().catch(() => undefined);
      });
      const found: { page: string; loadingSeen: boolean; errors: string[] }[] = [];
      const timings: string[] = [];
      for (const stop of stops) {
        const run = await openCold(page, stage.gateway.url, stop);
        found.push({
          page: stop.name,
          loadingSeen: run.samples.some((s) => s.loading),
          errors: [...new Set(run.samples.flatMap((s) => s.errors))],
        });
        timings.push(`${stop.name} ${run.contentAfterMs} ms`);
        await screenshot(page, `slow-network/${role}-${stop.name}.png`);
      }
      console.log(`${person} on a ${LATENCY_MS} ms network, content after: ${timings.join(', ')}`);
      expect(found).toEqual(found.map((f) => ({ page: f.page, loadingSeen: true, errors: [] })));
    });
  }
});
