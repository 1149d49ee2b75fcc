import { call } from '@/api';
import { ATTACHMENT_CHUNK_BYTES, MAX_ATTACHMENT_BYTES, type AttachmentKind, type AttachmentView } from '@shared/contracts/aid';
import type { PickedFile } from './file';

/** Decoded size of a base64 text. */
const decodedBytes = (b64: string) => Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);

/**
 * Attach a picked file to a claim: in one call when it fits (or is already in CloudBase storage),
 * otherwise in pieces (aid.startUpload → aid.uploadChunk … → aid.finishUpload); a failed piece cancels
 * the pending upload so nothing half-sent is kept.
 */
export async function sendAttachment(claimId: string, kind: AttachmentKind, file: PickedFile): Promise<AttachmentView> {
  const b64 = file.contentBase64;
  if (!b64 || decodedBytes(b64) <= MAX_ATTACHMENT_BYTES) return call('aid.uploadAttachment', { claimId, kind, ...file });
  const step = (ATTACHMENT_CHUNK_BYTES / 3) * 4;
  const { uploadId } = await call('aid.startUpload', {
    claimId,
    kind,
    fileName: file.fileName,
    size: decodedBytes(b64),
    data: b64.slice(0, step),
  });
  try {
    for (let at = step, seq = 1; at < b64.length; at += step, seq++)
      await call('aid.uploadChunk', { uploadId, seq, data: b64.slice(at, at + step) });
    return await call('aid.finishUpload', { uploadId });
  } catch (e) {
    await call('aid.cancelUpload', { uploadId }).catch(() => undefined);
    throw e;
  }
}
