import { sql } from 'drizzle-orm';
import { createHarness, type Harness } from '../support/harness';
import { rows } from '../../cloudfunctions/core/db/client';
import { setAttachmentStorage, type AttachmentStorage } from '../../cloudfunctions/core/aid/storage';
import { JPEG, PDF, plainMembers, planId, PNG } from './helpers';

/** CloudBase storage as the mini-program sees it: files the client put there itself, by fileID. */
class FakeCloud implements AttachmentStorage {
  readonly kind = 'cloudbase' as const;
  files = new Map<string, Buffer>();
  async put(key: string, bytes: Buffer) {
    const id = `cloud://env-1.abcd/aid/${key}`;
    this.files.set(id, bytes);
    return id;
  }
  async read(key: string) {
    return this.files.get(key) ?? null;
  }
  async remove(key: string) {
    this.files.delete(key);
  }
  async fetchClientUpload(fileId: string) {
    const f = this.files.get(fileId);
    if (!f) throw new Error('missing');
    return f;
  }
  async tempUrl(key: string, ttl: number) {
    return `https://env-1.tcb.qcloud.la/${encodeURIComponent(key)}?sign=x&t=${ttl}`;
  }
}

let h: Harness;
const cloud = new FakeCloud();
const NOW = new Date('2026-10-15T02:00:00Z');

beforeAll(async () => {
  h = await createHarness({ now: NOW });
  setAttachmentStorage(cloud);
});
afterAll(async () => {
  setAttachmentStorage(null);
  await h.close();
});

const attachmentRows = async () =>
  Number((await rows<{ n: number }>(h.database.db, sql`SELECT count(*)::int AS n FROM aid_attachments`))[0].n);

test('mini-program uploads: big scans accepted; wrong type, fake extension and oversize refused and deleted from storage', async () => {
  const [member, other] = plainMembers(h).slice(30);
  const draft = await h.ok(member, 'aid.saveDraft', { planId: await planId(h, member), category: 'inpatient' });
  let n = 0;
  const clientUpload = (bytes: Buffer, owner = member) => {
    const id = `cloud://env-1.abcd/aid-uploads/${owner}/${Date.now()}-${++n}.bin`;
    cloud.files.set(id, bytes);
    return id;
  };
  const up = (fileName: string, cloudFileId: string, as = member) =>
    h.call(as, 'aid.uploadAttachment', { claimId: draft.id, kind: 'invoice', fileName, cloudFileId });

  // a 2 MB multi-page PDF is fine when it did not travel through the 256 KB call payload
  const bigPdf = Buffer.concat([PDF, Buffer.alloc(2 * 1024 * 1024, 0x20)]);
  const okId = clientUpload(bigPdf);
  const ok = await up('出院小结.pdf', okId);
  expect(ok.ok ? ok.data : ok.error).toMatchObject({ mime: 'application/pdf', size: bigPdf.length });
  expect(cloud.files.has(okId)).toBe(true);

  const before = await attachmentRows();
  const refused: [string, Buffer, string][] = [
    ['photo.jpg', Buffer.from('GIF89a' + 'x'.repeat(100)), 'BAD_FILE_TYPE'],
    ['invoice.jpg', PDF, 'BAD_FILE_TYPE'], // a PDF named .jpg
    ['scan.png', JPEG, 'BAD_FILE_TYPE'], // a JPEG named .png
    ['huge.pdf', Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]), 'FILE_TOO_LARGE'],
  ];
  for (const [name, bytes, code] of refused) {
    const id = clientUpload(bytes);
    const r = await up(name, id);
    expect([name, r.ok ? 'ok' : r.error.code]).toEqual([name, code]);
    expect([name, cloud.files.has(id)]).toEqual([name, false]);
  }
  expect(await attachmentRows()).toBe(before);

  // someone else's folder, or a path that only mentions the caller's folder, is never read nor deleted
  const theirs = clientUpload(PNG, other);
  expect(await up('a.png', theirs).then((r) => (r.ok ? 'ok' : r.error.code))).toBe('FORBIDDEN');
  const sneaky = `${theirs}?/aid-uploads/${member}/x.png`;
  cloud.files.set(sneaky, PNG);
  expect(await up('a.png', sneaky).then((r) => (r.ok ? 'ok' : r.error.code))).toBe('FORBIDDEN');
  expect(cloud.files.has(theirs)).toBe(true);

  // the member's own file sent to a claim that is not theirs: refused and cleaned up
  const otherDraft = await h.ok(other, 'aid.saveDraft', { planId: await planId(h, other), category: 'accident' });
  const mine = clientUpload(PNG);
  const wrongClaim = await h.call(member, 'aid.uploadAttachment', {
    claimId: otherDraft.id,
    kind: 'invoice',
    fileName: 'a.png',
    cloudFileId: mine,
  });
  expect(wrongClaim.ok ? 'ok' : wrongClaim.error.code).toBe('FORBIDDEN');
  expect(cloud.files.has(mine)).toBe(false);
  expect(await attachmentRows()).toBe(before);

  // reading back goes through the platform's short-lived link
  const link = await h.ok(member, 'aid.attachmentUrl', { attachmentId: (ok.ok && ok.data.id) as string });
  expect(link.url).toContain('t=300');
  expect(new Date(link.expiresAt).getTime() - NOW.getTime()).toBe(300_000);
});
