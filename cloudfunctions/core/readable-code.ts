import crypto from 'node:crypto';

/** Booking codes, sign-up receipts, check-in and coupon codes: no look-alikes (0/O, 1/I), read aloud or scanned. */
export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 8 characters from CODE_ALPHABET (32 letters: a byte modulo 32 is uniform). */
export function newCode(): string {
  const bytes = crypto.randomBytes(8);
  return Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}
