import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canRunE2e, launchBrowser, pageUrl, screenshot, signInAs, startGateway, type Browser, type Gateway } from './support';

const suite = canRunE2e() ? describe : describe.skip;
jest.setTimeout(180_000);

// A real (1×1) PNG, so the officer's preview can actually decode what the link serves.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

/** Screenshots only once the page has slid fully in (Taro's h5 router animates every navigation) and no toast covers it. */
async function settledShot(page: Browser['page'], name: string) {
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('.taro_router > .taro_page.taro_page_show')].every((p) => p.classList.contains('taro_page_stationed')) &&
      document.getAnimations().every((a) => !((a.effect as KeyframeEffect | null)?.target as Element | null)?.classList?.contains('taro_page')) &&
      ![...document.querySelectorAll('.taro__toast')].some((t) => (t as HTMLElement).offsetParent !== null),
    undefined,
    { timeout: 10_000 },
  );
  await screenshot(page, name);
}

suite('medical mutual aid (h5, phone)', () => {
  let gateway: Gateway;
  let browser: Browser;
  // Uploads go to <PU_DATA_DIR>/uploads; keep them out of the repo's .data.
  const uploadsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-e2e-aid-'));
  const previous = process.env.PU_DATA_DIR;

  beforeAll(async () => {
    process.env.PU_DATA_DIR = uploadsDir;
    gateway = await startGateway();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    if (previous === undefined) delete process.env.PU_DATA_DIR;
    else process.env.PU_DATA_DIR = previous;
    fs.rmSync(uploadsDir, { recursive: true, force: true });
  });

  it('a member files a claim with an invoice and sees the benefit; the chair approves it', async () => {
    const { page } = browser;
    await signInAs(page, gateway.url, '张伟');
    await page.goto(pageUrl(gateway.url, 'pages/aid/index/index'));
    const apply = page.locator('.aid-home__apply');
    await apply.waitFor({ state: 'visible', timeout: 30_000 });
    await settledShot(page, 'aid-home.png');
    await apply.click();

    await page.locator('.aid-input-totalCost input').waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.aid-input-totalCost input').fill('30000');
    await page.locator('.aid-input-insuranceCovered input').fill('18000');
    await page.locator('.aid-input-selfPaid input').fill('10000');
    await page.locator('.aid-input-diagnosis textarea').fill('急性阑尾炎');
    await page.locator('.aid-input-bankName input').fill('中国工商银行星城支行');
    await page.locator('.aid-input-bankAccount input').fill('6222021234567891234');
    // (10000 − 800) × 60% (三级医院) = 5,520.00, computed on the phone by the shared rules
    await expect(page.locator('.aid-claim__payable').textContent()).resolves.toContain('5,520.00');

    const chooser = page.waitForEvent('filechooser');
    await page.locator('.aid-claim__upload-invoice').click();
    await (await chooser).setFiles({ name: 'invoice.png', mimeType: 'image/png', buffer: PNG });
    await page.getByText('发票 · invoice.png').waitFor({ state: 'visible', timeout: 30_000 });
    expect(fs.readdirSync(path.join(uploadsDir, 'uploads'), { recursive: true }).filter((f) => String(f).endsWith('.png'))).toHaveLength(1);
    await settledShot(page, 'aid-claim-form.png');

    await page.locator('.aid-claim__submit').click();
    await page.locator('.taro-model__confirm').click();
    await page.waitForURL(/pages\/aid\/detail\/index/, { timeout: 30_000 });
    const status = page.locator('.aid-detail__status');
    await status.waitFor({ state: 'visible', timeout: 30_000 });
    await expect(status.textContent()).resolves.toBe('待审核');
    const detailUrl = page.url();
    await settledShot(page, 'aid-claim-submitted.png');

    await signInAs(page, gateway.url, '王芳');
    await page.goto(detailUrl);
    const approve = page.locator('.aid-detail__approve');
    await approve.waitFor({ state: 'visible', timeout: 30_000 });
    await expect(page.locator('.aid-detail__bank').textContent()).resolves.toContain('6222 **** **** 1234');
    await approve.click();
    await page.waitForFunction(() => document.querySelector('.aid-detail__status')?.textContent === '工会已审核', undefined, { timeout: 30_000 });
    await expect(page.locator('.aid-detail__amount').textContent()).resolves.toContain('5,520.00');
    await expect(page.locator('body').textContent()).resolves.toContain('报上级总工会审批');
    await settledShot(page, 'aid-claim-approved.png');

    await page.goto(pageUrl(gateway.url, 'pages/aid/review/index?tab=summary'));
    await page.locator('.aid-review__chart').waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.aid-chart__bar').first().waitFor({ state: 'visible' });
    await settledShot(page, 'aid-summary.png');

    // the chair opens the invoice: a short-lived link the gateway serves, decoded by the browser
    await page.goto(detailUrl);
    const invoice = page.getByText('发票 · invoice.png');
    await invoice.waitFor({ state: 'visible', timeout: 30_000 });
    await invoice.click();
    const preview = page.locator('img[src*="/files/"]');
    await preview.first().waitFor({ state: 'attached', timeout: 30_000 });
    await page.waitForFunction(() => [...document.querySelectorAll('img')].some((i) => i.src.includes('/files/') && i.complete && i.naturalWidth === 1), undefined, { timeout: 30_000 });
  });
});
