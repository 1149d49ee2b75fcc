/**
 * The union's theme colour in the weapp build, where there is no document to paint: each page's root view
 * (withTheme) carries `--union-theme` and NutUI's `--nutui-color-primary`, and the tab bar's selected colour is
 * set. A NutUI primary button's colour is `var(--nutui-color-primary)` resolved from its nearest ancestor that
 * declares it — read here from the rendered inline styles, as the cascade would.
 */
import { canRunWeapp, type RenderedPage } from './support/miniprogram';
import { useWeappStage } from './support/stage';

const suite = canRunWeapp() ? describe : describe.skip;
jest.setTimeout(120_000);

const BLUE = '#1E6FD9'; // 东湖一中工会 in the demo seed (杨帆's union)
const RED = '#C8102E'; // 星火电子工会 (张伟's), the platform red

/** The value of custom property `name` where `el` sits: its own or its nearest ancestor's inline declaration. */
function inherited(el: Element | null, name: string): string | null {
  for (let node = el; node; node = node.parentElement) {
    const style = node.getAttribute('style') ?? '';
    const m = style.match(new RegExp(`(?:^|;)\\s*${name}\\s*:\\s*([^;]+)`));
    if (m) return m[1].trim();
  }
  return null;
}

/** Every NutUI primary button the page drew, with the colours it would be painted in. */
function primaryButtons(page: RenderedPage) {
  return [...page.dom.querySelectorAll('.nut-button-primary')].map((button) => ({
    text: (button.textContent ?? '').trim(),
    nutui: inherited(button, '--nutui-color-primary'),
    theme: inherited(button, '--union-theme'),
  }));
}

/**
 * What the union badge shows: 'logo' (an image; the simulator's <image> keeps its src as a property, not an
 * attribute, so the source is checked in the h5 e2e test) or the initials text.
 */
const badgeOf = (page: RenderedPage): string | null =>
  page.dom.querySelector('.union-badge__logo') ? 'logo' : (page.dom.querySelector('.union-badge__initials')?.textContent ?? null);

const PAGES = [
  'pages/home/index',
  'pages/membership/manage/index',
  'pages/unions/members/index',
  'pages/unions/officers/index',
  'pages/aid/plans/index',
  'pages/perks/index/index',
  'pages/aid/index/index',
  'pages/booking/index/index',
  'pages/membership/card/index',
];

suite('the union theme in the weapp build', () => {
  const stage = useWeappStage('yangFan');

  const tabBarColour = () =>
    (stage.wx.calls.filter((c) => c.api === 'setTabBarStyle').at(-1)?.options as { selectedColor?: string } | undefined)
      ?.selectedColor;

  async function buttonsAcross() {
    const found: { route: string; text: string; nutui: string | null; theme: string | null }[] = [];
    for (const route of PAGES) {
      const page = await stage.app.open(route);
      found.push(...primaryButtons(page).map((b) => ({ route, ...b })));
      page.unload();
    }
    return found;
  }

  it("杨帆's blue union: its logo on home and e-card; the tab bar and every NutUI primary button are blue, not red", async () => {
    const home = await stage.app.open('pages/home/index');
    expect(home.text()).toContain('东湖一中工会');
    expect(tabBarColour()).toBe(BLUE);
    expect(badgeOf(home)).toBe('logo');
    home.unload();

    const card = await stage.app.open('pages/membership/card/index');
    expect(card.text()).toContain('电子会员证');
    expect(badgeOf(card)).toBe('logo');
    card.unload();

    const buttons = await buttonsAcross();
    expect(new Set(buttons.map((b) => b.route)).size).toBeGreaterThanOrEqual(2);
    for (const b of buttons) expect(b).toEqual({ ...b, nutui: BLUE, theme: BLUE });
  });

  it('then 张伟 of the red union: the same pages turn red once his home data arrives', async () => {
    await stage.signInAs('zhangWei');
    const home = await stage.app.open('pages/home/index');
    expect(home.text()).toContain('星火电子工会');
    expect(tabBarColour()).toBe(RED);
    // a union without a logo: its initials in the badge
    expect(badgeOf(home)).toBe('星火');
    home.unload();

    const card = await stage.app.open('pages/membership/card/index');
    expect(badgeOf(card)).toBe('星火');
    card.unload();

    const buttons = await buttonsAcross();
    expect(buttons.length).toBeGreaterThan(0);
    for (const b of buttons) expect(b).toEqual({ ...b, nutui: RED, theme: RED });
  });
});
