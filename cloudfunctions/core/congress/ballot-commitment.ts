import crypto from 'node:crypto';
import { derivedVoteKey, encodeBallot, serverSecret, type SealedContent } from './ballot-seal';

/**
 * 选票指纹: what the published receipt list shows beside each receipt code instead of the choices
 * (receipt-freeness; see README.md in this folder).
 *
 * fingerprint = HMAC-SHA256(K_vote, boxRowId ‖ fixed-width ballot), first 100 bits in base32, where
 * K_vote = HKDF(server secret, vote id, "…/commitment/v1") and boxRowId is the random id of the sealed box row.
 * The voter is shown it once, with their choices, right after casting; the list shows it after the close.
 * - Hiding: the secret key and the per-ballot random row id act as a salt nobody outside the server holds
 *   (the row id is deleted by the close), so the few possible ballots cannot be tried one by one against it —
 *   a voter cannot use (receipt, fingerprint) to prove their choices to anyone.
 * - Binding: the close recomputes it from the opened box; a box row altered or swapped after the cast (even with
 *   valid ciphertext) yields another fingerprint, which the voter sees differ from the one shown at cast.
 */
const INFO = Buffer.from('palm-union/congress/commitment/v1');
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const FINGERPRINT_CHARS = 20;

function base32(bytes: Buffer, chars: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

export type Fingerprinter = (boxRowId: string, content: SealedContent) => string;

/** The fingerprint function of one vote (derives its key once). */
export async function fingerprinterFor(voteId: string): Promise<Fingerprinter> {
  const key = derivedVoteKey(await serverSecret(), voteId, INFO);
  return (boxRowId, content) =>
    base32(
      crypto.createHmac('sha256', key).update(boxRowId).update('\0').update(encodeBallot(content)).digest(),
      FINGERPRINT_CHARS,
    );
}
