import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../cloudfunctions/core/db/client';
import { seedDemo } from '../../cloudfunctions/core/db/seed';
import { issueSession } from '../../cloudfunctions/core/auth/session';
import { send } from '../../src/api/transport.h5';
import { BUILD, FUNCTIONS, ROOT, bundleSuite, callBundle } from '../support/bundles';

/**
 * Every event CloudBase sends, through the deployable bundles (build/functions): mini-program calls, HTTP-access
 * (云接入) requests as the h5 build on static hosting makes them, and timer triggers — which only the platform's
 * TRIGGER_SRC marks, never the event's own shape.
 */
const SESSION_SECRET = 'bundle-events-test-secret-0123456789abcdef';
const ENV = { SESSION_SECRET };

type Api = { ok: boolean; data?: any; error?: { code: string; message: string } };
type Http = { statusCode: number; headers: Record<string, string>; body: string; isBase64Encoded: boolean };

const httpEvent = (fn: string, body: unknown, headers: Record<string, string> = {}, extra: Record<string, unknown> = {}) => ({
  path: `/api/${fn}`,
  httpMethod: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
  isBase64Encoded: false,
  queryStringParameters: {},
  ...extra,
});

bundleSuite('CloudBase events through the built bundles', () => {
  let dataDir: string;
  let token: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-bundle-events-'));
    const database = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    const base = await seedDemo(database.db);
    await database.close();
    token = await issueSession(new TextEncoder().encode(SESSION_SECRET), {
      personId: base.people.zhangWei,
      kind: 'dev',
      version: 0,
    });
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  /** What the booking timer answers: reminders written, and the outbox's delivery report. */
  const timerRun = {
    reminded: expect.any(Number),
    pushed: expect.any(Number),
    delivery: {
      sent: expect.any(Number),
      skipped: expect.any(Number),
      retry: expect.any(Number),
      failed: expect.any(Number),
      throttled: [],
    },
  };

  describe('what each bundle holds', () => {
    // Read when the suite runs, not when jest collects it: a skipped suite (no build) must not touch the file.
    let composition: Record<string, { bytes: number; parts: Record<string, number> }>;
    beforeAll(() => {
      composition = JSON.parse(fs.readFileSync(path.join(ROOT, 'build', 'functions-composition.json'), 'utf8'));
    });
    const AREAS = ['unions', 'membership', 'aid', 'congress', 'booking', 'perks'];

    test.each(FUNCTIONS)('%s holds its own area and no other', (fn) => {
      const areas = Object.keys(composition[fn].parts)
        .map((p) => p.match(/^cloudfunctions\/core\/([^/]+)$/)?.[1])
        .filter((a): a is string => !!a && AREAS.includes(a));
      expect(areas).toEqual([fn]);
    });

    test('exceljs only in the functions that read or write spreadsheets', () => {
      const withExcel = FUNCTIONS.filter((fn) => 'exceljs' in composition[fn].parts);
      expect(withExcel).toEqual(['membership', 'aid']);
      for (const fn of ['unions', 'congress', 'booking', 'perks']) expect(composition[fn].bytes).toBeLessThan(1024 * 1024);
    });

    test('booking carries the subscribeMessage.send permission where the platform reads it', () => {
      const config = JSON.parse(fs.readFileSync(path.join(BUILD, 'booking', 'config.json'), 'utf8'));
      expect(config.permissions.openapi).toContain('subscribeMessage.send');
    });
  });

  describe('HTTP access (云接入)', () => {
    test('POST /api/<function> with a bearer session answers in the HTTP-access shape', () => {
      const res = callBundle<Http>(
        'unions',
        httpEvent('unions', { action: 'unions.home', input: {} }, { Authorization: `Bearer ${token}` }),
        dataDir,
        { env: ENV },
      );
      expect(res.statusCode).toBe(200);
      expect(res.isBase64Encoded).toBe(false);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['access-control-allow-origin']).toBe('*');
      const body = JSON.parse(res.body) as Api;
      expect(body.ok).toBe(true);
      expect(body.data).toBeTruthy();
    });

    test('without a session the same call is refused in the body, with a Chinese message', () => {
      const res = callBundle<Http>('unions', httpEvent('unions', { action: 'unions.home', input: {} }), dataDir, { env: ENV });
      const body = JSON.parse(res.body) as Api;
      expect(body.ok).toBe(false);
      expect(body.error?.code).toBe('UNAUTHENTICATED');
      expect(body.error?.message).toMatch(/[\u4e00-\u9fa5]/);
    });

    test('a base64 body and a lower-case authorization header read the same', () => {
      const raw = Buffer.from(JSON.stringify({ action: 'unions.home', input: {} })).toString('base64');
      const res = callBundle<Http>(
        'unions',
        httpEvent('unions', raw, { authorization: `Bearer ${token}` }, { isBase64Encoded: true }),
        dataDir,
        { env: ENV },
      );
      expect((JSON.parse(res.body) as Api).ok).toBe(true);
    });

    test('bad JSON is a coded refusal, not a crash', () => {
      const res = callBundle<Http>('aid', httpEvent('aid', '{"action":'), dataDir, { env: ENV });
      expect(res.statusCode).toBe(200);
      expect((JSON.parse(res.body) as Api).error?.code).toBe('BAD_JSON');
    });

    test('CORS preflight, other methods, and origins narrowed by PU_CORS_ORIGINS', () => {
      const origin = 'https://pu-prod-1300000000.tcloudbaseapp.com';
      const preflight = callBundle<Http>(
        'congress',
        { ...httpEvent('congress', ''), httpMethod: 'OPTIONS', headers: { Origin: origin } },
        dataDir,
        {
          env: { ...ENV, PU_CORS_ORIGINS: `${origin}, https://other.example` },
        },
      );
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(origin);
      expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
      expect(preflight.headers['access-control-allow-methods']).toMatch(/POST/);
      const stranger = callBundle<Http>(
        'congress',
        { ...httpEvent('congress', ''), httpMethod: 'OPTIONS', headers: { Origin: 'https://evil.example' } },
        dataDir,
        {
          env: { ...ENV, PU_CORS_ORIGINS: origin },
        },
      );
      expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
      const get = callBundle<Http>('congress', { ...httpEvent('congress', ''), httpMethod: 'GET' }, dataDir, { env: ENV });
      expect(get.statusCode).toBe(405);
      expect((JSON.parse(get.body) as Api).error?.code).toBe('METHOD_NOT_ALLOWED');
    });

    test('the h5 transport, pointed at an HTTP-access base (TARO_APP_API_BASE), reaches the same function', async () => {
      const saved = { base: process.env.TARO_APP_API_BASE, fetch: global.fetch };
      const seen: string[] = [];
      process.env.TARO_APP_API_BASE = 'https://pu-prod.service.tcloudbase.com/api/';
      // What CloudBase HTTP access does with the browser's request: an event to the routed function, then HTTP.
      global.fetch = (async (url: string, init: RequestInit = {}) => {
        seen.push(url);
        const u = new URL(url);
        const fn = u.pathname.split('/').pop()!;
        const res = callBundle<Http>(
          fn,
          {
            ...httpEvent(fn, String(init.body ?? ''), init.headers as Record<string, string>),
            path: u.pathname,
            httpMethod: init.method ?? 'GET',
          },
          dataDir,
          { env: ENV },
        );
        return new Response(res.statusCode === 204 ? null : res.body, { status: res.statusCode, headers: res.headers });
      }) as typeof fetch;
      try {
        const res = await send({ fn: 'unions', action: 'unions.home', input: {}, token });
        expect(seen).toEqual(['https://pu-prod.service.tcloudbase.com/api/unions']);
        expect(res.ok).toBe(true);
      } finally {
        global.fetch = saved.fetch;
        if (saved.base === undefined) delete process.env.TARO_APP_API_BASE;
        else process.env.TARO_APP_API_BASE = saved.base;
      }
    });

    test('mini-program calls keep their plain shape: the object in, the ApiResponse out', () => {
      const res = callBundle<Api>('unions', { action: 'unions.home', input: {}, sessionToken: token }, dataDir, { env: ENV });
      expect(res.ok).toBe(true);
      expect(res).not.toHaveProperty('statusCode');
    });
  });

  describe('timer triggers', () => {
    const timer = { Type: 'Timer', TriggerName: 'bookingReminders', Time: '2026-11-26T07:30:00+08:00' };

    test('a caller-shaped timer event does not run the reminder job', () => {
      const res = callBundle<Api>('booking', timer, dataDir, { env: ENV });
      expect(res.ok ? 'RAN THE TIMER' : res.error?.code).toBe('INVALID_INPUT');
      const viaHttp = callBundle<Http>('booking', httpEvent('booking', timer), dataDir, { env: ENV });
      const body = JSON.parse(viaHttp.body) as Api;
      expect(body.ok ? 'RAN THE TIMER' : body.error?.code).toBe('INVALID_INPUT');
    });

    test('the platform timer (TRIGGER_SRC=timer, in the environment or the invocation context) runs it', () => {
      const byEnv = callBundle<Api>('booking', timer, dataDir, { env: { ...ENV, TRIGGER_SRC: 'timer' } });
      expect(byEnv.ok).toBe(true);
      expect(byEnv.data).toEqual(timerRun);
      const byContext = callBundle<Api>('booking', timer, dataDir, {
        env: ENV,
        context: { request_id: 'r-1', function_name: 'booking', environment: JSON.stringify({ TRIGGER_SRC: 'timer' }) },
      });
      expect(byContext.ok).toBe(true);
      expect(byContext.data).toEqual(timerRun);
    });
  });
});
