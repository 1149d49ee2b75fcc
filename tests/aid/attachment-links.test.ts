import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createHarness, type Harness } from '../support/harness';
import { rows } from '../../cloudfunctions/core/db/client';
import { startGateway, type Gateway } from '../../cloudfunctions/gateway/server';
import { signAttachmentToken } from '../../cloudfunctions/core/aid/storage';
import { useDataDir } from '../../cloudfunctions/core/local-data';
import { plainMembers, planId } from './helpers';

/**
 * Issue 11.1: a member uploaded a file with a JPEG header and an HTML body, re-signed the readable link token
 * with `m: text/html` using the development key from the source, and a chair who opened the link ran its script.
 */
let h: Harness;
let gateway: Gateway;
let dir: string;
let planted: Awaited<ReturnType<typeof plantedFile>>;
const NOW = new Date('2026-10-15T02:00:00Z');
const OLD_SOURCE_KEY = 'palm-union-local-development-aid-key';
const HTML_JPEG = Buffer.concat([
  Buffer.from('ffd8ffe000104a464946', 'hex'),
  Buffer.from(
    '<html><body><script>window.stolen = localStorage.getItem("token"); document.title = "pwned"</script></body></html>',
  ),
]);

/** The attacker's upload, on her own draft, and the link she is given for it. */
async function plantedFile() {
  const member = plainMembers(h)[0];
  const draft = await h.ok(member, 'aid.saveDraft', { planId: await planId(h, member), category: 'inpatient' });
  const att = await h.ok(member, 'aid.uploadAttachment', {
    claimId: draft.id,
    kind: 'invoice',
    fileName: 'fp.jpg',
    contentBase64: HTML_JPEG.toString('base64'),
  });
  const link = await h.ok(member, 'aid.attachmentUrl', { attachmentId: att.id });
  const [row] = await rows<{ storage_key: string }>(
    h.database.db,
    sql`SELECT storage_key FROM aid_attachments WHERE id = ${att.id}`,
  );
  return { att, link, storageKey: row.storage_key };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-aid-links-'));
  process.env.PU_DATA_DIR = dir;
  h = await createHarness({ now: NOW });
  planted = await plantedFile();
  // The gateway installs its own runtime: every call through `h` is made above.
  gateway = await startGateway({ database: h.database, dataDir: dir, clock: () => h.now });
});
afterAll(async () => {
  await gateway.close();
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A token as the old code read it (base64url JSON + HMAC under the key derived from `material`). */
function oldStyleToken(material: string, payload: object) {
  const key = Buffer.from(
    crypto.hkdfSync('sha256', Buffer.from(material), Buffer.from('palm-union-aid'), Buffer.from('attachment-link'), 32),
  );
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${crypto.createHmac('sha256', key).update(body).digest('base64url')}`;
}

test('the exact attack: a token re-signed with m:text/html under the old source key gets no HTML', async () => {
  const forged = oldStyleToken(OLD_SOURCE_KEY, {
    k: planted.storageKey,
    m: 'text/html',
    n: 'x.html',
    e: Math.floor(NOW.getTime() / 1000) + 300,
  });
  const res = await fetch(`${gateway.url}/files/${forged}`);
  expect(res.headers.get('content-type')).not.toMatch(/html/);
  expect(res.status).toBe(403);
  expect(await res.text()).toBe('链接无效或已过期');
});

test('the link key is this install’s own: a token signed under another data folder’s key is refused', async () => {
  expect(fs.readFileSync(path.join(dir, 'aid-key'), 'utf8')).toMatch(/^[0-9a-f]{64}$/);
  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-aid-other-'));
  useDataDir(other); // as another install would sign
  const { token } = await signAttachmentToken(planted.att.id, NOW);
  useDataDir(dir);
  fs.rmSync(other, { recursive: true, force: true });
  expect((await fetch(`${gateway.url}/files/${token}`)).status).toBe(403);
  const { token: own } = await signAttachmentToken(planted.att.id, NOW);
  expect((await fetch(`${gateway.url}/files/${own}`)).status).toBe(200);
});

test('a genuine link serves the type of the stored record, never sniffed, in a sandbox without script', async () => {
  expect(planted.link.url).toMatch(/^\/files\/[0-9a-f-]{36}\.[0-9a-z]+\.[A-Za-z0-9_-]{43}$/);
  const res = await fetch(`${gateway.url}${planted.link.url}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/jpeg');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
  expect(res.headers.get('content-disposition')).toBe("inline; filename*=UTF-8''fp.jpg");
  expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), HTML_JPEG)).toBe(0);
  // Refusals carry the same protection; a malformed escape is a refusal, not a crash.
  const bad = await fetch(`${gateway.url}/files/%E0%A4%A`);
  expect(bad.status).toBe(403);
  expect(bad.headers.get('x-content-type-options')).toBe('nosniff');
});

test('the expiry is the server’s: a link is refused after LINK_TTL_SECONDS whatever the token says', async () => {
  try {
    h.setNow(new Date(NOW.getTime() + 301_000));
    expect((await fetch(`${gateway.url}${planted.link.url}`)).status).toBe(403);
  } finally {
    h.setNow(NOW);
  }
});
