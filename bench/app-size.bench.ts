import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { rows } from '../cloudfunctions/core/db/client';
import { withGateway } from './support';

/**
 * What a phone downloads: the weapp packages (main and each subpackage; WeChat limits each to 2 MB) and the h5
 * app's first load of the home page, counted as the bytes that crossed the wire (gzip) in headless
 * Chromium through the local gateway. Needs `npm run build:weapp` / `build:h5` and /usr/bin/chromium.
 */
const ROOT = path.resolve(__dirname, '..');
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

interface Figures {
  files: number;
  bytes: number;
  gzip: number;
}

function figuresOf(files: string[]): Figures {
  return {
    files: files.length,
    bytes: files.reduce((n, f) => n + fs.statSync(f).size, 0),
    gzip: files.reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(f)).length, 0),
  };
}

/**
 * The weapp build by package: the main package (what WeChat downloads before the first screen) and each
 * subpackage (fetched when one of its pages opens). WeChat limits each to 2 MiB and all together to 20 MiB.
 */
function weappSize() {
  const dir = path.join(ROOT, 'dist', 'weapp');
  if (!fs.existsSync(path.join(dir, 'app.json'))) return console.log('weapp: not built (npm run build:weapp)');
  const app = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')) as {
    subPackages?: { root: string; name?: string }[];
  };
  const subpackages = (app.subPackages ?? []).map((p) => ({ label: p.name ?? p.root, root: p.root.replace(/\/?$/, '/') }));
  const files = filesUnder(dir).filter((f) => !f.endsWith('.map'));
  const rel = (f: string) => path.relative(dir, f).split(path.sep).join('/');
  const inPackage = (root: string) => files.filter((f) => rel(f).startsWith(root));
  const main = files.filter((f) => !subpackages.some((p) => rel(f).startsWith(p.root)));
  const line = (label: string, f: Figures) =>
    console.log(
      `  ${label.padEnd(30)} ${kib(f.bytes).padStart(11)} in ${String(f.files).padStart(3)} files  (${kib(f.gzip)} gzip)`,
    );
  console.log(`weapp packages (WeChat limit: 2048 KiB each, 20 MiB in all; ${subpackages.length} subpackages):`);
  line('main', figuresOf(main));
  for (const p of subpackages) line(`${p.label} (${p.root})`, figuresOf(inPackage(p.root)));
  line('all', figuresOf(files));
}

async function h5FirstLoad() {
  const h5 = path.join(ROOT, 'dist', 'h5');
  const browserPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(path.join(h5, 'index.html'))) return console.log('h5: not built (npm run build:h5)');
  if (!fs.existsSync(browserPath)) return console.log(`h5: no browser at ${browserPath}`);
  await withGateway('size', { staticDir: h5 }, async ({ db, url, token }) => {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-bench-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: browserPath,
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
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    try {
      const [member] = await rows<{ id: string }>(db, sql`SELECT id FROM people WHERE name = '张伟' LIMIT 1`);
      const session = await token(member.id);
      const page = context.pages()[0] ?? (await context.newPage());
      // Signed in as a demo member the way Taro's h5 storage keeps our session ({ data: token }).
      await page.addInitScript((t) => window.localStorage.setItem('pu.session', JSON.stringify({ data: t })), session);
      const sizes: { url: string; bytes: number }[] = [];
      page.on('requestfinished', async (req) => {
        const s = await req.sizes().catch(() => null);
        if (s && !req.url().includes('/api/')) sizes.push({ url: req.url(), bytes: s.responseBodySize + s.responseHeadersSize });
      });
      const started = Date.now();
      await page.goto(`${url}/#/pages/home/index`);
      await page.locator('.member-card').waitFor({ state: 'visible', timeout: 60_000 });
      const shownMs = Date.now() - started;
      await page.waitForLoadState('networkidle');
      const total = sizes.reduce((n, s) => n + s.bytes, 0);
      console.log(
        `h5 first load of the home page: ${kib(total)} over the wire in ${sizes.length} requests (gzip), member card shown after ${shownMs} ms`,
      );
      for (const s of sizes.sort((a, b) => b.bytes - a.bytes).slice(0, 5))
        console.log(`  ${kib(s.bytes).padStart(10)}  ${new URL(s.url).pathname}`);
    } finally {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    }
  });
}

export async function run(): Promise<void> {
  weappSize();
  await h5FirstLoad();
}
