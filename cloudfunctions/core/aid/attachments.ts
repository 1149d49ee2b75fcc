import { sql } from 'drizzle-orm';
import { scopedUnion, type ActionContext, type RoleContext } from '../action';
import { rows, type Db } from '../db/client';
import { AppError, errors } from '../errors';
import { MAX_CLOUD_ATTACHMENT_BYTES, type AttachmentKind } from '@shared/contracts/aid';
import { EDITABLE } from './common';
import { loadClaim, ownClaim } from './claim-record';
import { canSee, NON_MEDICAL_KINDS, seesMedical } from './views';
import { claimOpenForFiles, storeAttachment } from './uploads';
import { attachmentStorage, checkUpload, decodeBase64, signAttachmentToken, LINK_TTL_SECONDS } from './storage';

// A claim's attachments: adding one in a single call, removing one, and the short-lived link to open one.
// Larger files arrive in pieces (uploads.ts); both end in `storeAttachment`.

/** A CloudBase fileID in the caller's own upload folder: cloud://<env>/aid-uploads/<personId>/<name>. */
const clientUploadPattern = (personId: string) => new RegExp(`^cloud://[^/]+/aid-uploads/${personId}/[A-Za-z0-9._-]+$`);

export async function attachmentClaim(tx: Db, attachmentId: string) {
  const [a] = await rows<{
    claim_id: string;
    kind: AttachmentKind;
    storage_key: string;
    mime: string;
    file_name: string;
    union_id: string;
  }>(
    tx,
    sql`SELECT a.claim_id, a.kind, a.storage_key, a.mime, a.file_name, c.union_id FROM aid_attachments a JOIN aid_claims c ON c.id = a.claim_id WHERE a.id = ${attachmentId}`,
  );
  if (!a) throw errors.notFound('附件');
  return a;
}

/** One file: its bytes in the call (local / H5) or a CloudBase upload in the caller's own folder. */
export async function uploadAttachment({ tx, input, caller, audit }: RoleContext<'aid.uploadAttachment'>) {
  const storage = attachmentStorage();
  // CloudBase: the client uploaded with Taro.cloud.uploadFile under aid-uploads/<personId>/. Only a file in
  // the caller's own folder is touched at all; once it is theirs, any refusal deletes it (nothing kept).
  const cloudId = input.cloudFileId;
  if (cloudId && !clientUploadPattern(caller.personId).test(cloudId)) throw errors.forbidden();
  const refuse = async (e: unknown): Promise<never> => {
    if (cloudId) await storage.remove(cloudId).catch(() => undefined);
    throw e;
  };
  const claim = await claimOpenForFiles(tx, input.claimId, caller.personId).catch(refuse);
  if (cloudId) {
    if (!storage.fetchClientUpload) throw errors.badRequest('本环境请直接上传文件内容');
    const bytes = await storage.fetchClientUpload(cloudId);
    let mime: string;
    try {
      mime = checkUpload(bytes, input.fileName, MAX_CLOUD_ATTACHMENT_BYTES);
    } catch (e) {
      return refuse(e);
    }
    return storeAttachment(tx, {
      claim,
      kind: input.kind,
      fileName: input.fileName,
      mime,
      bytes,
      personId: caller.personId,
      key: cloudId,
      audit,
      storage,
    });
  }
  const bytes = decodeBase64(input.contentBase64!);
  const mime = checkUpload(bytes, input.fileName);
  return storeAttachment(tx, {
    claim,
    kind: input.kind,
    fileName: input.fileName,
    mime,
    bytes,
    personId: caller.personId,
    audit,
    storage,
  });
}

/** The applicant removes a file while the claim is still editable. */
export async function removeAttachment({ tx, input, caller, union, audit }: RoleContext<'aid.removeAttachment'>) {
  const a = await attachmentClaim(tx, input.attachmentId);
  const claim = await loadClaim(tx, a.claim_id, true);
  ownClaim(claim, caller.personId);
  if (!EDITABLE.includes(claim.status)) throw new AppError('INVALID_STATE', '申请已提交，不能再修改材料');
  await tx.execute(sql`DELETE FROM aid_attachments WHERE id = ${input.attachmentId}`);
  await audit({
    action: 'aid.removeAttachment',
    unionId: union.id,
    targetType: 'aid_claim',
    targetId: claim.id,
    detail: { attachmentId: input.attachmentId },
  });
  await attachmentStorage().remove(a.storage_key);
  return { removed: true as const };
}

/** A short-lived link to one file, for those who may see it (medical files only for those who see the medical side). */
export async function attachmentUrl({ tx, input, access, now, audit, ...ctx }: ActionContext<'aid.attachmentUrl', 'signedIn'>) {
  const union = scopedUnion(ctx.union);
  const a = await attachmentClaim(tx, input.attachmentId);
  const claim = await loadClaim(tx, a.claim_id);
  if (!canSee(access, claim, union)) throw errors.forbidden();
  if (!NON_MEDICAL_KINDS.includes(a.kind) && !seesMedical(access, claim, union)) throw errors.forbidden();
  if (claim.person_id !== access.personId)
    await audit({
      action: 'aid.viewAttachment',
      unionId: union.id,
      targetType: 'aid_claim',
      targetId: claim.id,
      detail: { attachmentId: input.attachmentId },
    });
  const storage = attachmentStorage();
  if (storage.tempUrl) {
    return {
      url: await storage.tempUrl(a.storage_key, LINK_TTL_SECONDS),
      expiresAt: new Date(now.getTime() + LINK_TTL_SECONDS * 1000).toISOString(),
    };
  }
  const { token, expiresAt } = await signAttachmentToken(input.attachmentId, now);
  return { url: `/files/${token}`, expiresAt: expiresAt.toISOString() };
}
