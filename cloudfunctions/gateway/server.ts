import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { eq } from 'drizzle-orm';
import { openDatabase, poolSize, type Database } from '../core/db/client';
import { assertProductionEnvironment, isProduction, useDataDir } from '../core/local-data';
import { assertPlatformKey } from '../core/platform/platform-key';
import { isEmpty, seedDemo } from '../core/db/seed';
import { configureRuntime, resetRuntime } from '../core/runtime';
import { systemClock, type Clock } from '../core/clock';
import { loadSessionSecret } from '../core/auth/session';
import { issuePersonSession } from '../core/auth/identity';
import { wecomExchangeFromEnv, wecomWebFromEnv } from '../core/auth/wecom';
import { MAX_PAYLOAD_BYTES } from '../core/dispatch';
import { functions } from './functions';
import { devPeople } from './dev-people';
import { people } from '../core/db/schema';
import { resealAidSecrets } from '../core/aid/reseal';
import { attachmentResponse } from '../core/aid/storage';
import { purgeOnInterval } from '../core/purge';

export interface GatewayOptions {
  port?: number;
  host?: string;
  /** Folder of every file the process writes (PGlite, uploads, generated keys); default PU_DATA_DIR or ./.data. */
  dataDir?: string;
  /** postgres://… instead of PGlite. */
  databaseUrl?: string;
  /** The h5 build to serve; omitted = API only. */
  staticDir?: string;
  /** Seed the demo federation when the database is empty. */
  seed?: boolean;
  clock?: Clock;
  /** An already open database (tests). */
  database?: Database;
}

export interface Gateway {
  url: string;
  database: Database;
  close(): Promise<void>;
}

/** Pending connections the kernel may queue for us (capped by net.core.somaxconn, 4,096 on current kernels). */
const LISTEN_BACKLOG = 4096;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

