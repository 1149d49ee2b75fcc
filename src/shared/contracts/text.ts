/**
 * Text rules shared by client and server, without zod so pure rule modules (congress-rules) can use them.
 */

/** Unicode category Cf: zero-width spaces/joiners, bidi marks, soft hyphen, BOM … invisible yet distinct. */
const FORMAT_CHARS = /\p{Cf}/gu;

/** The one normalisation of names and write-ins: NFKC, no format characters, trimmed. */
export const normalizeText = (s: string): string => s.normalize('NFKC').replace(FORMAT_CHARS, '').trim();

/** Why a string cannot be stored as text (NUL, lone surrogate), or null when it can. */
export function unsafeTextReason(s: string): string | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return '含有不允许的空字符';
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return '含有残缺的字符（无效的 Unicode）';
    }
    if (c >= 0xdc00 && c <= 0xdfff) return '含有残缺的字符（无效的 Unicode）';
  }
  return null;
}
