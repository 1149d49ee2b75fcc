import type { Page } from 'playwright-core';
import { canRunE2e, pageUrl, screenshot, signInAs, useStage } from './support';

const suite = canRunE2e() ? describe : describe.skip;
jest.setTimeout(900_000);

/**
 * Layout at real phone widths, by the role who uses each page: for every page a demo person reaches, at
 * 320×568, 375×667 and 414×896 — nothing sticks out sideways, every visible button is on screen with its
 * text whole, primary actions are at least 44 px tall, and a non-red union's primary buttons wear its colour.
 * Screenshots go to test-artifacts/layout/ (the README gallery is picked from them).
 */
const SCREENS = [
  { width: 320, height: 568 },
  { width: 375, height: 667 },
  { width: 414, height: 896 },
] as const;

/** A page to check: a route, optionally followed by a tap that opens the page under test. */
interface Stop {
  name: string;
  route: string;
  /** Tap this first (from the route) to reach the page, e.g. the claim form from the aid home. */
  tap?: string;
  /** Shown once the page has its content. */
  ready: string;
}

const ROLES: { person: string; role: string; stops: Stop[] }[] = [
  {
    person: '张伟',
    role: 'worker',
    stops: [
      { name: 'home', route: 'pages/home/index', ready: '.member-card' },
      { name: 'services', route: 'pages/services/index', ready: '.entry-grid, .entry-list' },
      { name: 'mine', route: 'pages/mine/index', ready: '.page' },
      { name: 'ecard', route: 'pages/membership/card/index', ready: '.ecard' },
      { name: 'aid-home', route: 'pages/aid/index/index', ready: '.aid-home__apply' },
      { name: 'aid-claim', route: 'pages/aid/index/index', tap: '.aid-home__apply', ready: '.aid-claim__submit' },
      { name: 'congress-list', route: 'pages/congress/index/index', ready: '.congress-page' },
      { name: 'booking-week', route: 'pages/booking/index/index', ready: '.booking-week' },
      { name: 'booking-mine', route: 'pages/booking/mine/index', ready: '.bk-page' },
      { name: 'notices', route: 'pages/notices/index', ready: '.notices-page' },
      { name: 'join-no-invite', route: 'pages/membership/join/index', ready: '.join-page__title' },
      { name: 'perks', route: 'pages/perks/index/index', ready: '.pk-page' },
    ],
  },
  {
    person: '刘洋',
    role: 'staff',
    stops: [
      { name: 'home', route: 'pages/home/index', ready: '.home-page__desk' },
      { name: 'schedule', route: 'pages/home/index', tap: '.home-page__desk >> text=服务排班', ready: '.booking-staff' },
      { name: 'booking-staff', route: 'pages/booking/staff/index', ready: '.booking-staff' },
      { name: 'perks-door', route: 'pages/perks/manage/index', ready: '.perks-redeem' },
    ],
  },
  {
    person: '王芳',
    role: 'chair',
    stops: [
      { name: 'home', route: 'pages/home/index', ready: '.home-page__desk' },
      { name: 'members', route: 'pages/membership/manage/index', ready: '.page' },
      { name: 'aid-review', route: 'pages/aid/review/index', ready: '.page' },
      { name: 'aid-plans', route: 'pages/aid/plans/index', ready: '.page' },
      { name: 'congress-create', route: 'pages/congress/create/index', ready: '.cg-create' },
      { name: 'officers', route: 'pages/unions/officers/index', ready: '.page' },
      { name: 'directory', route: 'pages/unions/members/index', ready: '.member-row' },
      { name: 'perks-manage', route: 'pages/perks/manage/index', ready: '.perks-publish' },
    ],
  },
  {
    person: '李娜',
    role: 'finance',
    stops: [{ name: 'aid-review', route: 'pages/aid/review/index', ready: '.page' }],
  },
  {
    person: '陈静',
    role: 'federation',
    stops: [
      { name: 'home', route: 'pages/home/index', ready: '.federation-card__child' },
      { name: 'aid-review', route: 'pages/aid/review/index', ready: '.page' },
      { name: 'overview', route: 'pages/federation/overview/index', ready: '.fed-child' },
      { name: 'perks-quotas', route: 'pages/perks/manage/index', tap: '.perks-audience-subtree', ready: '.perks-quota-row' },
    ],
  },
  {
    person: '杨帆',
    role: 'blue-union-chair',
    stops: [
      { name: 'home', route: 'pages/home/index', ready: '.home-page__desk' },
      { name: 'members', route: 'pages/membership/manage/index', ready: '.page' },
    ],
  },
];

