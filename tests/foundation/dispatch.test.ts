import { sql } from 'drizzle-orm';
import { createHarness, type Harness } from '../support/harness';
import { rows } from '../../cloudfunctions/core/db/client';
import { actionRegistry } from '../../cloudfunctions/core/actions';
import { AppError } from '../../cloudfunctions/core/errors';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

/** Fingerprint of everything that could have been written. */
async function snapshot() {
  const [r] = await rows<{ a: number; u: string }>(
    h.database.db,
    sql`SELECT (SELECT count(*)::int FROM audit_log) AS a, (SELECT string_agg(short_name || theme_color, ',' ORDER BY id) FROM unions) AS u`,
  );
  return r;
}

describe('a bad request gets a clear error and changes nothing', () => {
  const cases: [string, string, unknown, string][] = [
    ['unknown action', 'unions', { action: 'unions.explode', input: {} }, 'UNKNOWN_ACTION'],
    ['action of another function', 'unions', { action: 'booking.book', input: {} }, 'UNKNOWN_ACTION'],
    ['missing action', 'unions', { input: {} }, 'INVALID_INPUT'],
    ['not an object', 'unions', [1, 2, 3], 'BAD_REQUEST'],
    ['bad JSON text', 'unions', '{"action": "unions.home", ', 'BAD_JSON'],
    ['wrong types', 'unions', { action: 'unions.updateBranding', input: { unionId: 42, themeColor: true } }, 'INVALID_INPUT'],
    ['unknown field', 'unions', { action: 'unions.home', input: { personId: 'someone-else' } }, 'INVALID_INPUT'],
    [
      'oversized payload',
      'unions',
      { action: 'unions.updateBranding', input: { unionId: 'x', slogan: 'x'.repeat(300 * 1024) } },
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'oversized text body',
      'unions',
      JSON.stringify({ action: 'unions.home', input: { pad: 'y'.repeat(300 * 1024) } }),
      'PAYLOAD_TOO_LARGE',
    ],
    ['session token of the wrong type', 'unions', { action: 'unions.home', input: {}, sessionToken: 12 }, 'BAD_REQUEST'],
  ];
  test.each(cases)('%s', async (_name, fn, event, code) => {
    const before = await snapshot();
    const res = await h.raw(fn, event, h.base.people.wangFang);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe(code);
    expect(res.error.message).toMatch(/[\u4e00-\u9fa5]/); // a Chinese message
    expect(JSON.stringify(res.error)).not.toMatch(/at .*\.ts:\d+|Error:/); // never a stack trace
    expect(await snapshot()).toEqual(before);
  });

  test('validation messages name the field in Chinese', async () => {
    const res = await h.call(h.base.people.wangFang, 'unions.updateBranding', {
      unionId: h.base.unions.xinghuo,
      themeColor: 'red',
    });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.message).toBe('主题色：应为 #RRGGBB 颜色');
    expect(res.error.fields).toEqual({ themeColor: '主题色：应为 #RRGGBB 颜色' });
  });
});

describe('identity never comes from the payload', () => {
  test('anonymous callers are refused', async () => {
    const res = await h.call(null, 'unions.home', {});
    expect(res).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  test('a forged session token is refused', async () => {
    const res = await h.raw('unions', {
      action: 'unions.home',
      input: {},
      sessionToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged',
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});

describe('every call is one transaction', () => {
  test('a handler that fails after writing leaves nothing behind', async () => {
    const def = actionRegistry.get('unions.updateBranding')!;
    const original = def.handler;
    def.handler = async (ctx) => {
      await original.call(def, ctx); // writes the union and its audit entry …
      throw new AppError('INTEGRITY', '测试：写入后失败'); // … then fails
    };
    try {
      const before = await snapshot();
      const res = await h.call(h.base.people.wangFang, 'unions.updateBranding', {
        unionId: h.base.unions.xinghuo,
        themeColor: '#000000',
      });
      expect(res).toMatchObject({ ok: false, error: { code: 'INTEGRITY' } });
      expect(await snapshot()).toEqual(before);
    } finally {
      def.handler = original;
    }
  });

  test('a successful change is written together with its audit entry', async () => {
    const before = await snapshot();
    const brand = await h.ok(h.base.people.wangFang, 'unions.updateBranding', {
      unionId: h.base.unions.xinghuo,
      slogan: '新口号',
    });
    expect(brand.slogan).toBe('新口号');
    const after = await snapshot();
    expect(after.a).toBe(before.a + 1);
    const [entry] = await rows<{ actor_id: string; action: string }>(
      h.database.db,
      sql`SELECT actor_id, action FROM audit_log ORDER BY id DESC LIMIT 1`,
    );
    expect(entry).toEqual({ actor_id: h.base.people.wangFang, action: 'unions.updateBranding' });
  });
});
