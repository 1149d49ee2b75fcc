import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startGateway, resolveStatic, type Gateway } from '../../cloudfunctions/gateway/server';
import { openDatabase, type Database } from '../../cloudfunctions/core/db/client';

/**
 * The gateway serves the h5 build from a relative folder (as `npm start` passes `dist/h5`) as well as an
 * absolute one, refuses to leave it, answers a malformed path with 400, and sends the page security headers.
 */
const INLINE = '!function(){document.documentElement.style.fontSize="20px"}();';
const INDEX = `<!doctype html><html><head><script>${INLINE}</script><script defer src="/js/app.1.js"></script><link href="/css/app.1.css" rel="stylesheet"></head><body><div id="app"></div></body></html>`;
const JS = 'console.log("app");';
const CSS = 'body{color:red}';

let build: string;
let database: Database;
beforeAll(async () => {
  build = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-h5-'));
  fs.mkdirSync(path.join(build, 'js'));
  fs.mkdirSync(path.join(build, 'css'));
  fs.writeFileSync(path.join(build, 'index.html'), INDEX);
  fs.writeFileSync(path.join(build, 'js', 'app.1.js'), JS);
  fs.writeFileSync(path.join(build, 'css', 'app.1.css'), CSS);
  fs.writeFileSync(path.join(path.dirname(build), `${path.basename(build)}-secret.txt`), 'outside the build');
  database = await openDatabase();
});
afterAll(async () => {
  await database.close();
  fs.rmSync(build, { recursive: true, force: true });
  fs.rmSync(path.join(path.dirname(build), `${path.basename(build)}-secret.txt`), { force: true });
});

/** GET with the path sent exactly as written (fetch would normalise `..` and `%2e%2e` first). */
function rawGet(base: string, rawPath: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    http
      .get({ hostname, port, path: rawPath }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

async function withGateway(staticDir: string, fn: (gw: Gateway) => Promise<void>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-gw-data-'));
  const gw = await startGateway({ database, dataDir, staticDir });
  try {
    await fn(gw);
  } finally {
    await gw.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

describe.each([
  ['relative (as npm start passes dist/h5)', () => path.relative(process.cwd(), build)],
  ['absolute', () => build],
])('static files from a %s folder', (_, root) => {
  test('scripts and styles answer with their own content and type, the app shell with security headers', async () => {
    expect(path.isAbsolute(root())).toBe(_ === 'absolute');
    await withGateway(root(), async (gw) => {
      const js = await fetch(`${gw.url}/js/app.1.js`);
      expect([js.status, js.headers.get('content-type'), await js.text()]).toEqual([
        200,
        'application/javascript; charset=utf-8',
        JS,
      ]);
      const css = await fetch(`${gw.url}/css/app.1.css`, { headers: { 'accept-encoding': 'identity' } });
      expect([css.status, css.headers.get('content-type'), await css.text()]).toEqual([200, 'text/css; charset=utf-8', CSS]);
      for (const page of ['/', '/index.html', '/some/route']) {
        const res = await fetch(`${gw.url}${page}`);
        expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([200, 'text/html; charset=utf-8', INDEX]);
      }
      // A missing asset is a 404, not the app shell (which a browser would run as a broken script).
      expect((await fetch(`${gw.url}/js/gone.1.js`)).status).toBe(404);
    });
  });
});

test('every page and asset response carries CSP, frame, sniffing and referrer headers; the inline script is allowed by its hash only', async () => {
  await withGateway(build, async (gw) => {
    for (const p of ['/', '/js/app.1.js', '/css/app.1.css', '/js/gone.1.js', '/%E0%A4%A']) {
      const h = (await fetch(`${gw.url}${p}`)).headers;
      const csp = h.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(h.get('x-frame-options')).toBe('DENY');
      expect(h.get('x-content-type-options')).toBe('nosniff');
      expect(h.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    }
    const csp = (await fetch(`${gw.url}/`)).headers.get('content-security-policy') ?? '';
    const hash = crypto.createHash('sha256').update(INLINE).digest('base64');
    expect(csp.split('; ').find((d) => d.startsWith('script-src'))).toBe(`script-src 'self' 'sha256-${hash}'`);
    expect((await fetch(`${gw.url}/api/unions`, { method: 'POST', body: '{}' })).headers.get('x-content-type-options')).toBe(
      'nosniff',
    );
  });
});

test('a malformed percent escape is a 400, not a 500', async () => {
  await withGateway(build, async (gw) => {
    for (const p of ['/%E0%A4%A', '/js/%zz.js', '/%']) {
      const res = await rawGet(gw.url, p);
      expect([p, res.status]).toEqual([p, 400]);
    }
  });
});

test('paths that leave the build are refused, however they are spelled', async () => {
  const secret = `${path.basename(build)}-secret.txt`;
  await withGateway(path.relative(process.cwd(), build), async (gw) => {
    for (const p of [
      `/../${secret}`,
      `/%2e%2e/${secret}`,
      `/..%2f${secret}`,
      `/js/..%2f..%2f${secret}`,
      '/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/%2e%2e%5c%2e%2e%5cetc%5cpasswd',
    ]) {
      const res = await rawGet(gw.url, p);
      const body = res.body;
      expect([p, body.includes('outside the build') || body.includes('root:')]).toEqual([p, false]);
      expect([p, res.status >= 400]).toEqual([p, true]);
    }
  });
  for (const root of [build, path.relative(process.cwd(), build)]) {
    expect(resolveStatic(root, `/%2e%2e/${secret}`)).toEqual({ status: 403 });
    expect(resolveStatic(root, '/js/app.1.js')).toEqual({ file: path.join(build, 'js', 'app.1.js') });
    expect(resolveStatic(root, '/%E0%A4%A')).toEqual({ status: 400 });
  }
});
