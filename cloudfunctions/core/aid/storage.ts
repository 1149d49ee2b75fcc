import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '../runtime';
import { AppError } from '../errors';
import { MAX_ATTACHMENT_BYTES } from '../../../src/contracts/aid';

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
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}

/** Validate an upload; throws with nothing stored. */
export function checkUpload(bytes: Buffer, fileName: string, maxBytes: number = MAX_ATTACHMENT_BYTES): AllowedMime {
  if (bytes.length === 0) throw new AppError('BAD_FILE', '文件为空', { contentBase64: '文件：为空' });
  if (bytes.length > maxBytes)
    throw new AppError('FILE_TOO_LARGE', `文件过大（上限 ${sizeText(maxBytes)}），请压缩后重新上传`, { contentBase64: '文件：过大' });
  const mime = sniffMime(bytes);
  if (!mime) throw new AppError('BAD_FILE_TYPE', '仅支持 JPG、PNG 图片或 PDF 文件', { contentBase64: '文件：类型不支持' });
  const ext = path.extname(fileName).toLowerCase();
  const expected: Record<AllowedMime, string[]> = { 'image/jpeg': ['.jpg', '.jpeg'], 'image/png': ['.png'], 'application/pdf': ['.pdf'] };
  if (ext && !expected[mime].includes(ext))
    throw new AppError('BAD_FILE_TYPE', '文件扩展名与内容不符，请上传原始的 JPG、PNG 或 PDF 文件', { fileName: '文件名：扩展名与内容不符' });
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

/** CloudBase storage through @cloudbase/node-sdk (only loaded when running in CloudBase). */
class CloudBaseStorage implements AttachmentStorage {
  readonly kind = 'cloudbase' as const;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private app: any;
  private sdk() {
    if (!this.app) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const tcb = require('@cloudbase/node-sdk');
      this.app = tcb.init({ env: process.env.TCB_ENV ?? tcb.SYMBOL_CURRENT_ENV });
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

// ---- keys: bank-account encryption and signed links --------------------------------------------

/**
 * Key material for bank-account encryption and link signing: PU_AID_KEY (or SESSION_SECRET) from the
 * environment; required in production. Locally a fixed development key, so demo data seeded before the
 * runtime exists stays readable (local data is demo data).
 */
function keyMaterial(): Buffer {
  const fromEnv = process.env.PU_AID_KEY || process.env.SESSION_SECRET;
  if (fromEnv) return Buffer.from(fromEnv, 'utf8');
  if (process.env.NODE_ENV === 'production') throw new AppError('INTERNAL', '系统未配置加密密钥');
  return Buffer.from('palm-union-local-development-aid-key', 'utf8');
}
const derive = async (info: string) => Buffer.from(crypto.hkdfSync('sha256', keyMaterial(), Buffer.from('palm-union-aid'), Buffer.from(info), 32));

/** AES-256-GCM; `v1.<iv>.<tag>.<ciphertext>` (base64url). */
export async function encryptText(plain: string): Promise<string> {
  const key = await derive('bank-account');
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

export async function decryptText(sealed: string): Promise<string> {
  const [v, iv, tag, ct] = sealed.split('.');
  if (v !== 'v1') throw new Error('unknown cipher version');
  const d = crypto.createDecipheriv('aes-256-gcm', await derive('bank-account'), Buffer.from(iv, 'base64url'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
}

/** 6222021234567891234 → "6222 **** **** 1234". */
export const maskBankAccount = (digits: string) => `${digits.slice(0, 4)} **** **** ${digits.slice(-4)}`;

export const LINK_TTL_SECONDS = 300;

interface LinkPayload {
  /** storage key */
  k: string;
  m: string;
  n: string;
  /** expiry, unix seconds */
  e: number;
}

/** A link token: base64url(JSON) + "." + HMAC-SHA256 over it. */
export async function signAttachmentToken(att: { storageKey: string; mime: string; fileName: string }, now: Date, ttl = LINK_TTL_SECONDS) {
  const expiresAt = new Date(now.getTime() + ttl * 1000);
  const payload: LinkPayload = { k: att.storageKey, m: att.mime, n: att.fileName, e: Math.floor(expiresAt.getTime() / 1000) };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const sig = crypto.createHmac('sha256', await derive('attachment-link')).update(body).digest('base64url');
  return { token: `${body}.${sig}`, expiresAt };
}

export async function verifyAttachmentToken(token: string, now = new Date()): Promise<LinkPayload | null> {
  const [body, sig] = token.split('.');
  if (!body || !sig) return null;
  // Compare the text of the signature, not its decoded bytes: base64url decoding ignores the spare low
  // bits of the last character, so several spellings decode alike; only the one we issued is accepted.
  const expected = Buffer.from(crypto.createHmac('sha256', await derive('attachment-link')).update(body).digest('base64url'));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  let payload: LinkPayload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof payload.e !== 'number' || payload.e * 1000 < now.getTime()) return null;
  return payload;
}

/**
 * What the gateway route GET /files/<token> answers (one line to wire:
 * `const r = await attachmentResponse(token); res.writeHead(r.status, r.headers); res.end(r.body);`).
 */
export async function attachmentResponse(
  token: string,
  now = new Date(),
): Promise<{ status: number; headers: Record<string, string>; body: Buffer | string }> {
  const text = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };
  const payload = await verifyAttachmentToken(decodeURIComponent(token), now).catch(() => null);
  if (!payload) return { status: 403, headers: text, body: '链接无效或已过期' };
  const bytes = await attachmentStorage().read(payload.k);
  if (!bytes) return { status: 404, headers: text, body: '文件不存在' };
  return {
    status: 200,
    headers: {
      'content-type': payload.m,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(payload.n)}`,
    },
    body: bytes,
  };
}
