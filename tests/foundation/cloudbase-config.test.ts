import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigParser } from '@cloudbase/toolbox';
import { parseSubscribeTemplates } from '../../cloudfunctions/core/notices/wechat-subscribe';
import { PRODUCTION_VARIABLES } from '../../cloudfunctions/core/local-data';

/**
 * What the CloudBase CLI (`tcb`) will read: cloudbaserc.json through its own config loader (@cloudbase/toolbox
 * ConfigParser, which substitutes `{{env.X}}` as raw text), and the storage security rules the deploy applies.
 */
const ROOT = path.resolve(__dirname, '..', '..');
/** The functions that answer calls (mini-program and HTTP access), and the timer-only retention function. */
const FUNCTIONS = ['unions', 'membership', 'aid', 'congress', 'booking', 'perks'];
const DEPLOYED = [...FUNCTIONS, 'retention'];

const DEPLOY_ENV: Record<string, string> = {
  ENV_ID: 'palm-union-prod-1a2b3c',
  DATABASE_URL: 'postgres://pu_app:p%40ss%3Bw0rd@10.0.0.8:6432/palm_union?sslmode=require',
  SESSION_SECRET: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  PU_HASH_KEY: 'hash-key-0123456789',
  PU_AID_KEY: '4b227777d4dd1fc61c6f884f48641d02b4d121d3fd328cb08b5531fcacdabf8a',
  PU_CORS_ORIGINS: 'https://palm-union-prod-1a2b3c-1300000000.tcloudbaseapp.com',
  PU_API_BASE: 'https://palm-union-prod-1a2b3c.service.tcloudbase.com/api',
  PU_SUBSCRIBE_TEMPLATES: 'reminder:AbC-dEf_123:thing1:thing4,cancelled_by_staff:XyZ_987',
  VPC_ID: 'vpc-abc123',
  SUBNET_ID: 'subnet-def456',
  WECOM_CORP_ID: 'ww0123456789abcdef',
  WECOM_APP_SECRET: 'secret-secret',
  PU_MINIPROGRAM_APPID: 'wx0123456789abcdef',
};

/** Loads cloudbaserc.json exactly as `tcb` does, with the given deploy environment (and no .env files around). */
async function loadAsCli(env: Record<string, string | undefined>): Promise<Record<string, any>> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-tcb-'));
  try {
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    return await new ConfigParser({ cwd, configPath: path.join(ROOT, 'cloudbaserc.json') }).get();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}

describe('cloudbaserc.json as the CloudBase CLI reads it', () => {
  test('every deploy variable arrives as the same string, subscription templates included', async () => {
    const config = await loadAsCli(DEPLOY_ENV);
    expect(config.envId).toBe(DEPLOY_ENV.ENV_ID);
    expect(config.functions.map((f: { name: string }) => f.name)).toEqual(DEPLOYED);
    for (const fn of config.functions) {
      for (const [key, value] of Object.entries(fn.envVariables as Record<string, unknown>)) {
        expect(typeof value).toBe('string');
        if (key in DEPLOY_ENV) expect(value).toBe(DEPLOY_ENV[key]);
      }
      expect(fn.vpc).toEqual({ vpcId: 'vpc-abc123', subnetId: 'subnet-def456' });
      // a production cold start refuses without these (assertProductionEnvironment): every function gets them all
      for (const v of PRODUCTION_VARIABLES)
        expect({ fn: fn.name, v, value: fn.envVariables[v] }).toEqual({ fn: fn.name, v, value: DEPLOY_ENV[v] });
      if (FUNCTIONS.includes(fn.name)) expect(fn.envVariables.PU_CORS_ORIGINS).toBe(DEPLOY_ENV.PU_CORS_ORIGINS);
    }
    const booking = config.functions.find((f: { name: string }) => f.name === 'booking');
    const { templates, problems } = parseSubscribeTemplates(booking.envVariables.PU_SUBSCRIBE_TEMPLATES);
    expect(problems).toEqual([]);
    expect(templates).toEqual({
      reminder: { id: 'AbC-dEf_123', title: 'thing1', body: 'thing4' },
      cancelled_by_staff: { id: 'XyZ_987', title: 'thing1', body: 'thing2' },
    });
    expect(booking.triggers).toEqual([{ name: 'bookingReminders', type: 'timer', config: '0 */1 * * * * *' }]);
    const retention = config.functions.find((f: { name: string }) => f.name === 'retention');
    expect(retention.triggers.map((t: { name: string }) => t.name)).toEqual(['purgeStaleUploads', 'federationRollup']);
    // the timer delivers the outbox: WeCom app messages need the corp, its secret and the linked mini-program
    expect(booking.envVariables).toMatchObject({
      WECOM_CORP_ID: DEPLOY_ENV.WECOM_CORP_ID,
      WECOM_APP_SECRET: DEPLOY_ENV.WECOM_APP_SECRET,
      PU_MINIPROGRAM_APPID: DEPLOY_ENV.PU_MINIPROGRAM_APPID,
    });
  });

  test('a JSON value breaks the CLI parser, which is why templates are `kind:id[:title:body]` text', async () => {
    const json = JSON.stringify({ reminder: { id: 'AbC', title: 'thing1', body: 'thing4' } });
    await expect(loadAsCli({ ...DEPLOY_ENV, PU_SUBSCRIBE_TEMPLATES: json })).rejects.toThrow();
  });

  test('so does a quote or backslash in any value: secrets are generated as hex (README)', async () => {
    await expect(loadAsCli({ ...DEPLOY_ENV, SESSION_SECRET: 'k3y"with-quote' })).rejects.toThrow();
    await expect(loadAsCli({ ...DEPLOY_ENV, SESSION_SECRET: 'k3y\\' })).rejects.toThrow();
  });

  test('unset optional variables become empty strings the functions treat as unset', async () => {
    const config = await loadAsCli({ ...DEPLOY_ENV, PU_SUBSCRIBE_TEMPLATES: undefined, PU_CORS_ORIGINS: undefined });
    const booking = config.functions.find((f: { name: string }) => f.name === 'booking');
    expect(booking.envVariables.PU_SUBSCRIBE_TEMPLATES).toBe('');
    expect(booking.envVariables.PU_CORS_ORIGINS).toBe('');
  });

  test('HTTP-access routes (POST /api/<function>) and h5 static hosting are declared for every function', async () => {
    const config = await loadAsCli(DEPLOY_ENV);
    const api = config.framework.plugins.api;
    expect(api.use).toBe('@cloudbase/framework-plugin-function');
    expect(api.inputs.functionRootPath).toBe(config.functionRoot);
    expect(api.inputs.servicePaths).toEqual(Object.fromEntries(FUNCTIONS.map((f) => [f, `/api/${f}`])));
    const h5 = config.framework.plugins.h5;
    expect(h5.use).toBe('@cloudbase/framework-plugin-website');
    expect(h5.inputs.outputPath).toBe('dist/h5');
    // the h5 build is pointed at the HTTP-access base of the same functions
    expect(h5.inputs.buildCommand).toBe(`TARO_APP_API_BASE=${DEPLOY_ENV.PU_API_BASE} npm run build:h5`);
  });
});