interface Finding {
  what: string;
  element: string;
}

/** What is wrong with the shown page at this width (evaluated in the page). */
function inspect(page: Page): Promise<Finding[]> {
  return page.evaluate(() => {
    const W = window.innerWidth;
    const found: { what: string; element: string }[] = [];
    const root = [...document.querySelectorAll('.taro_router > .taro_page.taro_page_show')].pop() ?? document.body;
    const label = (el: Element) =>
      `${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 3).join('.')} "${(el.textContent ?? '').trim().slice(0, 20)}"`;
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && Number(cs.opacity) > 0;
    };
    // inside a deliberately scrollable strip (e.g. a row of chips) an element may lie beyond the edge
    const inScroller = (el: Element) => {
      for (let p = el.parentElement; p && p !== root; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll') return true;
      }
      return false;
    };
    // what of the element can be seen: its box cut by every ancestor that clips (a decorative glow in a
    // header with overflow: hidden sticks out of nothing)
    const seenBox = (el: Element) => {
      const r = el.getBoundingClientRect();
      let left = r.left;
      let right = r.right;
      let top = r.top;
      for (let p = el.parentElement; p; p = p.parentElement) {
        const cs = getComputedStyle(p);
        if (cs.overflowX === 'visible' && cs.overflowY === 'visible') continue;
        const pr = p.getBoundingClientRect();
        left = Math.max(left, pr.left);
        right = Math.min(right, pr.right);
        top = Math.max(top, pr.top);
      }
      return { left, right, top, empty: right <= left || top >= r.bottom };
    };
    if (document.scrollingElement && document.scrollingElement.scrollWidth > W + 1)
      found.push({ what: `page scrolls sideways (${document.scrollingElement.scrollWidth} > ${W})`, element: 'document' });
    const pageTop = Math.max(root.getBoundingClientRect().top, 0);
    for (const el of root.querySelectorAll('*')) {
      if (!shown(el) || inScroller(el)) continue;
      const r = seenBox(el);
      if (!r.empty && (r.right > W + 1 || r.left < -1))
        found.push({ what: `outside the screen (${Math.round(r.left)}…${Math.round(r.right)} of ${W})`, element: label(el) });
      // the page has just opened at its top: nothing with text is cut off above it (a title under the top edge)
      if (!r.empty && el.getBoundingClientRect().top < pageTop - 1 && el.children.length === 0 && (el.textContent ?? '').trim())
        found.push({ what: `cut off at the top (${Math.round(r.top)})`, element: label(el) });
    }
    const buttons = root.querySelectorAll('button, .nut-button, .taro-button-core');
    for (const b of buttons) {
      if (!shown(b) || inScroller(b)) continue;
      const r = b.getBoundingClientRect();
      if (r.right > W + 1 || r.left < -1) found.push({ what: 'button off screen', element: label(b) });
      for (const t of [b, ...b.querySelectorAll('*')]) {
        const cs = getComputedStyle(t);
        const clips = cs.overflow !== 'visible' || cs.textOverflow === 'ellipsis';
        if (clips && t.scrollWidth > t.clientWidth + 1 && (t.textContent ?? '').trim())
          found.push({ what: `button text clipped (${t.scrollWidth} > ${t.clientWidth})`, element: label(b) });
      }
      const primary = b.classList.contains('nut-button-primary') || b.classList.contains('nut-button-danger');
      if (primary && r.height < 44 - 0.5)
        found.push({ what: `primary action ${Math.round(r.height)} px tall (< 44)`, element: label(b) });
    }
    return found;
  });
}

