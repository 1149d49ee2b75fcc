import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createHarness, type Harness } from '../support/harness';
import { rows } from '../../cloudfunctions/core/db/client';
import { attachmentResponse } from '../../cloudfunctions/core/aid/storage';
import { ATTACHMENT_CHUNK_BYTES, MAX_CLOUD_ATTACHMENT_BYTES } from '@shared/contracts/aid';
import { PNG, plainMembers } from './helpers';

let h: Harness;
let dir: string;
const NOW = new Date('2026-10-15T02:00:00Z');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-aid-chunks-'));
  process.env.PU_DATA_DIR = dir;
  h = await createHarness({ now: NOW });
});
afterAll(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const storedFiles = () => {
  const root = path.join(dir, 'uploads');
  return fs.existsSync(root) ? fs.readdirSync(root, { recursive: true }).filter((f) => String(f).includes('.')).length : 0;
};
const pending = async () => {
  const [r] = await rows<{ uploads: number; chunks: number }>(
    h.database.db,
    sql`SELECT (SELECT count(*)::int FROM aid_uploads) AS uploads, (SELECT count(*)::int FROM aid_upload_chunks) AS chunks`,
  );
  return { uploads: Number(r.uploads), chunks: Number(r.chunks) };
};
const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

/** A PDF of about `size` bytes (a real header, filler, a trailer). */
const bigPdf = (size: number) =>
  Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(size - 16), Buffer.from('\n%%EOF\n')]);
const pieces = (bytes: Buffer) => {
  const out: string[] = [];
  for (let at = 0; at < bytes.length; at += ATTACHMENT_CHUNK_BYTES)
    out.push(bytes.subarray(at, at + ATTACHMENT_CHUNK_BYTES).toString('base64'));
  return out;
};

async function draft(personId: string) {
  const { plans } = await h.ok(personId, 'aid.plans', {});
  return h.ok(personId, 'aid.saveDraft', { planId: plans[0].id, category: 'inpatient' });
}

test('a 2.5 MB PDF invoice goes up in pieces that each fit one call, is assembled, checked and readable', async () => {
  const [member] = plainMembers(h).slice(0);
  const claim = await draft(member);
  const pdf = bigPdf(2_500_000);
  const parts = pieces(pdf);
  expect(parts.length).toBeGreaterThan(10);
  const start = await h.ok(member, 'aid.startUpload', {
    claimId: claim.id,
    kind: 'invoice',
    fileName: '住院发票.pdf',
    size: pdf.length,
    data: parts[0],
  });
  expect(start).toMatchObject({ chunkBytes: ATTACHMENT_CHUNK_BYTES, received: ATTACHMENT_CHUNK_BYTES });
  for (let seq = 1; seq < parts.length; seq++)
    await h.ok(member, 'aid.uploadChunk', { uploadId: start.uploadId, seq, data: parts[seq] });
  // a retried last piece replaces itself
  const retry = await h.ok(member, 'aid.uploadChunk', {
    uploadId: start.uploadId,
    seq: parts.length - 1,
    data: parts[parts.length - 1],
  });
  expect(retry).toEqual({ received: pdf.length, size: pdf.length });
  const a = await h.ok(member, 'aid.finishUpload', { uploadId: start.uploadId });
  expect(a).toMatchObject({ kind: 'invoice', fileName: '住院发票.pdf', mime: 'application/pdf', size: pdf.length });
  expect(await pending()).toEqual({ uploads: 0, chunks: 0 });
  const [row] = await rows<{ sha256: string }>(h.database.db, sql`SELECT sha256 FROM aid_attachments WHERE id = ${a.id}`);
  expect(row.sha256).toBe(crypto.createHash('sha256').update(pdf).digest('hex'));
  const { url } = await h.ok(member, 'aid.attachmentUrl', { attachmentId: a.id });
  const served = await attachmentResponse(url.replace('/files/', ''), NOW);
  expect(served.status).toBe(200);
  expect(Buffer.compare(served.body as Buffer, pdf)).toBe(0);
  expect((await h.ok(member, 'aid.claim', { claimId: claim.id })).attachments.map((x) => x.id)).toEqual([a.id]);
});

