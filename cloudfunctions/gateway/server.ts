import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { eq } from 'drizzle-orm';
import { openDatabase, type Database } from '../core/db/client';
import { isEmpty, seedDemo } from '../core/db/seed';
import { configureRuntime, resetRuntime } from '../core/runtime';
import { systemClock, type Clock } from '../core/clock';
import { loadSessionSecret } from '../core/auth/session';
import { issuePersonSession } from '../core/auth/identity';
import { wecomExchangeFromEnv } from '../core/auth/wecom';
import { MAX_PAYLOAD_BYTES } from '../core/dispatch';
import { functions } from './functions';
import { devPeople } from './dev-people';
import { people } from '../core/db/schema';
import { attachmentResponse } from '../core/aid/storage';
import { purgeOnInterval } from '../core/purge';

export interface GatewayOptions {
  port?: number;
  host?: string;
  /** Folder for PGlite and the local session secret. */
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
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
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

function serveStatic(root: string, req: http.IncomingMessage, res: http.ServerResponse) {
  const urlPath = req.url ?? '/';
  const clean = path.normalize(decodeURIComponent(urlPath.split('?')[0])).replace(/^(\.\.[/\\])+/, '');
  let file = path.join(root, clean);
  if (!file.startsWith(path.resolve(root)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html');
  if (!fs.existsSync(file)) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('尚未构建 H5：请先运行 npm run build:h5');
    return;
  }
  const headers: http.OutgoingHttpHeaders = {
    'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600',
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
  const dataDir = path.resolve(opts.dataDir ?? process.env.PU_DATA_DIR ?? '.data');
  const databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL;
  const database = opts.database ?? (await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir: path.join(dataDir, 'pglite') }));
  if (opts.seed && (await isEmpty(database.db))) await seedDemo(database.db);
  const devLoginAllowed = process.env.NODE_ENV !== 'production';
  const secret = loadSessionSecret(dataDir);
  const clock = opts.clock ?? systemClock;
  configureRuntime({ db: database.db, clock, secret, wecom: wecomExchangeFromEnv() });
  const stopPurge = purgeOnInterval(database.db, clock);

  const server = http.createServer(async (req, res) => {
    try {
      const url = req.url ?? '/';
      if (url.startsWith('/api/')) {
        const route = url.slice(5).split('?')[0];
        if (route === 'dev/people' && req.method === 'GET') {
          if (!devLoginAllowed) return send(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: '开发登录在生产环境不可用' } });
          return send(res, 200, { ok: true, data: { people: await devPeople(database.db) } });
        }
        if (route === 'dev/login' && req.method === 'POST') {
          if (!devLoginAllowed) return send(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: '开发登录在生产环境不可用' } });
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
        if (!fn || req.method !== 'POST') return send(res, 404, { ok: false, error: { code: 'UNKNOWN_FUNCTION', message: `未知的云函数：${route.slice(0, 40)}` } });
        const body = await readBody(req);
        if (body === null) return send(res, 413, { ok: false, error: { code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大（上限 256 KB）' } });
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
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
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
