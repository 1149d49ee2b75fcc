import { DEMO_ROSTER } from '../../cloudfunctions/core/membership/seed';
import { callWith, canRunE2e, sessionToken, screenshot, signInAs } from './support';
import { useWecomWorkbench } from './wecom-workbench';

const suite = canRunE2e() ? describe : describe.skip;
jest.setTimeout(180_000);

/**
 * h5 on the WeCom workbench, in Chromium against the platform stand-in: an invite link opened without a session →
 * 核验并入会 → WeCom OAuth2 (snsapi_base; the stand-in's authorize page redirects back with a code) → our session →
 * back on the invite → roster match → e-card. The contact's name comes from WeCom (user/get).
 */
const CORP = 'wwe2ecorp';
const worker = DEMO_ROSTER[9]; // 邓辉, on 星火电子工会's roster

/** Polls `check` every 100 ms until it holds or 30 s pass; says whether it held. */
async function until(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

suite('WeCom web sign-in from an invite link (h5 in WeCom, phone)', () => {
  const bench = useWecomWorkbench({
    corp: { corpId: CORP, secret: 'e2e-corp-secret', users: { denghui: { name: worker.name } } },
    before: (standIn) => standIn.oauthAs(CORP, 'denghui'),
  });

  it('signs in through WeCom OAuth2, comes back to the invite and joins', async () => {
    const { page } = bench.browser;
    const { gateway, standIn } = bench;
    await signInAs(page, gateway.url, '王芳');
    const chairToken = await sessionToken(page);
    const home = await callWith<{ membership: { union: { id: string } } }>(gateway.url, chairToken, 'unions.home', {});
    const invite = await callWith<{ h5Path: string }>(gateway.url, chairToken, 'membership.createInvite', {
      unionId: home.membership.union.id,
      autoApprove: true,
    });

    // the worker, in WeCom, without a session: the invite link from the group
    await page.evaluate(() => window.localStorage.clear());
    await page.goto(`${gateway.url}/${invite.h5Path}`);
    await page.getByText('星火电子科技有限公司工会委员会', { exact: true }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('taro-button-core', { hasText: '核验并入会' }).click();
    // away to WeCom's authorize page and back with ?code=…; the app signs in and reopens the invite. The invite's
    // own URL already matches the join route, so wait for the code exchange before looking at where the page is.
    const exchanged = await until(() => standIn.calls.some((c) => c.path === 'cgi-bin/auth/getuserinfo' && c.errcode === 0));
    expect(exchanged).toBe(true);
    await page.waitForURL((url) => /#\/pages\/membership\/join\/index\?invite=/.test(url.href) && !url.href.includes('code='), {
      timeout: 30_000,
    });
    expect(await until(async () => Boolean(await sessionToken(page).catch(() => '')))).toBe(true);
    await page.getByText('星火电子科技有限公司工会委员会', { exact: true }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('input[placeholder="与身份证一致"]').fill(worker.name);
    await page.locator('input[placeholder="11 位手机号"]').fill(worker.mobile);
    await page.locator('input[placeholder="18 位身份证号"]').fill(worker.idNumber);
    await screenshot(page, 'wecom-signin-join.png');
    await page.locator('taro-button-core', { hasText: '核验并入会' }).click();
    await page.waitForURL(/#\/pages\/membership\/card\/index/, { timeout: 30_000 });
    const card = page.locator('.ecard');
    await card.waitFor({ state: 'visible', timeout: 30_000 });
    await expect(card.locator('.ecard__name').textContent()).resolves.toBe(worker.name);
    await screenshot(page, 'wecom-signin-ecard.png');
  });
});
