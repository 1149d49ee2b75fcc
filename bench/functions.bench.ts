import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { openDatabase } from '../cloudfunctions/core/db/client';
import { seedDemo } from '../cloudfunctions/core/db/seed';
import { issueSession } from '../cloudfunctions/core/auth/session';

/**
 * The deployable function bundles (`npm run build:functions`): each one's size and its cold start, measured as
 * CloudBase meets it — a fresh Node process that loads `index.js` and answers one signed-in call on an already
 * migrated, seeded database (embedded PGlite here; `BENCH_DATABASE_URL` for a real PostgreSQL). Median of 3 runs.
 */
const ROOT = path.resolve(__dirname, '..');
const BUILD = path.join(ROOT, 'build', 'functions');
const RUNS = 3;
const SECRET = 'bench-functions-secret-0123456789abcdef';

interface Sample {
  loadMs: number;
  firstCallMs: number;
  processMs: number;
  ok: boolean;
}

function coldStart(fn: string, event: unknown, dataDir: string): Sample {
  const script = `
    const t0 = process.hrtime.bigint();
    const m = require(${JSON.stringify(path.join(BUILD, fn, 'index.js'))});
    const t1 = process.hrtime.bigint();
    m.main(${JSON.stringify(event)}, {}).then((r) => {
      const t2 = process.hrtime.bigint();
      process.stdout.write(JSON.stringify({ loadMs: Number(t1 - t0) / 1e6, firstCallMs: Number(t2 - t1) / 1e6, ok: r.ok === true }));
      process.exit(0);
    });`;
  const started = process.hrtime.bigint();
  const out = execFileSync(process.execPath, ['-e', script], {
    env: {
      ...process.env,
      PU_DATA_DIR: dataDir,
      DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '',
      SESSION_SECRET: SECRET,
      NODE_OPTIONS: '',
      TRIGGER_SRC: '',
    },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { ...JSON.parse(out), processMs: Number(process.hrtime.bigint() - started) / 1e6 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run() {
  if (!fs.existsSync(path.join(BUILD, 'booking', 'index.js')))
    return console.log('functions: not built (npm run build:functions)');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-bench-functions-'));
  try {
    const database = process.env.BENCH_DATABASE_URL
      ? await openDatabase({ url: process.env.BENCH_DATABASE_URL })
      : await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    const base = await seedDemo(database.db);
    await database.close();
    const token = await issueSession(new TextEncoder().encode(SECRET), {
      personId: base.people.zhangWei,
      kind: 'dev',
      version: 0,
    });
    const calls: Record<string, { action: string; input: unknown }> = {
      unions: { action: 'unions.home', input: {} },
      membership: { action: 'membership.myMembership', input: {} },
      aid: { action: 'aid.myClaims', input: {} },
      congress: { action: 'congress.list', input: { unionId: base.unions.xinghuo } },
      booking: { action: 'booking.mine', input: {} },
    };
    console.log(
      `engine: ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}; median of ${RUNS} fresh processes per function`,
    );
    console.log('function     bundle    gzip   load(require)  first call   whole process  call ok');
    for (const [fn, call] of Object.entries(calls)) {
      const file = path.join(BUILD, fn, 'index.js');
      const bytes = fs.statSync(file).size;
      const gz = zlib.gzipSync(fs.readFileSync(file)).length;
      const samples = Array.from({ length: RUNS }, () => coldStart(fn, { ...call, sessionToken: token }, dataDir));
      const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`.padStart(8);
      const ms = (n: number) => `${n.toFixed(0)} ms`.padStart(13);
      console.log(
        `${fn.padEnd(11)}${kb(bytes)}${kb(gz)}${ms(median(samples.map((s) => s.loadMs)))}${ms(median(samples.map((s) => s.firstCallMs)))}${ms(
          median(samples.map((s) => s.processMs)),
        )}  ${samples.every((s) => s.ok) ? 'yes' : 'NO'}`,
      );
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
