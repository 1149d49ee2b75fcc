import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { AppError, errors } from '../errors';
import {
  ATTACHMENT_CHUNK_BYTES,
  MAX_ATTACHMENTS_PER_CLAIM,
  MAX_CLOUD_ATTACHMENT_BYTES,
  type AttachmentKind,
  type AttachmentView,
} from '@shared/contracts/aid';
import { EDITABLE, type Audit } from './common';
import { loadClaim, ownClaim, type ClaimRow } from './claim-record';
import { attachmentStorage, checkUpload, decodeBase64, type AttachmentStorage } from './storage';

/** The applicant's own claim, still open for material, with room for one more file (row-locked). */
export async function claimOpenForFiles(tx: Db, claimId: string, personId: string | null): Promise<ClaimRow> {
  const claim = await loadClaim(tx, claimId, true);
  ownClaim(claim, personId);
  if (!EDITABLE.includes(claim.status)) throw new AppError('INVALID_STATE', '申请已提交，不能再修改材料');
  const [n] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM aid_attachments WHERE claim_id = ${claim.id}`);
  if (Number(n.n) >= MAX_ATTACHMENTS_PER_CLAIM)
    throw new AppError('TOO_MANY_FILES', `每份申请最多 ${MAX_ATTACHMENTS_PER_CLAIM} 个附件`);
  return claim;
}

/**
 * Record a checked file as an attachment of the claim. Without `key` the bytes are put in storage here;
 * whatever was stored is removed again when the record cannot be written.
 */
export async function storeAttachment(
  tx: Db,
  f: {
    claim: ClaimRow;
    kind: AttachmentKind;
    fileName: string;
    mime: string;
    bytes: Buffer;
    personId: string | null;
    key?: string;
    audit: Audit;
    storage?: AttachmentStorage;
  },
): Promise<AttachmentView> {
  const storage = f.storage ?? attachmentStorage();
  const ext = f.mime === 'application/pdf' ? 'pdf' : f.mime === 'image/png' ? 'png' : 'jpg';
  const key = f.key ?? (await storage.put(`${f.claim.id}/${crypto.randomUUID()}.${ext}`, f.bytes));
  try {
    const [a] = await rows<{ id: string }>(
      tx,
      sql`INSERT INTO aid_attachments (claim_id, kind, file_name, mime, size_bytes, sha256, storage_key, uploaded_by)
          VALUES (${f.claim.id}, ${f.kind}, ${f.fileName}, ${f.mime}, ${f.bytes.length},
                  ${crypto.createHash('sha256').update(f.bytes).digest('hex')}, ${key}, ${f.personId}) RETURNING id`,
    );
    await f.audit({
      action: 'aid.uploadAttachment',
      unionId: f.claim.union_id,
      targetType: 'aid_claim',
      targetId: f.claim.id,
      detail: { attachmentId: a.id, kind: f.kind, mime: f.mime, size: f.bytes.length },
    });
    return { id: a.id, kind: f.kind, fileName: f.fileName, mime: f.mime, size: f.bytes.length };
  } catch (e) {
    await storage.remove(key).catch(() => undefined);
    throw e;
  }
}

// ---- chunked uploads (H5 files larger than one call) ------------------------------------------

/** A pending upload nobody finished within this time is deleted with its pieces (purge timer, core/purge.ts). */
export const ABANDONED_UPLOAD_MS = 2 * 3600_000;
/** Unfinished uploads one member may have open at once. */
export const MAX_PENDING_UPLOADS_PER_PERSON = 3;

interface UploadRow {
  id: string;
  claim_id: string;
  person_id: string;
  kind: AttachmentKind;
  file_name: string;
  size: number;
}

export async function uploadUnion(tx: Db, uploadId: string): Promise<string> {
  const [u] = await rows<{ union_id: string }>(
    tx,
    sql`SELECT c.union_id FROM aid_uploads u JOIN aid_claims c ON c.id = u.claim_id WHERE u.id = ${uploadId}`,
  );
  if (!u) throw errors.notFound('上传任务');
  return u.union_id;
}

async function ownUpload(tx: Db, uploadId: string, personId: string | null): Promise<UploadRow> {
  const [u] = await rows<UploadRow>(
    tx,
    sql`SELECT id, claim_id, person_id, kind, file_name, size FROM aid_uploads WHERE id = ${uploadId} FOR UPDATE`,
  );
  if (!u) throw errors.notFound('上传任务');
  if (u.person_id !== personId) throw errors.forbidden();
  return u;
}

/** Abandoned pending uploads, of anyone, go (the pieces are medical documents). */
export async function dropAbandonedUploads(tx: Db, now: Date): Promise<number> {
  const gone = await rows(
    tx,
    sql`DELETE FROM aid_uploads WHERE created_at < ${new Date(now.getTime() - ABANDONED_UPLOAD_MS).toISOString()} RETURNING id`,
  );
  return gone.length;
}

const tooLarge = () =>
  new AppError('FILE_TOO_LARGE', `文件过大（上限 ${MAX_CLOUD_ATTACHMENT_BYTES / 1024 / 1024} MB），请压缩后重新上传`, {
    size: '文件：过大',
  });

/**
 * Open a pending upload with its first piece. Size, type (by the first bytes) and extension are checked
 * before anything is kept, so a wrong file is refused with nothing stored.
 */
export async function startUpload(
  tx: Db,
  input: { claimId: string; kind: AttachmentKind; fileName: string; size: number; data: string },
  personId: string | null,
  now: Date,
) {
  await claimOpenForFiles(tx, input.claimId, personId);
  if (input.size > MAX_CLOUD_ATTACHMENT_BYTES) throw tooLarge();
  const first = decodeBase64(input.data);
  checkUpload(first, input.fileName, MAX_CLOUD_ATTACHMENT_BYTES);
  if (first.length > input.size)
    throw new AppError('UPLOAD_INCOMPLETE', '上传内容超过声明的文件大小，请重新上传', { size: '文件大小：与内容不符' });
  await dropAbandonedUploads(tx, now);
  const [open] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM aid_uploads WHERE person_id = ${personId}`);
  if (open.n >= MAX_PENDING_UPLOADS_PER_PERSON)
    throw new AppError('TOO_MANY_UPLOADS', `您已有 ${open.n} 个文件未上传完成，请先完成或取消后再上传新文件`);
  const [u] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO aid_uploads (claim_id, person_id, kind, file_name, size, created_at)
        VALUES (${input.claimId}, ${personId}, ${input.kind}, ${input.fileName}, ${input.size}, ${now.toISOString()}) RETURNING id`,
  );
  await tx.execute(
    sql`INSERT INTO aid_upload_chunks (upload_id, seq, bytes, data) VALUES (${u.id}, 0, ${first.length}, ${input.data})`,
  );
  return { uploadId: u.id, chunkBytes: ATTACHMENT_CHUNK_BYTES, received: first.length };
}

/** The next piece, in order; re-sending the last piece replaces it (a retry is harmless). */
export async function appendChunk(tx: Db, input: { uploadId: string; seq: number; data: string }, personId: string | null) {
  const u = await ownUpload(tx, input.uploadId, personId);
  await claimOpenForFiles(tx, u.claim_id, personId);
  const [n] = await rows<{ next: number; total: number; last: number }>(
    tx,
    sql`SELECT count(*)::int AS next, coalesce(sum(bytes), 0)::int AS total, coalesce(max(bytes) FILTER (WHERE seq = ${input.seq}), 0)::int AS last
        FROM aid_upload_chunks WHERE upload_id = ${u.id}`,
  );
  if (input.seq !== n.next && input.seq !== n.next - 1)
    throw new AppError('UPLOAD_OUT_OF_ORDER', `分片顺序不正确（应为第 ${n.next} 片），请重新上传`, {
      seq: '分片序号：顺序不正确',
    });
  const bytes = decodeBase64(input.data).length;
  const total = n.total - n.last + bytes;
  if (total > u.size)
    throw new AppError('UPLOAD_INCOMPLETE', '上传内容超过声明的文件大小，请重新上传', { data: '文件内容：超过声明的大小' });
  await tx.execute(sql`INSERT INTO aid_upload_chunks (upload_id, seq, bytes, data) VALUES (${u.id}, ${input.seq}, ${bytes}, ${input.data})
    ON CONFLICT (upload_id, seq) DO UPDATE SET bytes = EXCLUDED.bytes, data = EXCLUDED.data`);
  return { received: total, size: u.size };
}

/** Assemble, check the whole file by its content, store it as an attachment and drop the pieces. */
export async function finishUpload(tx: Db, uploadId: string, personId: string | null, audit: Audit): Promise<AttachmentView> {
  const u = await ownUpload(tx, uploadId, personId);
  const claim = await claimOpenForFiles(tx, u.claim_id, personId);
  const chunks = await rows<{ seq: number; data: string }>(
    tx,
    sql`SELECT seq, data FROM aid_upload_chunks WHERE upload_id = ${u.id} ORDER BY seq`,
  );
  const bytes = Buffer.concat(chunks.map((c) => Buffer.from(c.data, 'base64')));
  if (bytes.length !== u.size)
    throw new AppError('UPLOAD_INCOMPLETE', `文件未完整上传（已收到 ${bytes.length} / ${u.size} 字节），请继续或重新上传`);
  const mime = checkUpload(bytes, u.file_name, MAX_CLOUD_ATTACHMENT_BYTES);
  await tx.execute(sql`DELETE FROM aid_uploads WHERE id = ${u.id}`);
  return storeAttachment(tx, { claim, kind: u.kind, fileName: u.file_name, mime, bytes, personId, audit });
}

export async function cancelUpload(tx: Db, uploadId: string, personId: string | null) {
  const u = await ownUpload(tx, uploadId, personId);
  await tx.execute(sql`DELETE FROM aid_uploads WHERE id = ${u.id}`);
  return { cancelled: true as const };
}
