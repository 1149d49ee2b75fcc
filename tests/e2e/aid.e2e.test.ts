import fs from 'node:fs';
import path from 'node:path';
import {
  answerConfirm,
  canRunE2e,
  launchBrowser,
  pageUrl,
  screenshot,
  signInAs,
  startGateway,
  type Browser,
  type Gateway,
} from './support';

const suite = canRunE2e() ? describe : describe.skip;
jest.setTimeout(180_000);

// A real (1×1) PNG, so the officer's preview can actually decode what the link serves.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

suite('medical mutual aid (h5, phone)', () => {
  let gateway: Gateway;
  let browser: Browser;
  // Uploads go to <the gateway's data folder>/uploads (a temporary folder, removed with the gateway).
  let uploadsDir = '';

  beforeAll(async () => {
    gateway = await startGateway();
    uploadsDir = gateway.dataDir;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
  });

  it('a member files a claim with an invoice and sees the benefit; the chair approves it', async () => {
    const { page } = browser;
    await signInAs(page, gateway.url, '张伟');
    await page.goto(pageUrl(gateway.url, 'pages/aid/index/index'));
    const apply = page.locator('.aid-home__apply');
    await apply.waitFor({ state: 'visible', timeout: 30_000 });
    // the rules are on the page before the worker claims, every amount with 元 (issue 13)
    await expect(page.locator('[data-testid="aid-rules"]').textContent()).resolves.toMatch(
      /住院：起付线 [\d,.]+ 元，超出部分按医院等级报销（一级 \d+%、二级 \d+%、三级 \d+%）；每次最多 [\d,.]+ 元，全年最多 [\d,.]+ 元/,
    );
    await screenshot(page, 'aid-home.png');
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
    expect(
      fs.readdirSync(path.join(uploadsDir, 'uploads'), { recursive: true }).filter((f) => String(f).endsWith('.png')),
    ).toHaveLength(1);
    // a 600 KB PDF is more than one call carries: it goes up in pieces and arrives whole
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(600_000, 0x20), Buffer.from('\n%%EOF\n')]);
    const pdfChooser = page.waitForEvent('filechooser');
    await page.locator('.aid-claim__upload-summary').click();
    await (await pdfChooser).setFiles({ name: 'summary.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByText('出院小结 · summary.pdf').waitFor({ state: 'visible', timeout: 30_000 });
    const pdfs = fs.readdirSync(path.join(uploadsDir, 'uploads'), { recursive: true }).filter((f) => String(f).endsWith('.pdf'));
    expect(pdfs).toHaveLength(1);
    expect(fs.readFileSync(path.join(uploadsDir, 'uploads', String(pdfs[0]))).equals(pdf)).toBe(true);
    await screenshot(page, 'aid-claim-form.png');

    await page.locator('.aid-claim__submit').click();
    // the house confirm dialog states the costs and the estimate before the claim is locked for review
    await expect(answerConfirm(page)).resolves.toContain('按互助规则预计可获 ¥5,520.00');
    await page.waitForURL(/pages\/aid\/detail\/index/, { timeout: 30_000 });
    const status = page.locator('.aid-detail__status');
    await status.waitFor({ state: 'visible', timeout: 30_000 });
    await expect(status.textContent()).resolves.toBe('待审核');
    const detailUrl = page.url();
    await screenshot(page, 'aid-claim-submitted.png');

    await signInAs(page, gateway.url, '王芳');
    await page.goto(detailUrl);
    const approve = page.locator('.aid-detail__approve');
    await approve.waitFor({ state: 'visible', timeout: 30_000 });
    await expect(page.locator('.aid-detail__bank').textContent()).resolves.toContain('6222 **** **** 1234');
    // 5,520 is above the plan's threshold: the button says where it goes, and the dialog gives the amount first
    await expect(approve.textContent()).resolves.toBe('通过并报总工会');
    await approve.click();
    await expect(answerConfirm(page)).resolves.toContain('核定 ¥5,520.00，超过本会审批限额');
    await page.waitForFunction(() => document.querySelector('.aid-detail__status')?.textContent === '工会已审核', undefined, {
      timeout: 30_000,
    });
    await expect(page.locator('.aid-detail__amount').textContent()).resolves.toContain('5,520.00');
    await expect(page.locator('body').textContent()).resolves.toContain('报上级总工会审批');
    await screenshot(page, 'aid-claim-approved.png');

    await page.goto(pageUrl(gateway.url, 'pages/aid/review/index?tab=summary'));
    await page.locator('.aid-review__chart').waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.aid-review__months canvas').waitFor({ state: 'visible' });
    await page.locator('.aid-month').first().waitFor({ state: 'visible' });
    await screenshot(page, 'aid-summary.png');

    // the chair opens the invoice: a short-lived link the gateway serves, decoded by the browser
    await page.goto(detailUrl);
    const invoice = page.getByText('发票 · invoice.png');
    await invoice.waitFor({ state: 'visible', timeout: 30_000 });
    await invoice.click();
    const preview = page.locator('img[src*="/files/"]');
    await preview.first().waitFor({ state: 'attached', timeout: 30_000 });
    await page.waitForFunction(
      () => [...document.querySelectorAll('img')].some((i) => i.src.includes('/files/') && i.complete && i.naturalWidth === 1),
      undefined,
      { timeout: 30_000 },
    );
  });
  it('finance selects the payable claims with a running total, confirms the batch, then records the bank receipt', async () => {
    const { page } = browser;
    await signInAs(page, gateway.url, '李娜');
    await page.goto(pageUrl(gateway.url, 'pages/aid/review/index?tab=payable'));
    const all = page.locator('.aid-review__all');
    await all.waitFor({ state: 'visible', timeout: 30_000 });
    const total = page.locator('[data-testid="pay-total"]');
    await expect(total.textContent()).resolves.toBe('已选 0 笔 · 合计 ¥0.00');
    const rows = await page.locator('.aid-review__row').count();
    expect(rows).toBeGreaterThan(0);
    await all.click();
    await expect(page.locator('.aid-review__row--on').count()).resolves.toBe(rows);
    const summary = (await total.textContent())!;
    expect(summary).toMatch(new RegExp(`^已选 ${rows} 笔 · 合计 ¥[\\d,]+\\.\\d\\d$`));
    // one row off and on again: the total follows
    await page.locator('.aid-review__row').first().click();
    await expect(total.textContent()).resolves.toContain(`已选 ${rows - 1} 笔`);
    await page.locator('.aid-review__row').first().click();
    await expect(total.textContent()).resolves.toBe(summary);
    await screenshot(page, 'aid-payout-selected.png');

    await page.locator('.aid-review__pay').click();
    const facts = await answerConfirm(page);
    expect(facts).toContain(`${rows} 笔，合计 ${summary.split('合计 ')[1]}。`);
    const batch = page.locator('.aid-batch', { hasText: '发放中：等待银行回单' }).first();
    await batch.waitFor({ state: 'visible', timeout: 30_000 });
    await batch.locator('.aid-batch__record').click();
    await batch.locator('.aid-batch__reference input').fill('HD202612030001');
    await screenshot(page, 'aid-payout-bank-receipt.png');
    await batch.locator('.aid-batch__confirm').click();
    await expect(answerConfirm(page)).resolves.toContain('银行回单号 HD202612030001');
    await page.locator('.aid-batch', { hasText: '回单号 HD202612030001' }).waitFor({ state: 'visible', timeout: 30_000 });
    await expect(page.locator('.aid-batch', { hasText: '发放中' }).count()).resolves.toBe(0);
  });

  it("a chair creates and edits the union's plan (field errors beside the field, a new rules version); another enrols a list", async () => {
    const { page } = browser;
    const next = new Date().getFullYear() + 1;
    const name = `${next} 年度星火职工互助计划`;
    await signInAs(page, gateway.url, '王芳');
    await page.goto(pageUrl(gateway.url, 'pages/aid/review/index'));
    await page.locator('.aid-review__plans').click();
    const create = page.locator('.aid-plans__new');
    await create.waitFor({ state: 'visible', timeout: 30_000 });
    // the district's plan reaches 星火: listed, not editable from here
    const district = page.locator('.aid-plans__plan', { hasText: '东湖区总工会' });
    await district.waitFor({ state: 'visible', timeout: 30_000 });
    await expect(district.textContent()).resolves.toContain('上级工会的计划');
    await expect(district.locator('.aid-plans__edit').count()).resolves.toBe(0);
    await screenshot(page, 'aid-plans.png');

    await create.click();
    const year = page.locator('.aid-plan-input-year input');
    await year.waitFor({ state: 'visible', timeout: 30_000 });
    await year.fill(String(next));
    await page.locator('.aid-plan-input-name input').fill(name);
    await page.locator('.aid-plan-input-contributionFen input').fill('50');
    const ratio = page.locator('.aid-plan-input-rules-categories-inpatient-ratioBp-3 input');
    await ratio.fill('120');
    await page.locator('.aid-plan__save').click();
    const ratioError = page.locator('.aid-form__error[data-field="rules.categories.inpatient.ratioBp.3"]');
    await expect(ratioError.textContent()).resolves.toContain('报销比例');
    await ratioError.scrollIntoViewIfNeeded();
    await screenshot(page, 'aid-plan-field-error.png');
    await ratio.fill('65');
    await expect(ratioError.count()).resolves.toBe(0);
    await page.locator('.aid-plan__save').click();
    await expect(answerConfirm(page)).resolves.toContain(`「${name}」已保存（第 1 版规则）`);

    const mine = page.locator('.aid-plans__plan', { hasText: name });
    await mine.waitFor({ state: 'visible', timeout: 30_000 });
    await expect(mine.textContent()).resolves.toMatch(/第 1 版规则[\s\S]*个人缴费 ¥50\.00[\s\S]*比例 80\/70\/65%/);
    // the default enrolment period followed the typed year
    await expect(mine.textContent()).resolves.toContain(`参保 ${next - 1}-12-01 至 ${next}-12-31`);

    await mine.locator('.aid-plans__edit').click();
    const cap = page.locator('.aid-plan-input-rules-categories-accident-perClaimCapFen input');
    await cap.waitFor({ state: 'visible', timeout: 30_000 });
    await expect(cap.inputValue()).resolves.toBe('5000.00');
    await expect(page.locator('.aid-plan__union').textContent()).resolves.toContain('当前第 1 版规则');
    await screenshot(page, 'aid-plan-edit-top.png');
    await cap.fill('6000');
    await cap.scrollIntoViewIfNeeded();
    await screenshot(page, 'aid-plan-edit.png');
    await page.locator('.aid-plan__save').click();
    await expect(answerConfirm(page)).resolves.toContain('互助规则已更新为第 2 版');
    await page.waitForFunction(
      (n) =>
        [...document.querySelectorAll('.aid-plans__plan')].some(
          (p) => p.textContent!.includes(n) && p.textContent!.includes('第 2 版规则'),
        ),
      name,
      { timeout: 30_000 },
    );
    await expect(mine.textContent()).resolves.toContain('意外伤害：起付 ¥200.00，比例 70/70/70%，单次封顶 ¥6,000.00');
    await screenshot(page, 'aid-plans-edited.png');

    // 一中's chair enrols the school's members in the district plan
    await signInAs(page, gateway.url, '杨帆');
    await page.goto(pageUrl(gateway.url, 'pages/aid/plans/index'));
    const plan = page.locator('.aid-plans__plan', { hasText: '东湖区总工会' });
    await plan.locator('.aid-plans__enrol').click({ timeout: 30_000 });
    await page.locator('.aid-enrol__member').first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.aid-enrol__all').click();
    const submit = page.locator('.aid-enrol__submit');
    const picked = Number(/（(\d+) 人）/.exec((await submit.textContent()) ?? '')?.[1]);
    expect(picked).toBeGreaterThan(0);
    await submit.click();
    const result = page.locator('.aid-enrol__result');
    await result.waitFor({ state: 'visible', timeout: 30_000 });
    await expect(result.textContent()).resolves.toContain(`本次新登记 ${picked} 人`);
    await result.scrollIntoViewIfNeeded();
    await expect(page.locator('.aid-enrol__member .aid-tag--success').count()).resolves.toBe(picked);
    await screenshot(page, 'aid-enrol.png');
  });
});
