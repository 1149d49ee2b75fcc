import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { canRunE2e, H5_DIR, launchBrowser, ROOT, screenshot, type Browser } from './support';

/**
 * The product the way the README tells a newcomer to run it: `npm start` in the repository root (as a child
 * process in its own process group, with a fresh data folder), opened in Chromium at the README's address.
 * Every script and style must arrive as itself (not the app shell), the sign-in page must list the README's
 * demo people, and a demo member signs in and sees the home page. The process group is stopped afterwards.
 */
const suite = canRunE2e() ? describe : describe.skip;
jest.setTimeout(360_000);

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
/** The address the README promises (`http://127.0.0.1:8787`). */
const ADDRESS = README.match(/http:\/\/127\.0\.0\.1:(\d+)/)!;
const PORT = Number(ADDRESS[1]);
/** The demo people of the README's table (`| 王芳 / 李强 / 李娜 | … |`). */
const DEMO_PEOPLE = README.slice(README.search(/^\|\s*演示人员\s*\|/m))
  .split('\n')
  .slice(2)
  .filter((l, i, all) => l.startsWith('|') && all.slice(0, i).every((p) => p.startsWith('|')))
  .flatMap((l) => l.split('|')[1].split(/[/、,，]/))
  .map((n) => n.trim())
  .filter(Boolean);

/** Refuse to test someone else's server: the README's port must be free before we start ours. */
function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new Error(
          e.code === 'EADDRINUSE'
            ? `port ${port} is busy: stop whatever listens on 127.0.0.1:${port} and rerun (this test starts the product itself)`
            : String(e),
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

const groupAlive = (pid: number) => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** SIGTERM to the whole process group (npm → start.mjs → npx → tsx → node), SIGKILL if it lingers. */
async function stopGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (!pid || !groupAlive(pid)) return;
  process.kill(-pid, 'SIGTERM');
  for (let i = 0; i < 100 && groupAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
}

suite('npm start, as the README says', () => {
  let child: ChildProcess | undefined;
  let dataDir: string;
  let browser: Browser | undefined;
  let log = '';

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-readme-'));
  });
  afterAll(async () => {
    await browser?.close();
    if (child) await stopGroup(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('the README still gives these commands and this address', () => {
    expect(README.match(/npm ci && npm start/g)?.length).toBeGreaterThanOrEqual(2);
    expect(DEMO_PEOPLE).toEqual(expect.arrayContaining(['张伟', '王芳', '刘洋', '陈静']));
  });

  test('it starts, renders every script and style as itself, lists the demo people, and a member signs in to the home page', async () => {
    await assertPortFree(PORT);
    const env: NodeJS.ProcessEnv = { ...process.env, PU_DATA_DIR: dataDir };
    for (const k of ['NODE_ENV', 'NODE_OPTIONS', 'DATABASE_URL', 'PORT', 'SESSION_SECRET', 'PU_HASH_KEY', 'PU_AID_KEY'])
      delete env[k];
    child = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (c) => (log += c));
    child.stderr!.on('data', (c) => (log += c));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));

    // Started = our own process says so (not merely "something answers on the port").
    const deadline = Date.now() + 240_000;
    while (!log.includes(`已启动：http://127.0.0.1:${PORT}`)) {
      const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('waiting'), 250))]);
      if (code !== 'waiting') throw new Error(`npm start exited (${code}) before it answered:\n${log.slice(-1500)}`);
      if (Date.now() > deadline) throw new Error(`npm start did not report 已启动 within 240 s:\n${log.slice(-1500)}`);
    }
    const base = `http://127.0.0.1:${PORT}`;
    expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(true);

    browser = await launchBrowser({ enforceCsp: true });
    const { page } = browser;
    const assets: Promise<{ url: string; type: string; status: number; contentType: string; body: Buffer }>[] = [];
    const cspViolations: string[] = [];
    page.on('response', (r) => {
      const type = r.request().resourceType();
      if (type === 'script' || type === 'stylesheet')
        assets.push(
          r
            .body()
            .then((body) => ({ url: r.url(), type, status: r.status(), contentType: r.headers()['content-type'] ?? '', body })),
        );
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text().slice(0, 200));
    });

    const doc = await page.goto(`${base}/`, { waitUntil: 'networkidle', timeout: 120_000 });

    // Every script and style the page loaded is the build's own file, with its own content type (not the app shell).
    const loaded = await Promise.all(assets);
    expect(loaded.filter((a) => a.type === 'script').length).toBeGreaterThan(0);
    expect(loaded.filter((a) => a.type === 'stylesheet').length).toBeGreaterThan(0);
    for (const a of loaded) {
      const file = path.join(H5_DIR, new URL(a.url).pathname);
      const expected = {
        url: a.url,
        status: 200,
        contentType: a.type === 'script' ? 'application/javascript; charset=utf-8' : 'text/css; charset=utf-8',
        same: true,
      };
      expect({
        url: a.url,
        status: a.status,
        contentType: a.contentType,
        same: fs.existsSync(file) && a.body.equals(fs.readFileSync(file)),
      }).toEqual(expected);
    }
    expect(doc?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");

    // The sign-in page lists the README's demo people.
    await page.locator(`[data-person="${DEMO_PEOPLE[0]}"]`).waitFor({ state: 'visible', timeout: 60_000 });
    const listed = await page.locator('[data-person]').evaluateAll((els) => els.map((e) => e.getAttribute('data-person')));
    expect(listed).toEqual(expect.arrayContaining(DEMO_PEOPLE));
    await screenshot(page, 'readme-start-sign-in.png');

    // 张伟 (a member of 星火电子工会 per the README) signs in and sees the home page with his union.
    await page.locator('[data-person="张伟"]').click();
    await page.waitForURL(/#\/pages\/home\/index/, { timeout: 60_000 });
    await page.locator('.member-card').waitFor({ state: 'visible', timeout: 60_000 });
    await expect(page.locator('.union-header__name').textContent()).resolves.toContain('星火电子工会');
    await screenshot(page, 'readme-start-home.png');
    expect(cspViolations).toEqual([]);
  });
});
