import ExcelJS from 'exceljs';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { sql } from 'drizzle-orm';
import { startGateway, type Gateway } from '../../cloudfunctions/gateway/server';
import { rows } from '../../cloudfunctions/core/db/client';
import { H5_DIR, canRunE2e, launchBrowser, pageUrl, screenshot, signInAs, type Browser } from './support';

const suite = canRunE2e() ? describe : describe.skip;
jest.setTimeout(240_000);

/**
 * 王芳 (chair of 星火) publishes a one-place lottery activity; 张伟 and 李娜 sign up on their phones; after the
 * window closes (the server clock moves) she draws, and checks the winner in by the code on the winner's screen.
 * Then she publishes a one-coupon batch and 张伟 grabs it from the 抢券 tab; for 李娜 it is gone.
 */
suite('perks (h5, phone)', () => {
  let gateway: Gateway;
  let browser: Browser;
  let dataDir: string;
  // the server clock runs with the real one, moved ahead when the test says so
  let ahead = 0;
  const now = () => new Date(Date.now() + ahead);

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-e2e-perks-'));
    gateway = await startGateway({ port: 0, dataDir, staticDir: H5_DIR, seed: true, clock: now });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const fill = async (selector: string, value: string) => {
    const input = browser.page.locator(`.${selector} input, input.${selector}`).first();
    await input.waitFor({ state: 'visible' });
    await input.fill(value);
  };

  it('publish → sign up → draw → check in; a coupon grabbed from the member screen', async () => {
    const { page } = browser;
    const url = gateway.url.replace(/\/$/, '');

    await signInAs(page, url, '王芳');
    await page.goto(pageUrl(url, 'pages/perks/manage/index'));
    await fill('perks-input-title', '一元观影');
    await fill('perks-input-capacity', '1');
    await page.locator('.perks-publish-activity').click();
    await page.locator('.perks-managed[data-title="一元观影"]').waitFor({ state: 'visible' });
    await screenshot(page, 'perks-manage.png');

    for (const name of ['张伟', '李娜']) {
      await signInAs(page, url, name);
      await page.goto(pageUrl(url, 'pages/perks/index/index'));
      await page.locator('.perks-activity[data-title="一元观影"]').click();
      await page.locator('.perks-signup').click();
      await page.locator('.perks-mine[data-status="applied"]').waitFor({ state: 'visible' });
    }
    await screenshot(page, 'perks-activity-applied.png');

    ahead = 25 * 3600_000; // the sign-up window has closed
    await signInAs(page, url, '王芳');
    await page.goto(pageUrl(url, 'pages/perks/manage/index'));
    const card = page.locator('.perks-managed[data-title="一元观影"]');
    await card.locator('.perks-draw').click();
    await page.getByText('已抽签并公示').waitFor({ state: 'visible' });

    const [winner] = await rows<{ name: string }>(
      gateway.database.db,
      sql`SELECT p.name FROM activity_signups s JOIN people p ON p.id = s.person_id JOIN activities a ON a.id = s.activity_id
           WHERE a.title = '一元观影' AND s.status = 'confirmed'`,
    );
    await signInAs(page, url, winner.name);
    await page.goto(pageUrl(url, 'pages/perks/index/index'));
    await page.locator('.perks-activity[data-title="一元观影"]').click();
    await page.locator('.perks-mine[data-status="confirmed"]').waitFor({ state: 'visible' });
    await page.locator('.perks-seed').waitFor({ state: 'visible' });
    const code = (await page.locator('.perks-checkin-code').textContent())!.trim();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    await page.locator('.perks-checkin-qr').waitFor({ state: 'visible' });
    await screenshot(page, 'perks-activity-confirmed.png');

    await signInAs(page, url, '王芳');
    await page.goto(pageUrl(url, 'pages/perks/manage/index'));
    await fill('perks-checkin-input', code);
    await page.locator('.perks-managed[data-title="一元观影"] .perks-checkin').click();
    await page.getByText('签到成功').waitFor({ state: 'visible' });
    const [checked] = await rows<{ name: string }>(
      gateway.database.db,
      sql`SELECT p.name FROM activity_signups s JOIN people p ON p.id = s.person_id WHERE s.checkin_code = ${code} AND s.checked_in_at IS NOT NULL`,
    );
    expect(checked.name).toBe(winner.name);

    // the officer's figures: sign-ups and attendance by union, from 普惠管理
    await page.locator('.perks-managed[data-title="一元观影"] .perks-figures-link').click();
    const row = page.locator('.perks-by-union').first();
    await row.waitFor({ state: 'visible' });
    expect((await row.locator('.perks-by-union-checked').textContent())!.trim()).toBe('1');
    await page.locator('.perks-union-points .perks-points-granted').waitFor({ state: 'visible' });
    await screenshot(page, 'perks-figures.png');
    // the list as the officer takes it away: an .xlsx download that Excel (here exceljs) reads
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.perks-export').click()]);
    expect(download.suggestedFilename()).toBe('一元观影-报名名单.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('姓名');
    expect(sheet.rowCount).toBe(3); // the header, the winner and the one waiting
    expect(sheet.getColumn(1).values.slice(2).sort()).toEqual(['张伟', '李娜'].sort());
    await page.goto(pageUrl(url, 'pages/perks/manage/index'));

    // a coupon batch of one, open at once
    await fill('perks-input-batch-title', '骑行券');
    await fill('perks-input-total', '1');
    await fill(
      'perks-input-batch-starts',
      new Date(now().getTime() - 60_000 + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' '),
    );
    await page.locator('.perks-publish-coupons').click();
    await page.getByText('已发布').waitFor({ state: 'visible' });

    await signInAs(page, url, '张伟');
    await page.goto(pageUrl(url, 'pages/perks/index/index'));
    await page.locator('.perks-tab-coupons').click();
    const batch = page.locator('.perks-batch[data-title="骑行券"]');
    await batch.locator('.perks-grab').click();
    await page.locator('.perks-coupon .perks-coupon-code').first().waitFor({ state: 'visible' });
    await page.locator('.perks-coupon .perks-coupon-qr').first().waitFor({ state: 'visible' });
    await batch.locator('.perks-held').waitFor({ state: 'visible' });
    await screenshot(page, 'perks-coupon.png');

    await signInAs(page, url, '李娜');
    await page.goto(pageUrl(url, 'pages/perks/index/index'));
    await page.locator('.perks-tab-coupons').click();
    await page.locator('.perks-batch[data-title="骑行券"] .perks-grab', { hasText: '已抢光' }).waitFor({ state: 'visible' });
    const [issued] = await rows<{ n: number }>(
      gateway.database.db,
      sql`SELECT count(*)::int AS n FROM coupons k JOIN coupon_batches c ON c.id = k.batch_id WHERE c.title = '骑行券'`,
    );
    expect(issued.n).toBe(1);
  });

  it('名额分配: a district shares the places of a first-come activity; a union stops at its share, others are told why', async () => {
    const { page } = browser;
    const url = gateway.url.replace(/\/$/, '');
    ahead = 0;

    await signInAs(page, url, '陈静'); // 东湖区总工会
    await page.goto(pageUrl(url, 'pages/perks/manage/index'));
    await fill('perks-input-title', '职工疗休养');
    await fill('perks-input-capacity', '2');
    await page.locator('.perks-mode-first_come').click();
    await page.locator('.perks-audience-subtree').click();
    await page.locator('.perks-online-yes').click();
    await fill('perks-input-place', '腾讯会议 123 456 789');
    const row = page.locator('.perks-quota-row', { hasText: '星火' });
    await row.locator('input').fill('1');
    await page.locator('.perks-quota-total', { hasText: '已分配 1 个名额' }).waitFor({ state: 'visible' });
    await screenshot(page, 'perks-quotas-publish.png');
    await page.locator('.perks-publish-activity').click();
    await page.locator('.perks-managed[data-title="职工疗休养"]').waitFor({ state: 'visible' });

    const signUp = async (name: string) => {
      await signInAs(page, url, name);
      await page.goto(pageUrl(url, 'pages/perks/index/index'));
      await page.locator('.perks-activity[data-title="职工疗休养"]').click();
      await page.locator('.perks-quota', { hasText: '星火' }).waitFor({ state: 'visible' });
      await page.locator('.perks-signup').click();
    };
    await signUp('张伟');
    await page.locator('.perks-mine[data-status="confirmed"]').waitFor({ state: 'visible' });
    await page.getByText('线上（腾讯会议 123 456 789）', { exact: false }).waitFor({ state: 'visible' });
    await signUp('李强');
    await page.locator('.perks-mine[data-status="waitlisted"]').waitFor({ state: 'visible' });
    expect((await page.locator('.perks-quota-taken').first().textContent())!.replace(/\s+/g, ' ').trim()).toBe('已入选 1 / 1');
    await screenshot(page, 'perks-quotas-waitlisted.png');
    // 东湖一中 lies under the district but has no share
    await signUp('杨帆');
    await page.getByText('该活动的名额已分配给指定的工会，您所在的工会没有名额').waitFor({ state: 'visible' });
    expect(await page.locator('.perks-mine').count()).toBe(0);
    const [taken] = await rows<{ taken: number }>(
      gateway.database.db,
      sql`SELECT q.taken FROM activity_quotas q JOIN activities a ON a.id = q.activity_id WHERE a.title = '职工疗休养'`,
    );
    expect(taken.taken).toBe(1);
  });
});
