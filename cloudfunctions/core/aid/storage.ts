import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { dataDir, getRuntime } from '../runtime';
import { rows } from '../db/client';
import { linkKey } from './sealed-text';
import { AppError } from '../errors';
import { MAX_ATTACHMENT_BYTES } from '@shared/contracts/aid';
import { cloudbaseSdk } from '../cloudbase-sdk';

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${bytes / 1024} KB`);

/**
 * Where claim attachments live: `<PU_DATA_DIR or .data>/uploads/` locally, CloudBase storage in production.
 * Content is checked by its magic bytes (never by the file name), and reading back goes through
 * short-lived signed links.
 */
export interface AttachmentStorage {
  readonly kind: 'local' | 'cloudbase';
  /** Stores the bytes; returns the key to keep (local: `key`; CloudBase: its fileID). */
  put(key: string, bytes: Buffer): Promise<string>;
  read(key: string): Promise<Buffer | null>;
  remove(key: string): Promise<void>;
  /** CloudBase only: the bytes of a file the client uploaded itself (Taro.cloud.uploadFile → fileID). */
  fetchClientUpload?(fileId: string): Promise<Buffer>;
  /** CloudBase only: the platform's own short-lived URL. */
  tempUrl?(key: string, ttlSeconds: number): Promise<string>;
}

export const ALLOWED_MIME = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type AllowedMime = (typeof ALLOWED_MIME)[number];

/** JPEG FF D8 FF, PNG 89 50 4E 47 0D 0A 1A 0A, PDF "%PDF-". Anything else is refused, whatever its name says. */
export function sniffMime(bytes: Buffer): AllowedMime | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}

/** Validate an upload; throws with nothing stored. */
export function checkUpload(bytes: Buffer, fileName: string, maxBytes: number = MAX_ATTACHMENT_BYTES): AllowedMime {
  if (bytes.length === 0) throw new AppError('BAD_FILE', '文件为空', { contentBase64: '文件：为空' });
  if (bytes.length > maxBytes)
    throw new AppError('FILE_TOO_LARGE', `文件过大（上限 ${sizeText(maxBytes)}），请压缩后重新上传`, {
      contentBase64: '文件：过大',
    });
  const mime = sniffMime(bytes);
  if (!mime) throw new AppError('BAD_FILE_TYPE', '仅支持 JPG、PNG 图片或 PDF 文件', { contentBase64: '文件：类型不支持' });
  const ext = path.extname(fileName).toLowerCase();
  const expected: Record<AllowedMime, string[]> = {
    'image/jpeg': ['.jpg', '.jpeg'],
    'image/png': ['.png'],
    'application/pdf': ['.pdf'],
  };
  if (ext && !expected[mime].includes(ext))
    throw new AppError('BAD_FILE_TYPE', '文件扩展名与内容不符，请上传原始的 JPG、PNG 或 PDF 文件', {
      fileName: '文件名：扩展名与内容不符',
    });
  return mime;
}

/** Strict base64 (so garbage is not silently dropped by Buffer.from). */
export function decodeBase64(text: string): Buffer {
  const clean = text.replace(/^data:[^;]+;base64,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0)
    throw new AppError('BAD_FILE', '文件内容不是有效的 base64', { contentBase64: '文件：格式不正确' });
  return Buffer.from(clean, 'base64');
}

class LocalStorage implements AttachmentStorage {
  readonly kind = 'local' as const;
  constructor(private readonly root: string) {}
  private file(key: string) {
    if (!/^[a-z0-9/_-]+\.(jpg|png|pdf)$/.test(key) || key.includes('..')) throw new Error('bad storage key');
    return path.join(this.root, key);
  }
  async put(key: string, bytes: Buffer) {
    const f = this.file(key);
    await fs.promises.mkdir(path.dirname(f), { recursive: true });
    await fs.promises.writeFile(f, bytes, { flag: 'wx' });
    return key;
  }
  async read(key: string) {
    try {
      return await fs.promises.readFile(this.file(key));
    } catch {
      return null;
    }
  }
  async remove(key: string) {
    await fs.promises.rm(this.file(key), { force: true });
  }
}

/** The storage calls of a CloudBase app (@cloudbase/node-sdk `init()`), as documented. */
interface CloudbaseStorageApi {
  uploadFile(o: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>;
  downloadFile(o: { fileID: string }): Promise<{ fileContent?: Uint8Array }>;
  deleteFile(o: { fileList: string[] }): Promise<unknown>;
  getTempFileURL(o: { fileList: { fileID: string; maxAge: number }[] }): Promise<{ fileList: { tempFileURL: string }[] }>;
}

/** CloudBase storage through @cloudbase/node-sdk (only loaded when running in CloudBase). */
class CloudBaseStorage implements AttachmentStorage {
  readonly kind = 'cloudbase' as const;
  private app: CloudbaseStorageApi | null = null;
  private sdk(): CloudbaseStorageApi {
    if (!this.app) {
      const tcb = cloudbaseSdk();
      this.app = tcb.init({ env: process.env.TCB_ENV ?? tcb.SYMBOL_CURRENT_ENV }) as CloudbaseStorageApi;
    }
    return this.app;
  }
  /** Stored keys are CloudBase fileIDs. */
  async put(key: string, bytes: Buffer) {
    const res = await this.sdk().uploadFile({ cloudPath: `aid/${key}`, fileContent: bytes });
    return res.fileID as string;
  }
  async read(key: string) {
    const res = await this.sdk().downloadFile({ fileID: key });
    return res.fileContent ? Buffer.from(res.fileContent) : null;
  }
  async remove(key: string) {
    await this.sdk().deleteFile({ fileList: [key] });
  }
  async fetchClientUpload(fileId: string) {
    const res = await this.sdk().downloadFile({ fileID: fileId });
    if (!res.fileContent) throw new AppError('BAD_FILE', '未找到已上传的文件');
    return Buffer.from(res.fileContent);
  }
  async tempUrl(key: string, ttlSeconds: number) {
    const res = await this.sdk().getTempFileURL({ fileList: [{ fileID: key, maxAge: ttlSeconds }] });
    return res.fileList[0]?.tempFileURL as string;
  }
}

let override: AttachmentStorage | null = null;
/** Tests may install their own storage. */
export function setAttachmentStorage(s: AttachmentStorage | null) {
  override = s;
}

const inCloudBase = () => Boolean(process.env.TCB_ENV || process.env.SCF_NAMESPACE) && !process.env.PU_LOCAL_UPLOADS;

export function attachmentStorage(): AttachmentStorage {
  if (override) return override;
  return inCloudBase() ? new CloudBaseStorage() : new LocalStorage(path.join(dataDir(), 'uploads'));
}

// ---- sealed text and signed links -------------------------------------------------------------

export { encryptText, decryptText } from './sealed-text';

/** 6222021234567891234 → "6222 **** **** 1234". */
export const maskBankAccount = (digits: string) => `${digits.slice(0, 4)} **** **** ${digits.slice(-4)}`;

/** How long an attachment link works: the server's rule, never carried by the link. */
export const LINK_TTL_SECONDS = 300;

/** Attachment ids are uuids; issue times unix seconds in base 36. */
const TOKEN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([0-9a-z]{1,8})\.([A-Za-z0-9_-]{43})$/;
const sign = (body: string) => crypto.createHmac('sha256', linkKey()).update(body).digest('base64url');

/**
 * A link token names only the attachment and when the link was issued, signed with the install's link key:
 * `<attachmentId>.<issued, base 36>.<HMAC-SHA256>`. Content type, file name and storage key come from the
 * attachment's row, the expiry from LINK_TTL_SECONDS, so nothing a holder could change in a token matters.
 */
export async function signAttachmentToken(attachmentId: string, now: Date) {
  const body = `${attachmentId}.${Math.floor(now.getTime() / 1000).toString(36)}`;
  return { token: `${body}.${sign(body)}`, expiresAt: new Date(now.getTime() + LINK_TTL_SECONDS * 1000) };
}

export async function verifyAttachmentToken(
  token: string,
  now = new Date(),
): Promise<{ attachmentId: string; expiresAt: Date } | null> {
  const m = TOKEN.exec(token);
  if (!m) return null;
  const [, attachmentId, issued] = m;
  // Compare the text of the signature, not its decoded bytes: base64url decoding ignores the spare low
  // bits of the last character, so several spellings decode alike; only the one we issued is accepted.
  const expected = Buffer.from(sign(`${attachmentId}.${issued}`));
  const given = Buffer.from(m[3]);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  const issuedMs = parseInt(issued, 36) * 1000;
  const expiresAt = new Date(issuedMs + LINK_TTL_SECONDS * 1000);
  if (expiresAt.getTime() < now.getTime() || issuedMs > now.getTime() + 60_000) return null;
  return { attachmentId, expiresAt };
}

/** Shown in the browser's own viewer; anything else (never stored today) is only ever downloaded. */
const INLINE_MIME = new Set<string>(ALLOWED_MIME);

/**
 * Headers of every answer on /files/: never sniffed into another type, and a sandboxing CSP, so even a file
 * that is also valid HTML runs no script and reaches nothing on the app's origin.
 */
const FILE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox",
  'cache-control': 'private, no-store',
};

/**
 * What the gateway route GET /files/<token> answers (one line to wire:
 * `const r = await attachmentResponse(token); res.writeHead(r.status, r.headers); res.end(r.body);`).
 * The attachment row is read from the runtime's database.
 */
export async function attachmentResponse(
  token: string,
  now = new Date(),
): Promise<{ status: number; headers: Record<string, string>; body: Buffer | string }> {
  const text = { ...FILE_HEADERS, 'content-type': 'text/plain; charset=utf-8' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(token);
  } catch {
    decoded = '';
  }
  const link = await verifyAttachmentToken(decoded, now);
  if (!link) return { status: 403, headers: text, body: '链接无效或已过期' };
  const { db } = await getRuntime();
  const [a] = await rows<{ mime: string; file_name: string; storage_key: string }>(
    db,
    sql`SELECT mime, file_name, storage_key FROM aid_attachments WHERE id = ${link.attachmentId}`,
  );
  const bytes = a ? await attachmentStorage().read(a.storage_key) : null;
  if (!a || !bytes) return { status: 404, headers: text, body: '文件不存在' };
  const inline = INLINE_MIME.has(a.mime);
  return {
    status: 200,
    headers: {
      ...FILE_HEADERS,
      'content-type': inline ? a.mime : 'application/octet-stream',
      'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(a.file_name)}`,
    },
    body: bytes,
  };
}