/** The primary buttons' paint (background colour and image) on the shown page. */
function primaryPaint(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = [...document.querySelectorAll('.taro_router > .taro_page.taro_page_show')].pop() ?? document.body;
    return [...root.querySelectorAll('.nut-button-primary')]
      .filter((b) => b.getBoundingClientRect().width > 0)
      .map((b) => `${getComputedStyle(b).backgroundColor} ${getComputedStyle(b).backgroundImage}`);
  });
}

async function open(page: Page, url: string, stop: Stop) {
  await page.goto(pageUrl(url, stop.route));
  if (stop.tap) {
    await page.locator(stop.tap).first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(stop.tap).first().click();
  }
  const visible = stop.ready
    .split(',')
    .map((s) => `${s.trim()}:visible`)
    .join(', ');
  await page
    .locator(visible)
    .first()
    .waitFor({ state: 'visible', timeout: 30_000 })
    .catch((e: Error) => {
      throw new Error(`${stop.name}: ${stop.ready} never showed (${e.message.split('\n')[0]})`);
    });
  // let the page finish loading its data and sliding in
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(300);
  // a tab page is kept alive with its scroll position (e.g. scrolled down to tap a desk entry): look at its top
  await page.evaluate(() => {
    const root = [...document.querySelectorAll('.taro_router > .taro_page.taro_page_show')].pop();
    root?.scrollTo(0, 0);
    window.scrollTo(0, 0);
  });
}

suite('layout at phone widths, by role (h5)', () => {
  const stage = useStage();

  for (const { person, role, stops } of ROLES) {
    it(`${person} (${role}): every page fits 320, 375 and 414 px wide`, async () => {
      const { page } = stage.browser;
      await signInAs(page, stage.gateway.url, person);
      const problems: string[] = [];
      for (const screen of SCREENS) {
        await page.setViewportSize(screen);
        for (const stop of stops) {
          await open(page, stage.gateway.url, stop);
          for (const f of await inspect(page)) problems.push(`${stop.name} @${screen.width}: ${f.what} — ${f.element}`);
          await screenshot(page, `layout/${role}-${stop.name}-${screen.width}.png`);
        }
      }
      expect([...new Set(problems)]).toEqual([]);
    });
  }

  it("a blue union's primary actions wear its colour, not the platform red", async () => {
    const { page } = stage.browser;
    await signInAs(page, stage.gateway.url, '杨帆');
    await page.setViewportSize({ width: 375, height: 667 });
    await page.locator('.home-page__desk').waitFor({ state: 'visible', timeout: 30_000 });
    const root = await page.evaluate(() => document.documentElement.style.getPropertyValue('--union-theme'));
    expect(root.toUpperCase()).toBe('#1E6FD9');
    // the union's own accents on its home: the role tag and the 入会 / 会员管理 tiles, not the platform red
    const accents = await page.evaluate(() =>
      ['.role-tags__tag', '[data-entry="join"] .entry-grid__icon', '[data-entry="members"] .entry-grid__icon'].map(
        (sel) => getComputedStyle(document.querySelector(sel)!).color,
      ),
    );
    expect(accents).toEqual(['rgb(30, 111, 217)', 'rgb(30, 111, 217)', 'rgb(30, 111, 217)']);
    await open(page, stage.gateway.url, {
      name: 'congress-create',
      route: 'pages/congress/create/index',
      ready: '.nut-button-primary',
    });
    const paint = await primaryPaint(page);
    expect(paint.length).toBeGreaterThan(0);
    for (const p of paint) {
      expect(p).toContain('rgb(30, 111, 217)'); // #1E6FD9, 东湖一中工会
      expect(p).not.toContain('rgb(200, 16, 46)');
    }
  });
});
