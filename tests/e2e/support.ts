/**
 * Browser end-to-end support: headless Chromium (Debian package, driven by playwright-core) against
 * the h5 build served by the local gateway. Nothing here downloads a browser.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startGateway as startLocalGateway } from '../../cloudfunctions/gateway/server';
import { functionOf } from '@shared/contracts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const ROOT = path.resolve(__dirname, '..', '..');
export const H5_DIR = path.join(ROOT, 'dist', 'h5');
export const ARTIFACTS_DIR = path.join(ROOT, 'test-artifacts');

/** The phone every test looks through: a 390×844 iPhone-sized screen at 2× density with touch. */
export const PHONE = { width: 390, height: 844, deviceScaleFactor: 2 } as const;

export const hasChromium = (): boolean => fs.existsSync(CHROMIUM_PATH);
export const hasH5Build = (): boolean => fs.existsSync(path.join(H5_DIR, 'index.html'));
/**
 * Whether browser tests can run here; suites use `describe.skip` otherwise. CI sets PU_REQUIRE_E2E=1,
 * where a missing browser or build is a failure, not a skip.
 */
export const canRunE2e = (): boolean => {
  const ready = hasChromium() && hasH5Build();
  if (!ready && process.env.PU_REQUIRE_E2E === '1') {
    throw new Error(
      `PU_REQUIRE_E2E=1 but ${hasChromium() ? 'dist/h5 is not built (npm run build:h5)' : `${CHROMIUM_PATH} is missing (apt-get install -y chromium)`}`,
    );
  }
  return ready;
};

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with a fresh profile and a phone viewport; `close()` also removes the profile.
 * The flows' own probes (`page.waitForFunction`) are evaluated as strings in the page, which the app's CSP
 * (no 'unsafe-eval') rightly refuses, so flow suites bypass it; the README-way start test launches with
 * `enforceCsp` and asserts that the app itself runs under its CSP without a single violation.
 */
export async function launchBrowser(opts: { enforceCsp?: boolean } = {}): Promise<Browser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: PHONE.width, height: PHONE.height },
    deviceScaleFactor: PHONE.deviceScaleFactor,
    isMobile: true,
    hasTouch: true,
    bypassCSP: !opts.enforceCsp,
    locale: 'zh-CN',
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari/604.1',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => undefined);
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface Gateway {
  url: string;
  /** The folder this gateway writes to (PGlite, uploads, generated keys). */
  dataDir: string;
  close(): Promise<void>;
}

/**
 * Starts the local gateway (cloudfunctions/gateway/server.ts) on a free port with a fresh seeded
 * database in a temp dir, serving the h5 build. `close()` stops it and removes the data.
 */
export async function startGateway(): Promise<Gateway> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-e2e-data-'));
  const gateway = await startLocalGateway({ port: 0, dataDir, staticDir: H5_DIR, seed: true });
  return {
    url: gateway.url.replace(/\/$/, ''),
    dataDir,
    async close() {
      await gateway.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page PNG of the settled screen to test-artifacts/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  // A settled screen: the page has slid fully in (Taro's h5 router animates every navigation) and no toast
  // covers it. Screenshots are records, not assertions: after 10 s the shot is taken anyway.
  await page
    .waitForFunction(
      () =>
        [...document.querySelectorAll('.taro_router > .taro_page.taro_page_show')].every((p) =>
          p.classList.contains('taro_page_stationed'),
        ) &&
        document
          .getAnimations()
          .every((a) => !((a.effect as KeyframeEffect | null)?.target as Element | null)?.classList?.contains('taro_page')) &&
        ![...document.querySelectorAll('.taro__toast')].some((t) => (t as HTMLElement).offsetParent !== null),
      undefined,
      { timeout: 10_000 },
    )
    .catch(() => undefined);
  const file = path.join(ARTIFACTS_DIR, name.endsWith('.png') ? name : `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The h5 address of a page (hash router). */
export const pageUrl = (baseUrl: string, route: string): string => `${baseUrl.replace(/\/$/, '')}/#/${route.replace(/^\//, '')}`;

/**
 * Signs in through the 开发登录 page by tapping the person's name, then waits for the home tab.
 * Starts from a clean session so it also switches people.
 */
export async function signInAs(page: Page, baseUrl: string, personName: string): Promise<void> {
  await page.goto(pageUrl(baseUrl, 'pages/dev-login/index'));
  await page.evaluate(() => window.localStorage.clear());
  await page.reload();
  const person = page.locator(`[data-person="${personName}"]`);
  await person.waitFor({ state: 'visible', timeout: 30_000 });
  await person.click();
  await page.waitForURL(/#\/pages\/home\/index/, { timeout: 30_000 });
}

/** The session token the page holds (what its calls carry as a bearer token). */
export async function sessionToken(page: Page): Promise<string> {
  const raw = (await page.evaluate(() => window.localStorage.getItem('pu.session'))) ?? '';
  try {
    const parsed = JSON.parse(raw) as { data?: string } | string;
    return typeof parsed === 'string' ? parsed : String(parsed.data);
  } catch {
    return raw;
  }
}

/** One action called over HTTP with `token`, as the h5 client calls it; the response's data (throws on a refusal). */
export async function callWith<T>(baseUrl: string, token: string, action: string, input: unknown): Promise<T> {
  const res = await fetch(`${baseUrl.replace(/\/$/, '')}/api/${functionOf(action)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ action, input }),
  });
  const body = (await res.json()) as { ok: boolean; data?: T; error?: { code: string; message: string } };
  if (!body.ok) throw new Error(`${action}: ${body.error?.code} ${body.error?.message}`);
  return body.data as T;
}

/** The gateway and browser one suite shares. */
export interface Stage {
  gateway: Gateway;
  browser: Browser;
}

/** Starts a seeded gateway and a browser before the suite's tests and closes both after them. */
export function useStage(): Stage {
  const stage = {} as Stage;
  beforeAll(async () => {
    stage.gateway = await startGateway();
    stage.browser = await launchBrowser();
  });
  afterAll(async () => {
    await stage.browser?.close();
    await stage.gateway?.close();
  });
  return stage;
}

/**
 * Waits for the app's one confirm dialog (src/components/ConfirmDialog), returns the facts it states and
 * taps its confirm button; `cancel` taps 取消 instead; `reason` is typed into the dialog's reason field first.
 */
export async function answerConfirm(page: Page, opts: { cancel?: boolean; reason?: string } = {}): Promise<string> {
  const dialog = page.locator('.confirm-dialog').filter({ has: page.locator('.confirm-dialog__line') });
  await dialog.waitFor({ state: 'visible', timeout: 30_000 });
  const text = (await dialog.locator('.confirm-dialog__body').textContent()) ?? '';
  if (opts.reason !== undefined) await dialog.locator('.confirm-dialog__reason input').fill(opts.reason);
  await dialog.locator(opts.cancel ? '.nut-dialog-footer-cancel' : '.nut-dialog-footer-ok').click();
  await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
  return text;
}