describe('PU_SUBSCRIBE_TEMPLATES reader', () => {
  test('names the entries it cannot read and keeps the rest', () => {
    const { templates, problems } = parseSubscribeTemplates(
      ' reminder:T1 , nonsense:T2, suspended:, waitlist_assigned:T3:thing1:thing2:extra ',
    );
    expect(templates).toEqual({ reminder: { id: 'T1', title: 'thing1', body: 'thing2' } });
    expect(problems).toEqual([
      'unknown notice kind in "nonsense:T2"',
      'cannot read "suspended:"',
      'cannot read "waitlist_assigned:T3:thing1:thing2:extra"',
    ]);
  });
});

/**
 * CloudBase storage security rules (cloudbase/storage.rules.json, applied by the deploy): `read` / `write` are
 * expressions over `auth` (null when not signed in) and `resource` ({ openid, path }). The expressions use a
 * subset of JavaScript (==, !=, &&, ||, !, regex literal `.test`), so they are evaluated here as JavaScript after
 * checking they use nothing else.
 */
type Auth = { openid?: string | null; uid?: string | null; loginType?: string } | null;
const rules = JSON.parse(fs.readFileSync(path.join(ROOT, 'cloudbase', 'storage.rules.json'), 'utf8')) as Record<string, unknown>;

function allows(op: 'read' | 'write', auth: Auth, resource: { path: string; openid: string }): boolean {
  const rule = rules[op];
  if (rule === undefined || rule === false) return false;
  if (rule === true) return true;
  if (typeof rule !== 'string') throw new Error(`rule ${op} is neither boolean nor expression`);
  const words = rule.replace(/\/\^[^/]*(\\\/[^/]*)*\//g, ' ').match(/[A-Za-z_][\w.]*/g) ?? [];
  const unknown = words.filter(
    (w) => !/^(auth(\.(openid|uid|loginType))?|resource\.(openid|path)|test|null|true|false)$/.test(w),
  );
  if (unknown.length) throw new Error(`rule ${op} uses ${unknown.join(', ')}`);
  // The rule text is vetted word by word above; evaluating it is the point of this mini evaluator.
  return Boolean(new Function('auth', 'resource', `return (${rule});`)(auth, resource));
}

describe('storage security rules', () => {
  const member: Auth = { openid: 'o-member', loginType: 'WECHAT' };
  const other: Auth = { openid: 'o-other', loginType: 'WECHAT' };
  const webUser: Auth = { uid: 'u-web', openid: null, loginType: 'ANONYMOUS' };

  test.each([
    ['aid/2026/11/claim-attachment.jpg', 'o-member'],
    ['aid-uploads/p-1/1700000000000-ab12cd.jpg', 'o-member'],
  ])('no client reads a mutual-aid file (%s), not even its uploader', (filePath, owner) => {
    for (const who of [null, member, other, webUser]) expect(allows('read', who, { path: filePath, openid: owner })).toBe(false);
  });

  test('no client writes or deletes a stored attachment under aid/', () => {
    for (const who of [null, member, other, webUser]) {
      expect(allows('write', who, { path: 'aid/2026/11/claim.jpg', openid: 'o-member' })).toBe(false);
      expect(allows('write', who, { path: 'aid/2026/11/claim.jpg', openid: '' })).toBe(false);
    }
  });

  test('a WeChat member uploads only into aid-uploads/ and only over their own file', () => {
    const upload = { path: 'aid-uploads/p-1/1700000000000-ab12cd.jpg', openid: 'o-member' };
    expect(allows('write', member, upload)).toBe(true);
    expect(allows('write', other, upload)).toBe(false);
    expect(allows('write', null, upload)).toBe(false);
    expect(allows('write', webUser, { ...upload, openid: '' })).toBe(false);
    expect(allows('write', member, { path: 'somewhere/else.jpg', openid: 'o-member' })).toBe(false);
  });

  test('the evaluator refuses what it does not understand (so the checks above mean something)', () => {
    expect(() => allows('read', member, { path: 'x', openid: 'y' })).not.toThrow();
    const saved = rules.read;
    rules.read = 'request.time > 0';
    try {
      expect(() => allows('read', member, { path: 'x', openid: 'y' })).toThrow(/request/);
    } finally {
      rules.read = saved;
    }
  });
});
