import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGateway } from '../../cloudfunctions/gateway/server';
import { JPEG } from '../aid/helpers';

/**
 * `startGateway({ dataDir })` governs every file the process writes: the embedded database, claim
 * uploads, the session secret and the identity hash key all land in that folder, and nothing in the
 * working directory's `.data` (the default a test or a second gateway must not share).
 */
const filesUnder = (dir: string): string[] =>
  fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).map(String).sort() : [];

test('a gateway with its own data folder writes nothing under ./.data', async () => {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-cwd-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-own-data-'));
  const previous = {
    cwd: process.cwd(),
    dataEnv: process.env.PU_DATA_DIR,
    hashKey: process.env.PU_HASH_KEY,
    secret: process.env.SESSION_SECRET,
  };
  delete process.env.PU_DATA_DIR;
  delete process.env.PU_HASH_KEY;
  delete process.env.SESSION_SECRET;
  process.chdir(cwd);
  try {
    const gw = await startGateway({ port: 0, dataDir, seed: true });
    try {
      const post = async (route: string, body: unknown, token?: string) =>
        (await (
          await fetch(`${gw.url}/api/${route}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
            body: JSON.stringify(body),
          })
        ).json()) as { ok: boolean; data: never; error?: { code: string } };
      const people = (
        (await (await fetch(`${gw.url}/api/dev/people`)).json()) as { data: { people: { id: string; name: string }[] } }
      ).data.people;
      const zhangWei = people.find((p) => p.name === '张伟')!;
      const { token } = (await post('dev/login', { personId: zhangWei.id })).data as { token: string };
      // Hashing identifiers (the member card's signed QR) and storing an upload both need local files.
      const card = await post('membership', { action: 'membership.myMembership', input: {} }, token);
      expect(card.ok).toBe(true);
      const mine = (await post('aid', { action: 'aid.myClaims', input: {} }, token)).data as { claims: { id: string }[] };
      const upload = await post(
        'aid',
        {
          action: 'aid.uploadAttachment',
          input: { claimId: mine.claims[0].id, kind: 'invoice', fileName: 'invoice.jpg', contentBase64: JPEG.toString('base64') },
        },
        token,
      );
      expect(upload.ok ? 'ok' : upload.error?.code).toBe('ok');
    } finally {
      await gw.close();
    }
    expect(filesUnder(path.join(cwd, '.data'))).toEqual([]);
    const written = filesUnder(dataDir);
    for (const expected of ['pglite', 'session-secret', 'hash-key', 'uploads']) expect(written).toContain(expected);
    expect(written.some((f) => f.startsWith('uploads/') && f.endsWith('.jpg'))).toBe(true);
  } finally {
    process.chdir(previous.cwd);
    for (const [k, v] of [
      ['PU_DATA_DIR', previous.dataEnv],
      ['PU_HASH_KEY', previous.hashKey],
      ['SESSION_SECRET', previous.secret],
    ] as const)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    fs.rmSync(cwd, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 180_000);
