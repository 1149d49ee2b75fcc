import crypto from 'node:crypto';
import { dataDir, localSecret } from '../local-data';

/**
 * The key of every keyed hash of personal identifiers (ID numbers, mobiles) and of the signatures on
 * invite codes and member-card QR codes: PU_HASH_KEY in production; locally a random key generated into
 * the data folder on first use (`core/local-data.ts`, same as the session secret), so no key sits in
 * the repository. Losing the key makes stored hashes unmatchable: back it up with the database.
 */
export function loadHashKey(dir: string = dataDir()): Buffer {
  return Buffer.from(localSecret('hash-key', 'PU_HASH_KEY', dir), 'utf8');
}

const hmac = (purpose: string, value: string) =>
  crypto.createHmac('sha256', loadHashKey()).update(`${purpose}:${value}`).digest();

/** Normalised forms, so the same number always hashes the same. */
export const normaliseIdNumber = (v: string) => v.trim().toUpperCase();
export const normalisePhone = (v: string) => v.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');

export const hashIdNumber = (v: string) => hmac('id', normaliseIdNumber(v)).toString('hex');
export const hashPhone = (v: string) => hmac('phone', normalisePhone(v)).toString('hex');
export const last4 = (v: string) => v.trim().toUpperCase().slice(-4);

/** What a response may show of an identifier: its last 4 characters. */
export const maskPhone = (l4: string | null) => (l4 ? `*******${l4}` : null);
export const maskId = (l4: string | null) => (l4 ? `**************${l4}` : null);

/** A short HMAC signature (base64url) over `purpose:payload`. */
export function sign(purpose: string, payload: string, bytes = 12): string {
  return hmac(`sig:${purpose}`, payload).subarray(0, bytes).toString('base64url');
}

export function verifySignature(purpose: string, payload: string, signature: string, bytes = 12): boolean {
  const expected = Buffer.from(sign(purpose, payload, bytes));
  const given = Buffer.from(signature);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
