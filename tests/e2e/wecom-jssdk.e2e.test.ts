import { callWith, canRunE2e, pageUrl, screenshot, sessionToken, signInAs } from './support';
import { useWecomWorkbench, type BridgeCall } from './wecom-workbench';

const suite = canRunE2e() ? describe : describe.skip;
jest.setTimeout(180_000);

/**
 * h5 opened in WeCom (the workbench app), in Chromium with a stand-in of WeCom's JS bridge: the page registers
 * @wecom/jssdk with our own signatures (agentConfig, the workbench app's AgentId), and the chair scans a member's
 * e-card with WeCom's scanner. The bridge checks each signature under the tickets the platform stand-in issued to
 * our server, so a wrong signature, url or ticket fails the scan.
 */
const CORP = 'wwjssdkcorp';
const AGENT = '1000002';

suite('WeCom JS-SDK in h5: scanning an e-card on the workbench (phone)', () => {
  const bench = useWecomWorkbench({
    corp: { corpId: CORP, secret: 'jssdk-corp-secret', users: {} },
    agentId: AGENT,
    bridge: true,
  });

  it("the chair taps 扫描会员证二维码: agentConfig with our signature, WeCom's scanner, the member verified", async () => {
    const { page } = bench.browser;
    const { gateway } = bench;
    await signInAs(page, gateway.url, '张伟');
    const mine = await callWith<{ card: { qr: { code: string } } }>(
      gateway.url,
      await sessionToken(page),
      'membership.myMembership',
      {},
    );

    await signInAs(page, gateway.url, '王芳');
    await page.goto(pageUrl(gateway.url, 'pages/membership/manage/index'));
    await page.locator('.manage-tabs__tab', { hasText: '会员证核验' }).click();
    const scan = page.locator('taro-button-core', { hasText: '扫描会员证二维码' });
    await scan.waitFor({ state: 'visible' });

    // the chair closes the scanner without a code: nothing is verified, nothing said
    await scan.click();
    await page.waitForFunction(() =>
      (window as unknown as { __wecomBridge: BridgeCall[] }).__wecomBridge.some((c) => c.name === 'scanQRCode'),
    );
    await expect(page.locator('.verify-box__result').count()).resolves.toBe(0);

    // the member's e-card in front of the camera
    await page.evaluate((code) => ((window as unknown as { __wecomCamera: string }).__wecomCamera = code), mine.card.qr.code);
    await scan.click();
    const result = page.locator('.verify-box__result--ok');
    await result.waitFor({ state: 'visible' });
    await expect(result.textContent()).resolves.toContain('张伟');
    await screenshot(page, 'wecom-jssdk-verify.png');

    const calls = await page.evaluate(() => (window as unknown as { __wecomBridge: BridgeCall[] }).__wecomBridge);
    // configured once for the page, by the workbench app, and the scanner granted by it
    expect(calls.filter((c) => c.name === 'agentConfig').map((c) => c.answer.err_msg)).toEqual(['agentConfig:ok']);
    expect(calls.find((c) => c.name === 'agentConfig')?.params).toMatchObject({ corpid: CORP, agentid: AGENT });
    expect(calls.filter((c) => c.name === 'scanQRCode').map((c) => c.answer.err_msg)).toEqual([
      'scanQRCode:cancel',
      'scanQRCode:ok',
    ]);
    // the tickets came from WeCom's own endpoints (the stand-in), once each, for all the page's signatures
    expect(bench.standIn.calls.filter((c) => c.path === 'cgi-bin/ticket/get' && c.errcode === 0)).toHaveLength(1);
  });

  it('the chair sends an invite from the workbench as a WeCom link card that opens the join page', async () => {
    const { page } = bench.browser;
    const { gateway } = bench;
    await signInAs(page, gateway.url, '王芳');
    const token = await sessionToken(page);
    const home = await callWith<{ membership: { union: { id: string } } }>(gateway.url, token, 'unions.home', {});
    const invite = await callWith<{ code: string; h5Path: string }>(gateway.url, token, 'membership.createInvite', {
      unionId: home.membership.union.id,
      autoApprove: false,
      note: '研发部新同事',
    });
    await page.goto(pageUrl(gateway.url, 'pages/membership/manage/index'));
    await page.locator('.manage-tabs__tab', { hasText: '入会邀请' }).click();
    const share = page.locator('.invite-row__share-link').first();
    await share.waitFor({ state: 'visible' });
    await share.click();
    await page.getByText('已分享').waitFor({ state: 'visible' });
    const calls = await page.evaluate(() => (window as unknown as { __wecomBridge: BridgeCall[] }).__wecomBridge);
    const sent = calls.find((c) => c.name === 'shareAppMessage');
    expect(sent?.answer.err_msg).toBe('shareAppMessage:ok');
    expect(sent?.params).toMatchObject({ title: '邀请你加入星火电子工会', desc: '研发部新同事' });
    const link = String(sent!.params.link);
    expect(link).toContain(invite.code);
    // the card's link, opened by a colleague, is the invite
    await page.goto(link);
    await page.getByText('星火电子科技有限公司工会委员会', { exact: true }).waitFor({ state: 'visible' });
  });
});
