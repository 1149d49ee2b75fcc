import crypto from 'node:crypto';
import { isProduction, localSecret } from '../local-data';

/**
 * The one key of the aid area and what is sealed with it: bank accounts and medical free text (diagnosis,
 * hospital) are AES-256-GCM at rest; attachment links are signed with a sibling key (HKDF, other info).
 *
 * Key material: PU_AID_KEY (or SESSION_SECRET) from the environment; required in production. Locally a
 * random per-install key `aid-key` in the data folder (`localSecret`, core/local-data.ts), never a constant in the source.
 *
 * Before the per-install key, local installs encrypted bank accounts with a constant development key.
 * That key is kept here for READING ONLY, outside production: `decryptText` falls back to it, and
 * `resealAidSecrets` (run after migrations) rewrites such rows under the install's own key, so after the first
 * start nothing depends on it. It never signs a link and never encrypts anything new.
 */
const LEGACY_LOCAL_KEY = 'palm-union-local-development-aid-key';

function keyMaterial(): Buffer {
  // SESSION_SECRET: what installs before PU_AID_KEY existed sealed with; production now requires PU_AID_KEY
  if (!process.env.PU_AID_KEY && process.env.SESSION_SECRET) return Buffer.from(process.env.SESSION_SECRET, 'utf8');
  return Buffer.from(localSecret('aid-key', 'PU_AID_KEY'), 'utf8');
}

const derive = (info: string, material: Buffer = keyMaterial()) =>
  Buffer.from(crypto.hkdfSync('sha256', material, Buffer.from('palm-union-aid'), Buffer.from(info), 32));

/** The key attachment links are signed with. */
export const linkKey = () => derive('attachment-link');

/** The shape of a sealed value, as a regular expression both JavaScript and PostgreSQL read alike. */
export const SEALED_PATTERN = '^v1\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]*$';
const SEALED = new RegExp(SEALED_PATTERN);
/** Whether a stored value is sealed (`v1.<iv>.<tag>.<ciphertext>`) rather than text written before sealing. */
export const isSealed = (v: string) => SEALED.test(v);

/** AES-256-GCM; `v1.<iv>.<tag>.<ciphertext>` (base64url). */
export async function encryptText(plain: string): Promise<string> {
  const key = derive('bank-account');
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

function openWith(key: Buffer, sealed: string): string {
  const [v, iv, tag, ct] = sealed.split('.');
  if (v !== 'v1') throw new Error('unknown cipher version');
  const d = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
}

/** Decrypt with the install's key; locally, a value still under the old constant key is read too. */
export async function decryptText(sealed: string): Promise<string> {
  try {
    return openWith(derive('bank-account'), sealed);
  } catch (e) {
    if (isProduction()) throw e;
    return openWith(derive('bank-account', Buffer.from(LEGACY_LOCAL_KEY, 'utf8')), sealed);
  }
}

/** True when only the old constant development key opens this value (a row `resealAidSecrets` rewrites). */
export function underLegacyKey(sealed: string): boolean {
  if (isProduction()) return false;
  try {
    openWith(derive('bank-account'), sealed);
    return false;
  } catch {
    try {
      openWith(derive('bank-account', Buffer.from(LEGACY_LOCAL_KEY, 'utf8')), sealed);
      return true;
    } catch {
      return false;
    }
  }
}

/** Medical free text: sealed on write. */
export const sealText = async (plain: string | null | undefined) => (plain == null ? plain : encryptText(plain));

/**
 * Medical free text on read. A value written before sealing existed is plain text and is returned as it is
 * until `resealAidSecrets` rewrites it (a versioned format: only `v1.…` is ciphertext).
 */
export async function openText(stored: string | null): Promise<string | null> {
  if (stored === null || !isSealed(stored)) return stored;
  return decryptText(stored);
}
