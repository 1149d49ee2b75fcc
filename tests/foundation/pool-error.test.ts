import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { engineName } from '../support/db';

/**
 * A pooled connection dropped by the server while idle (pg_terminate_backend → 57P01, as on a failover, a
 * restart or a pooler closing it) must not end the process; the next call opens a new connection.
 * Needs the server itself, not a pooler: TEST_DATABASE_DIRECT_URL when TEST_DATABASE_URL goes through PgBouncer.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const url = process.env.TEST_DATABASE_DIRECT_URL || process.env.TEST_DATABASE_URL;

(engineName() === 'postgres' ? test : test.skip)(
  'a backend terminated under an idle pool: the process lives and the next call answers',
  async () => {
    const child = await promisify(execFile)(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      [path.join(__dirname, 'fixtures', 'idle-connection-drop.ts')],
      {
        cwd: ROOT,
        env: { ...process.env, NODE_OPTIONS: '', POOL_TEST_URL: url },
        timeout: 60_000,
      },
    ).catch((e: { code?: number; stdout?: string; stderr?: string }) => ({
      exit: e.code,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? '',
    }));
    const exit = 'exit' in child ? child.exit : 0;
    expect({ exit, stderr: exit === 0 ? '' : child.stderr.slice(-600) }).toEqual({ exit: 0, stderr: '' });
    const { before, after } = JSON.parse(child.stdout.trim().split('\n').pop()!);
    expect(after).not.toBe(before);
    // The drop reached the app's own idle connection (not a pooler's server side) and was logged by code only.
    expect(child.stderr).toMatch(/\[db\] idle connection lost \(57P01\)/);
  },
  120_000,
);