test('wrong type, fake extension and oversize are refused at the first piece with nothing stored', async () => {
  const [member] = plainMembers(h).slice(1);
  const claim = await draft(member);
  const before = storedFiles();
  const exe = Buffer.concat([Buffer.from('MZ'), crypto.randomBytes(300_000)]);
  const cases = [
    {
      fileName: 'invoice.pdf',
      size: exe.length,
      data: exe.subarray(0, ATTACHMENT_CHUNK_BYTES).toString('base64'),
      want: 'BAD_FILE_TYPE',
    },
    { fileName: 'invoice.jpg', size: 400_000, data: bigPdf(ATTACHMENT_CHUNK_BYTES).toString('base64'), want: 'BAD_FILE_TYPE' },
    { fileName: 'scan.pdf', size: MAX_CLOUD_ATTACHMENT_BYTES + 1, data: bigPdf(1000).toString('base64'), want: 'FILE_TOO_LARGE' },
    { fileName: 'scan.pdf', size: 500, data: bigPdf(1000).toString('base64'), want: 'UPLOAD_INCOMPLETE' },
  ];
  for (const c of cases) {
    const r = await h.call(member, 'aid.startUpload', {
      claimId: claim.id,
      kind: 'invoice',
      fileName: c.fileName,
      size: c.size,
      data: c.data,
    });
    expect({ file: c.fileName, code: code(r) }).toEqual({ file: c.fileName, code: c.want });
    if (!r.ok) expect(r.error.message).toMatch(/[\u4e00-\u9fa5]/);
  }
  expect(await pending()).toEqual({ uploads: 0, chunks: 0 });
  expect(storedFiles()).toBe(before);
});

test('pieces only from their owner, in order, never past the declared size; unfinished is not stored; cancel and abandonment delete', async () => {
  const [member, other] = plainMembers(h).slice(2);
  const claim = await draft(member);
  const pdf = bigPdf(600_000);
  const parts = pieces(pdf);
  const before = storedFiles();
  const { uploadId } = await h.ok(member, 'aid.startUpload', {
    claimId: claim.id,
    kind: 'invoice',
    fileName: 'a.pdf',
    size: pdf.length,
    data: parts[0],
  });
  expect(code(await h.call(other, 'aid.uploadChunk', { uploadId, seq: 1, data: parts[1] }))).toBe('FORBIDDEN');
  expect(code(await h.call(other, 'aid.finishUpload', { uploadId }))).toBe('FORBIDDEN');
  expect(code(await h.call(member, 'aid.uploadChunk', { uploadId, seq: 2, data: parts[2] }))).toBe('UPLOAD_OUT_OF_ORDER');
  await h.ok(member, 'aid.uploadChunk', { uploadId, seq: 1, data: parts[1] });
  expect(code(await h.call(member, 'aid.finishUpload', { uploadId }))).toBe('UPLOAD_INCOMPLETE');
  const extra = Buffer.alloc(ATTACHMENT_CHUNK_BYTES, 7).toString('base64');
  await h.ok(member, 'aid.uploadChunk', { uploadId, seq: 2, data: parts[2] });
  expect(code(await h.call(member, 'aid.uploadChunk', { uploadId, seq: 3, data: extra }))).toBe('UPLOAD_INCOMPLETE');
  expect(storedFiles()).toBe(before);
  expect(await pending()).toEqual({ uploads: 1, chunks: 3 });
  expect(await h.ok(member, 'aid.cancelUpload', { uploadId })).toEqual({ cancelled: true });
  expect(await pending()).toEqual({ uploads: 0, chunks: 0 });
  expect(code(await h.call(member, 'aid.uploadChunk', { uploadId, seq: 1, data: parts[1] }))).toBe('NOT_FOUND');

  // left half-way: gone once two hours have passed and anyone starts an upload
  await h.ok(member, 'aid.startUpload', {
    claimId: claim.id,
    kind: 'invoice',
    fileName: 'b.pdf',
    size: pdf.length,
    data: parts[0],
  });
  h.setNow(new Date(NOW.getTime() + 3 * 3600_000));
  try {
    const otherClaim = await draft(other);
    const small = await h.ok(other, 'aid.startUpload', {
      claimId: otherClaim.id,
      kind: 'invoice',
      fileName: 'p.png',
      size: PNG.length,
      data: PNG.toString('base64'),
    });
    expect(await pending()).toEqual({ uploads: 1, chunks: 1 });
    await h.ok(other, 'aid.finishUpload', { uploadId: small.uploadId });
    expect(await pending()).toEqual({ uploads: 0, chunks: 0 });
  } finally {
    h.setNow(NOW);
  }
});

test('a submitted claim takes no more pieces', async () => {
  const [member] = plainMembers(h).slice(4);
  const claim = await draft(member);
  const pdf = bigPdf(300_000);
  const parts = pieces(pdf);
  const { uploadId } = await h.ok(member, 'aid.startUpload', {
    claimId: claim.id,
    kind: 'invoice',
    fileName: 'a.pdf',
    size: pdf.length,
    data: parts[0],
  });
  await rows(h.database.db, sql`UPDATE aid_claims SET status = 'submitted' WHERE id = ${claim.id}`);
  expect(code(await h.call(member, 'aid.uploadChunk', { uploadId, seq: 1, data: parts[1] }))).toBe('INVALID_STATE');
  expect(code(await h.call(member, 'aid.finishUpload', { uploadId }))).toBe('INVALID_STATE');
  expect(
    code(
      await h.call(member, 'aid.startUpload', {
        claimId: claim.id,
        kind: 'invoice',
        fileName: 'a.pdf',
        size: pdf.length,
        data: parts[0],
      }),
    ),
  ).toBe('INVALID_STATE');
  await h.ok(member, 'aid.cancelUpload', { uploadId });
});
