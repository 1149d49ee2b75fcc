import { demoIdNumber } from '../../cloudfunctions/core/membership/seed';
import { answerConfirm, callWith, canRunE2e, useStage, pageUrl, screenshot, sessionToken, signInAs } from './support';

const suite = canRunE2e() ? describe : describe.skip;
jest.setTimeout(180_000);

suite('joining from an invite link (h5, phone)', () => {
  const stage = useStage();

  it('a rostered worker opens the invite, proves who they are and gets the e-card', async () => {
    const { page } = stage.browser;
    // The chair imports a roster row for 陈静 and makes an auto-approving invite (through the same API the pages use).
    await signInAs(page, stage.gateway.url, '王芳');
    const chairToken = await sessionToken(page);
    const api = (action: string, input: unknown) => callWith<any>(stage.gateway.url, chairToken, action, input);
    const home = await callWith<{ membership: { union: { id: string } } }>(stage.gateway.url, chairToken, 'unions.home', {});
    const unionId = home.membership.union.id;
    const idNumber = demoIdNumber('19870612', 77);
    const csv = Buffer.from(`\uFEFF姓名,手机号,身份证号,工号,部门\r\n陈静,13912345678,${idNumber},E2E01,工会办公室\r\n`, 'utf8');
    const { importId } = await api('membership.startRosterImport', { unionId, fileName: 'e2e.csv', size: csv.length });
    await api('membership.uploadRosterChunk', { importId, seq: 0, data: csv.toString('base64') });
    const preview = await api('membership.previewRosterImport', { importId });
    expect(preview.valid).toBe(1);
    await api('membership.confirmRosterImport', { importId });
    const invite = await api('membership.createInvite', { unionId, autoApprove: true, note: 'E2E 邀请' });
    const groupOnly = await api('membership.createInvite', { unionId, groupOnly: true, note: '仅限本群' });

    // The worker: signs in. A group-only invite opened in the browser says where it can be used and cannot be sent.
    await signInAs(page, stage.gateway.url, '陈静');
    await page.goto(`${stage.gateway.url}/${groupOnly.h5Path}`);
    await page.locator('.join-group-only').waitFor({ state: 'visible', timeout: 30_000 });
    await expect(page.locator('.join-submit').last().getAttribute('class')).resolves.toContain('nut-button-disabled');
    // Then the ordinary invite link, as it would arrive in a group chat.
    await page.goto(`${stage.gateway.url}/${invite.h5Path}`);
    await page.getByText('星火电子科技有限公司工会委员会').waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('input[placeholder="与身份证一致"]').fill('陈静');
    await page.locator('input[placeholder="11 位手机号"]').fill('13912345678');
    // A wrong check digit is refused on the phone, naming the field.
    await page.locator('input[placeholder="18 位身份证号"]').fill(idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1'));
    await page.locator('taro-button-core', { hasText: '核验并入会' }).click();
    await page.getByText('身份证号：身份证号校验位不正确，请核对').waitFor({ state: 'visible' });
    await page.locator('input[placeholder="18 位身份证号"]').fill(idNumber);
    await screenshot(page, 'membership-join.png');
    await page.locator('taro-button-core', { hasText: '核验并入会' }).click();

    await page.waitForURL(/#\/pages\/membership\/card\/index/, { timeout: 30_000 });
    const card = page.locator('.ecard');
    await card.waitFor({ state: 'visible', timeout: 30_000 });
    await expect(card.locator('.ecard__union').textContent()).resolves.toBe('星火电子科技有限公司工会委员会');
    await expect(card.locator('.ecard__name').textContent()).resolves.toBe('陈静');
    await expect(card.locator('.ecard__value--mono').textContent()).resolves.toMatch(/^XC\d+$/);
    const qr = await card.locator('.ecard__qr-img img').getAttribute('src');
    expect(qr).toMatch(/^data:image\/png;base64,/);
    await page.waitForTimeout(300);
    await screenshot(page, 'membership-ecard.png');

    // The worker's QR holds a signed code; service staff (who only check cards) verify it on their desk.
    const workerToken = await sessionToken(page);
    const mine = await callWith<{ card: { qr: { code: string } } }>(
      stage.gateway.url,
      workerToken,
      'membership.myMembership',
      {},
    );
    const cardCode = mine.card.qr.code;
    expect(cardCode).toMatch(/^PUC1\./);
    await signInAs(page, stage.gateway.url, '刘洋');
    await page.goto(pageUrl(stage.gateway.url, 'pages/membership/manage/index'));
    await page.locator('.verify-box').waitFor({ state: 'visible', timeout: 30_000 });
    // Only the tab a service worker may use is offered.
    await expect(page.locator('.manage-tabs__tab').allTextContents()).resolves.toEqual(['会员证核验']);
    await page.locator('.verify-box textarea').fill(cardCode);
    await page.locator('taro-button-core', { hasText: /^核验$/ }).click();
    await page.getByText('✓ 有效会员').waitFor({ state: 'visible', timeout: 30_000 });
    await expect(page.locator('.verify-box__result').textContent()).resolves.toContain('陈静');
    await screenshot(page, 'membership-verify.png');

    // The chair's desk: the invite shows one joiner; the seeded applications wait in the queue.
    await signInAs(page, stage.gateway.url, '王芳');
    await page.goto(pageUrl(stage.gateway.url, 'pages/membership/manage/index'));
    await page.getByText('高远').waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'membership-manage.png');
    await page.getByText('入会邀请', { exact: true }).click();
    await page.getByText('已入会 1 人 · 待审核 0 人').waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'membership-invites.png');

    // A worker whose employer has no union applies through the invite; the district federation (陈静, 东湖区)
    // places her in one of its grassroots unions from the queue.
    await signInAs(page, stage.gateway.url, '孙丽');
    const applicantToken = await sessionToken(page);
    const applied = await callWith(stage.gateway.url, applicantToken, 'membership.join', {
      inviteCode: invite.code,
      name: '孙丽',
      mobile: '13912340001',
      idNumber: demoIdNumber('19900909', 78),
      employer: '湖滨小餐馆',
      employerHasNoUnion: true,
    });
    expect(applied).toMatchObject({ outcome: 'pending', match: 'none' });
    // Back on the invite, she reads what happens next in plain words and may withdraw; she keeps it (取消).
    await page.goto(`${stage.gateway.url}/${invite.h5Path}`);
    const next = page.locator('[data-testid="join-next"]');
    await next.waitFor({ state: 'visible', timeout: 30_000 });
    await expect(next.textContent()).resolves.toMatch(/您不在单位花名册中[\s\S]*我的 › 消息[\s\S]*撤回申请/);
    await expect(page.locator('body').textContent()).resolves.not.toContain('未匹配');
    await screenshot(page, 'membership-pending-next-steps.png');
    await next.locator('.join-next__withdraw').click();
    await expect(answerConfirm(page, { cancel: true })).resolves.toContain('撤回后');
    await expect(next.isVisible()).resolves.toBe(true);
    await signInAs(page, stage.gateway.url, '陈静');
    await page.goto(pageUrl(stage.gateway.url, 'pages/membership/manage/index'));
    const row = page.locator('.app-row', { hasText: '孙丽' });
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await row.getByText('请选择所辖基层工会 ›').click();
    await page.getByText('确定', { exact: true }).click();
    const placedIn = ((await row.locator('.app-row__place-name').textContent()) ?? '').trim();
    expect(placedIn).toMatch(/工会/);
    expect(placedIn).not.toContain('请选择');
    await screenshot(page, 'membership-federation-place.png');
    await row.locator('taro-button-core', { hasText: '通过' }).click();
    await page.locator('.app-row', { hasText: '孙丽' }).waitFor({ state: 'detached', timeout: 30_000 });
    const placed = await callWith<{ card: { union: { name: string } } }>(
      stage.gateway.url,
      applicantToken,
      'membership.myMembership',
      {},
    );
    expect(placed.card.union.name).toBe(placedIn);
  });
});