function send(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

/** Read a request body, refusing more than the payload limit without buffering it. */
function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_PAYLOAD_BYTES) {
        resolve(null);
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg']);
/** Gzipped copies of the build's text files, made once per file version. */
const gzipped = new Map<string, { mtimeMs: number; body: Buffer }>();

function gzipOf(file: string, mtimeMs: number): Buffer {
  const hit = gzipped.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.body;
  const body = zlib.gzipSync(fs.readFileSync(file), { level: 9 });
  gzipped.set(file, { mtimeMs, body });
  return body;
}

/**
 * What every page and asset of the h5 build is served with: scripts from this origin plus the build's own
 * inline scripts by hash (Taro inlines the root font-size script), styles from this origin plus inline ones
 * (Taro and NutUI set style attributes and inject <style> elements), images also as data:/blob: and from
 * https hosts (union logos), never framed (clickjacking), never sniffed.
 */
export function pageSecurityHeaders(inlineScriptHashes: readonly string[] = []): Record<string, string> {
  return {
    'content-security-policy': [
      "default-src 'self'",
      ["script-src 'self'", ...inlineScriptHashes.map((h) => `'${h}'`)].join(' '),
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob: https:",
      "font-src 'self' data:",
      "media-src 'self' https:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
  };
}

/** sha256 sources of the inline <script> elements of a page, as CSP wants them. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)]
    .filter((m) => m[1].length > 0)
    .map((m) => `sha256-${crypto.createHash('sha256').update(m[1], 'utf8').digest('base64')}`);
}

/** The headers of one static root, following its index.html as it is rebuilt. */
const headersOfRoot = new Map<string, { mtimeMs: number; headers: Record<string, string> }>();
function staticSecurityHeaders(base: string): Record<string, string> {
  const index = path.join(base, 'index.html');
  const mtimeMs = fs.statSync(index, { throwIfNoEntry: false })?.mtimeMs ?? -1;
  const hit = headersOfRoot.get(base);
  if (hit && hit.mtimeMs === mtimeMs) return hit.headers;
  const headers = pageSecurityHeaders(mtimeMs < 0 ? [] : inlineScriptHashes(fs.readFileSync(index, 'utf8')));
  headersOfRoot.set(base, { mtimeMs, headers });
  return headers;
}

function sendText(res: http.ServerResponse, status: number, text: string) {
  res.writeHead(status, { ...pageSecurityHeaders(), 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

/**
 * The file of the h5 build a request path names, or why not: `root` may be relative (`npm start` passes
 * `dist/h5`) or absolute. A path that does not decode is a bad request; one that leaves the build is refused.
 */
export function resolveStatic(root: string, urlPath: string): { file: string } | { status: 400 | 403 | 404 } {
  const base = path.resolve(root);
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return { status: 400 };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { status: 400 };
  if (decoded.split('/').includes('..')) return { status: 403 };
  const file = path.resolve(base, `.${path.posix.normalize(`/${decoded}`)}`);
  if (file !== base && !file.startsWith(base + path.sep)) return { status: 403 };
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat?.isFile()) return { file };
  // A missing script, style or image is a 404, never the app shell (which would fail silently as a blank page).
  if (path.extname(decoded)) return { status: 404 };
  return { file: path.join(base, 'index.html') };
}

function serveStatic(root: string, req: http.IncomingMessage, res: http.ServerResponse) {
  const found = resolveStatic(root, req.url ?? '/');
  if ('status' in found)
    return sendText(res, found.status, found.status === 400 ? '请求路径无效' : found.status === 403 ? '禁止访问' : '未找到');
  const file = found.file;
  if (!fs.existsSync(file)) return sendText(res, 404, '尚未构建 H5：请先运行 npm run build:h5');
  const headers: http.OutgoingHttpHeaders = {
    ...staticSecurityHeaders(path.resolve(root)),
    'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': path.basename(file) === 'index.html' ? 'no-cache' : 'public, max-age=3600',
    vary: 'accept-encoding',
  };
  if (COMPRESSIBLE.has(path.extname(file)) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    const body = gzipOf(file, fs.statSync(file).mtimeMs);
    res.writeHead(200, { ...headers, 'content-encoding': 'gzip', 'content-length': body.length });
    res.end(body);
    return;
  }
  res.writeHead(200, headers);
  fs.createReadStream(file).pipe(res);
}

/**
 * The local host of the very same cloud functions: POST /api/<function> with { action, input }
 * and `Authorization: Bearer <session>`; plus the 开发登录 routes and the h5 build.
 */
export async function startGateway(opts: GatewayOptions = {}): Promise<Gateway> {
  assertProductionEnvironment();
  // Every file this process writes goes under dataDir: PGlite, uploads, the generated keys (core/local-data.ts).
  const dataDir = path.resolve(opts.dataDir ?? process.env.PU_DATA_DIR ?? '.data');
  useDataDir(dataDir);
  const databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL;
  const database =
    opts.database ??
    (await openDatabase(databaseUrl ? { url: databaseUrl, poolSize: poolSize(10) } : { dataDir: path.join(dataDir, 'pglite') }));
  // rows from before sealing, sealed under this install's key (production: `npm run migrate` does it)
  if (!isProduction()) await resealAidSecrets(database.db);
  await assertPlatformKey(database.db).catch(async (e) => {
    if (!opts.database) await database.close();
    throw e;
  });
  if (opts.seed && !isProduction() && (await isEmpty(database.db))) await seedDemo(database.db);
  const devLoginAllowed = !isProduction();
  const secret = loadSessionSecret(dataDir);
  const clock = opts.clock ?? systemClock;
  configureRuntime({ db: database.db, clock, secret, wecom: wecomExchangeFromEnv(), wecomWeb: wecomWebFromEnv(), dataDir });
  const stopPurge = purgeOnInterval(database.db, clock);

  const server = http.createServer(async (req, res) => {
    try {
      const url = req.url ?? '/';
      if (url.startsWith('/api/')) {
        const route = url.slice(5).split('?')[0];
        if (route === 'dev/people' && req.method === 'GET') {
          if (!devLoginAllowed)
            return send(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: '开发登录在生产环境不可用' } });
          return send(res, 200, { ok: true, data: { people: await devPeople(database.db) } });
        }
        if (route === 'dev/login' && req.method === 'POST') {
          if (!devLoginAllowed)
            return send(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: '开发登录在生产环境不可用' } });
          const body = await readBody(req);
          let personId: unknown;
          try {
            personId = JSON.parse(body ?? '{}').personId;
          } catch {
            personId = undefined;
          }
          const [person] =
            typeof personId === 'string' && /^[0-9a-f-]{36}$/i.test(personId)
              ? await database.db.select({ id: people.id }).from(people).where(eq(people.id, personId))
              : [];
          if (!person) return send(res, 400, { ok: false, error: { code: 'INVALID_INPUT', message: '人员：不存在' } });
          return send(res, 200, { ok: true, data: { token: await issuePersonSession(database.db, secret, person.id, 'dev') } });
        }
        const fn = functions[route];
        if (!fn || req.method !== 'POST')
          return send(res, 404, {
            ok: false,
            error: { code: 'UNKNOWN_FUNCTION', message: `未知的云函数：${route.slice(0, 40)}` },
          });
        const body = await readBody(req);
        if (body === null)
          return send(res, 413, { ok: false, error: { code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大（上限 256 KB）' } });
        const auth = req.headers.authorization;
        const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
        const result = await fn(body, { local: true, sessionToken: token });
        return send(res, 200, result);
      }
      // Claim attachments through short-lived signed links (aid.attachmentUrl); the token is the only credential.
      if (url.startsWith('/files/') && req.method === 'GET') {
        const r = await attachmentResponse(url.slice(7).split('?')[0], clock());
        res.writeHead(r.status, r.headers);
        return res.end(r.body);
      }
      if (opts.staticDir) return serveStatic(opts.staticDir, req, res);
      res.writeHead(404).end();
    } catch (e) {
      console.error('[gateway]', e);
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } });
    }
  });
  // A backlog of 4,096 (Node's default is 511): when a whole congress taps 投票 at once, the connections beyond
  // the accept queue would otherwise be dropped and retried by the client's TCP only after a second.
  await new Promise<void>((resolve) =>
    server.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1', backlog: LISTEN_BACKLOG }, resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    database,
    async close() {
      stopPurge();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      resetRuntime();
      if (!opts.database) await database.close();
    },
  };
}
