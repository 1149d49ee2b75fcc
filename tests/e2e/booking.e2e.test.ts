import fs from 'fs';
import os from 'os';
import path from 'path';
import { sql } from 'drizzle-orm';
import { startGateway, type Gateway } from '../../cloudfunctions/gateway/server';
import { rows } from '../../cloudfunctions/core/db/client';
import { addDays, atShanghai, weekStartOf } from '../../cloudfunctions/core/booking/calendar';
import { H5_DIR, answerConfirm, canRunE2e, launchBrowser, pageUrl, screenshot, signInAs, type Browser } from './support';

const suite = canRunE2e() ? describe : describe.skip;
jest.setTimeout(180_000);

/**
 * 张伟 books 12:40 on a Wednesday, cancels it; 李娜 books the freed place; 刘洋 (service staff) checks
 * her in by her booking code. The server clock is set by the test (seeded weeks are the real ones).
 */
suite('booking (h5, phone)', () => {
  let gateway: Gateway;
  let browser: Browser;
  let dataDir: string;
  const wednesday = addDays(weekStartOf(new Date()), 9); // Wednesday of next week, released by the seed
  let now = atShanghai(wednesday, '11:30');

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-e2e-booking-'));
    gateway = await startGateway({ port: 0, dataDir, staticDir: H5_DIR, seed: true, clock: () => now });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('book → cancel → another member books the freed slot → staff checks in', async () => {
    const { page } = browser;
    const url = gateway.url.replace(/\/$/, '');

    await signInAs(page, url, '张伟');
    await page.goto(pageUrl(url, 'pages/booking/index/index'));
    const slot = page.locator(`.booking-slots [data-slot="12:40"]`);
    await slot.waitFor({ state: 'visible' });
    await expect(slot.getAttribute('data-status')).resolves.toBe('open');
    await expect(slot.locator('.bk-slot__chairs').textContent()).resolves.toBe('2 位师傅'); // the seeded two chairs
    await screenshot(page, 'booking-week.png');
    await slot.click();
    await expect(answerConfirm(page)).resolves.toMatch(/预约码 [A-Z2-9]{8}（到店时出示）/);
    await page.locator(`.booking-slots [data-slot="12:40"][data-status="mine"]`).waitFor({ state: 'visible' });

    await page.goto(pageUrl(url, 'pages/booking/mine/index'));
    const item = page.locator('.booking-item[data-status="booked"]').first();
    await item.waitFor({ state: 'visible' });
    await expect(item.locator('.booking-code').textContent()).resolves.toMatch(/^[A-Z2-9]{8}$/);
    // the QR for the counter's scanner is drawn (a real image, not a broken one)
    const qr = item.locator('.booking-qr img, img.booking-qr').first();
    await qr.waitFor({ state: 'visible' });
    await expect(qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 100)).resolves.toBe(true);
    // where 张伟 stands: his place in the 12:40 slot, as the database orders it
    const [q] = await rows<{ position: number; of_slot: number }>(
      gateway.database.db,
      sql`SELECT (SELECT count(*) FROM booking_bookings o WHERE o.slot_id = b.slot_id AND o.status IN ('booked', 'attended')
                   AND (o.created_at, o.id) <= (b.created_at, b.id))::int AS position,
                 (SELECT count(*) FROM booking_bookings o WHERE o.slot_id = b.slot_id AND o.status IN ('booked', 'attended'))::int AS of_slot
          FROM booking_bookings b JOIN people p ON p.id = b.person_id WHERE p.name = '张伟' AND b.status = 'booked'`,
    );
    await expect(item.locator('.booking-queue').textContent()).resolves.toContain(
      `本时段第 ${q.position} 位（共 ${q.of_slot} 人）`,
    );
    await screenshot(page, 'booking-mine.png');
    await item.locator('.booking-cancel').click();
    await expect(answerConfirm(page)).resolves.toContain('预约将取消');
    await page.locator('.booking-item[data-status="cancelled"]').first().waitFor({ state: 'visible' });
    // a slip: one tap takes the slot back, then he cancels for good
    await page.locator('.booking-item[data-status="cancelled"] .booking-rebook').first().click();
    const back = page.locator('.booking-item[data-status="booked"]').first();
    await back.waitFor({ state: 'visible' });
    await expect(page.locator('.booking-rebook').count()).resolves.toBe(0);
    await back.locator('.booking-cancel').click();
    await expect(answerConfirm(page)).resolves.toContain('预约将取消');
    await page.locator('.booking-item[data-status="booked"]').waitFor({ state: 'detached' });

    await signInAs(page, url, '李娜');
    await page.goto(pageUrl(url, 'pages/booking/index/index'));
    const freed = page.locator(`.booking-slots [data-slot="12:40"]`);
    await freed.waitFor({ state: 'visible' });
    await expect(freed.getAttribute('data-status')).resolves.toBe('open');
    await freed.click();
    await expect(answerConfirm(page)).resolves.toContain('预约码');
    await page.locator(`.booking-slots [data-slot="12:40"][data-status="mine"]`).waitFor({ state: 'visible' });
    await page.goto(pageUrl(url, 'pages/booking/mine/index'));
    const code = (await page.locator('.booking-item[data-status="booked"] .booking-code').first().textContent())!.trim();

    // the day before: 服务排班 on the staff's home opens the schedule itself; tomorrow's booking is listed
    // but cannot be checked in or marked absent yet
    now = atShanghai(addDays(wednesday, -1), '09:00');
    await signInAs(page, url, '刘洋');
    await page.locator('.home-page__desk [data-entry="serviceDesk"]').click();
    await page.waitForURL(/#\/pages\/booking\/staff\/index/);
    await page
      .locator('.booking-staff .bk-tab', { hasText: `${Number(wednesday.slice(5, 7))}/${Number(wednesday.slice(8, 10))}` })
      .click();
    const tomorrow = page.locator('.booking-staff-slot[data-slot="12:40"] [data-person="李娜"]');
    await tomorrow.waitFor({ state: 'visible' });
    await expect(tomorrow.locator('.booking-checkin-row').count()).resolves.toBe(0);
    await expect(tomorrow.getByText('未到', { exact: true }).count()).resolves.toBe(0);

    now = atShanghai(wednesday, '12:35'); // the member arrives
    await signInAs(page, url, '刘洋');
    await page.goto(pageUrl(url, 'pages/booking/index/index'));
    await page.locator('.booking-manage').click();
    const input = page.locator('.booking-code-input input, input.booking-code-input').first();
    await input.waitFor({ state: 'visible' });
    await input.fill(code);
    await page.locator('.booking-checkin').click();
    await page.getByText('签到成功').waitFor({ state: 'visible' });
    await page
      .locator('.booking-staff-slot[data-slot="12:40"] [data-person="李娜"]')
      .getByText('已到店')
      .waitFor({ state: 'visible' });
    await screenshot(page, 'booking-staff.png');
    const chart = page.locator('.booking-stats');
    await chart.scrollIntoViewIfNeeded();
    await chart.getByText('每周统计').waitFor({ state: 'visible' });
    // the chart speaks the union's colour: booked-not-yet-served as its primary buttons, no-shows in another colour
    const paint = (el: ReturnType<typeof page.locator>) => el.evaluate((e) => getComputedStyle(e).backgroundColor);
    // the union's colour as the page resolves it (what its primary buttons and tabs are drawn with)
    const themed = await page.locator('.booking-staff').evaluate((root) => {
      const probe = document.createElement('div');
      probe.style.background = 'var(--union-theme)';
      root.appendChild(probe);
      const colour = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return colour;
    });
    expect(themed).toBe('rgb(200, 16, 46)'); // 星火电子工会's red
    const dots = chart.locator('.bar-chart__legend .bar-chart__dot');
    await expect(paint(dots.nth(2))).resolves.toBe(themed);
    await expect(paint(dots.nth(1))).resolves.not.toBe(themed);
    // eight weeks, three parts each, drawn by the chart library: the canvas carries the columns
    const series = JSON.parse((await chart.locator('.bar-chart').getAttribute('data-values'))!) as number[][];
    expect(series.map((s) => s.length)).toEqual([8, 8, 8]);
    await page.waitForFunction(() => {
      const canvas = document.querySelector('.taro_page_show .booking-stats canvas') as HTMLCanvasElement | null;
      if (!canvas?.width) return false;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let red = 0; // the union's red in the columns of booked-not-yet-served
      for (let i = 0; i < data.length; i += 4) if (data[i] === 200 && data[i + 1] === 16 && data[i + 2] === 46) red++;
      return red > 20;
    });
    // the figures of this week match the database, 李娜's check-in included
    const week = weekStartOf(now);
    const [fig] = await rows<{ attended: number; booked: number }>(
      gateway.database.db,
      sql`SELECT count(*) FILTER (WHERE b.status = 'attended')::int AS attended, count(*) FILTER (WHERE b.status <> 'cancelled')::int AS booked
          FROM booking_bookings b JOIN booking_services s ON s.id = b.service_id WHERE s.name = '理发屋' AND b.week_start = ${week}`,
    );
    expect(fig.attended).toBeGreaterThanOrEqual(1);
    const line = chart.locator('.booking-stats-table').getByText(`${Number(week.slice(5, 7))}/${Number(week.slice(8, 10))} 起：`);
    await expect(line.textContent()).resolves.toContain(`已约 ${fig.booked} · 到店 ${fig.attended} ·`);
    await screenshot(page, 'booking-stats.png');

    // 李师傅 is ill for the 13:00 slot: its capacity drops to one chair
    const later = page.locator('.booking-staff-slot[data-slot="13:00"]');
    await later.scrollIntoViewIfNeeded();
    await later.locator('.booking-provider-off', { hasText: '2号椅 · 李师傅' }).click();
    await expect(answerConfirm(page, { reason: '李师傅发烧' })).resolves.toContain('超出名额的预约');
    await later.getByText('2号椅 · 李师傅 停诊（李师傅发烧）', { exact: false }).waitFor({ state: 'visible' });
    await expect(later.locator('.bk-row .bk-muted').first().textContent()).resolves.toMatch(/\/1$/);
    await screenshot(page, 'booking-staff-provider-off.png');

    // 李师傅 is well again: staff put him back on 13:00 and the second place returns
    await later.locator('.booking-provider-offline', { hasText: '2号椅 · 李师傅' }).locator('.booking-provider-back').click();
    await expect(answerConfirm(page)).resolves.toContain('候补的会员将按先后自动约上');
    await later.locator('.booking-provider-off', { hasText: '2号椅 · 李师傅' }).waitFor({ state: 'visible' });
    await expect(later.locator('.bk-row .bk-muted').first().textContent()).resolves.toMatch(/\/2$/);
    await screenshot(page, 'booking-staff-provider-back.png');

    const db = gateway.database.db;
    const [b] = await rows<{ status: string; name: string }>(
      db,
      sql`SELECT b.status, p.name FROM booking_bookings b JOIN people p ON p.id = b.person_id WHERE b.code = ${code}`,
    );
    expect(b).toEqual({ status: 'attended', name: '李娜' });
    const [z] = await rows<{ status: string }>(
      db,
      sql`SELECT b.status FROM booking_bookings b JOIN people p ON p.id = b.person_id WHERE p.name = '张伟' ORDER BY b.created_at DESC LIMIT 1`,
    );
    expect(z.status).toBe('cancelled');
  });

  it('a member chooses her barber; the next one sees him taken and books 不限; the counter sees who asked for whom', async () => {
    const { page } = browser;
    const url = gateway.url.replace(/\/$/, '');
    now = atShanghai(wednesday, '11:30');
    const thursday = addDays(wednesday, 1);
    const [free] = await rows<{ label: string }>(
      gateway.database.db,
      sql`SELECT to_char(sl.starts_at AT TIME ZONE 'Asia/Shanghai', 'HH24:MI') AS label FROM booking_slots sl
          JOIN booking_services s ON s.id = sl.service_id
          WHERE s.name = '理发屋' AND sl.day = ${thursday} AND sl.booked = 0 AND sl.status = 'open' ORDER BY sl.starts_at LIMIT 1`,
    );
    const pick = async (provider: string) => {
      await page.goto(pageUrl(url, 'pages/booking/index/index'));
      await page.locator(`.booking-days [data-date="${thursday}"]`).click();
      await page.locator(`.booking-providers [data-provider="${provider}"]`).click();
      return page.locator(`.booking-slots [data-slot="${free.label}"]`);
    };

    await signInAs(page, url, '王芳');
    const slot = await pick('2号椅 · 李师傅');
    await expect(slot.getAttribute('data-status')).resolves.toBe('open');
    await screenshot(page, 'booking-choose-provider.png');
    await slot.click();
    await expect(answerConfirm(page)).resolves.toContain('服务人员：2号椅 · 李师傅');
    await page.goto(pageUrl(url, 'pages/booking/mine/index'));
    await page.locator('.booking-item[data-status="booked"]').getByText('2号椅 · 李师傅', { exact: false }).waitFor();

    await signInAs(page, url, '李强');
    const taken = await pick('2号椅 · 李师傅');
    await page.waitForFunction(
      (label) =>
        document.querySelector(`.taro_page_show .booking-slots [data-slot="${label}"]`)?.getAttribute('data-status') === 'full',
      free.label,
    );
    await expect(taken.locator('.bk-slot__state').textContent()).resolves.toBe('师傅已约满');
    await page.locator('.booking-providers [data-provider="不限"]').click();
    await expect(taken.getAttribute('data-status')).resolves.toBe('open');
    await taken.click();
    const notice = await answerConfirm(page);
    expect(notice).toContain('预约码');
    expect(notice).not.toContain('服务人员');

    await signInAs(page, url, '刘洋');
    await page.goto(pageUrl(url, 'pages/booking/staff/index'));
    await page
      .locator('.booking-staff .bk-tab', { hasText: `${Number(thursday.slice(5, 7))}/${Number(thursday.slice(8, 10))}` })
      .click();
    const sheet = page.locator(`.booking-staff-slot[data-slot="${free.label}"]`);
    await expect(sheet.locator('[data-person="王芳"] .booking-staff-provider').textContent()).resolves.toBe(
      '指定 2号椅 · 李师傅',
    );
    await expect(sheet.locator('[data-person="李强"] .booking-staff-provider').count()).resolves.toBe(0);
  });

  it('staff who run two services switch between them on the schedule', async () => {
    const { page } = browser;
    const url = gateway.url.replace(/\/$/, '');
    // a second service of the same union (no slots yet), run by the same staff
    await gateway.database.db.execute(
      sql`INSERT INTO booking_services (union_id, name, location, description, slot_minutes, capacity, template,
            release_weekday, release_time, release_weeks_ahead, weekly_limit, cancel_minutes_before, no_show_limit, no_show_window_days, suspend_days)
          SELECT union_id, '按摩室', '工会活动中心二楼', '肩颈放松，每次 20 分钟。', slot_minutes, 1, template,
            release_weekday, release_time, release_weeks_ahead, weekly_limit, cancel_minutes_before, no_show_limit, no_show_window_days, suspend_days
          FROM booking_services WHERE name = '理发屋'`,
    );
    await signInAs(page, url, '刘洋');
    await page.goto(pageUrl(url, 'pages/booking/staff/index'));
    const chips = page.locator('.booking-staff-services .bk-tab');
    await chips.first().waitFor({ state: 'visible' });
    await expect(chips.allTextContents()).resolves.toEqual(expect.arrayContaining(['理发屋', '按摩室']));
    await expect(page.locator('.booking-staff-services .bk-tab--active').textContent()).resolves.toBe('理发屋');
    await expect(page.locator('.booking-provider').count()).resolves.toBeGreaterThan(0); // the barbers' chairs
    await chips.filter({ hasText: '按摩室' }).click();
    await expect(page.locator('.booking-staff-services .bk-tab--active').textContent()).resolves.toBe('按摩室');
    await page.getByText('尚未设置，每个时段按固定名额预约').waitFor({ state: 'visible' }); // 按摩室 has no chairs
    await expect(page.locator('.booking-provider').count()).resolves.toBe(0);
    await screenshot(page, 'booking-staff-services.png');
  });
});
