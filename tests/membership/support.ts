import type { Harness } from '../support/harness';
import { ROSTER_CHUNK_BYTES } from '@shared/contracts/membership';

process.env.PU_HASH_KEY ??= 'membership-test-hash-key';

export const csvOf = (lines: string[]) => Buffer.from('\uFEFF' + lines.join('\r\n'), 'utf8');

/** Upload a roster file in chunks and return the preview, as the officer's page does. */
export async function uploadRoster(h: Harness, officer: string, unionId: string, file: Buffer, fileName = 'roster.csv') {
  const { importId } = await h.ok(officer, 'membership.startRosterImport', { unionId, fileName, size: file.length });
  for (let seq = 0, at = 0; at < file.length; seq++, at += ROSTER_CHUNK_BYTES)
    await h.ok(officer, 'membership.uploadRosterChunk', {
      importId,
      seq,
      data: file.subarray(at, at + ROSTER_CHUNK_BYTES).toString('base64'),
    });
  return h.ok(officer, 'membership.previewRosterImport', { importId });
}

/** An expectation that a call fails with this code. */
export async function expectCode(p: Promise<{ ok: boolean; error?: { code: string } } | unknown>, code: string) {
  const res = (await p) as { ok: boolean; error?: { code: string; message: string } };
  if (res.ok) throw new Error(`expected ${code}, got success`);
  if (res.error?.code !== code) throw new Error(`expected ${code}, got ${res.error?.code} ${res.error?.message}`);
  return res.error!;
}
