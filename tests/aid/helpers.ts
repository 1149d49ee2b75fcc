import type { Harness } from '../support/harness';
import type { ClaimDetail } from '@shared/contracts/aid';

export const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(200, 1)]);
export const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), Buffer.alloc(200, 2)]);
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');

/** Demo members of 星火电子工会 without a named role or a demo claim. */
export const plainMembers = (h: Harness) =>
  h.base.membersOf.xinghuo.filter((id) => !Object.values(h.base.people).includes(id)).slice(10);

export async function planId(h: Harness, personId: string): Promise<string> {
  const { plans } = await h.ok(personId, 'aid.plans', {});
  return plans[0].id;
}

/** Fill, attach an invoice and submit a claim (inpatient at a 三级 hospital unless overridden). */
export async function fileClaim(
  h: Harness,
  personId: string,
  amounts: { total?: number; insurance?: number; selfPaid?: number; level?: '1' | '2' | '3' } = {},
): Promise<ClaimDetail> {
  const draft = await h.ok(personId, 'aid.saveDraft', {
    planId: await planId(h, personId),
    category: 'inpatient',
    hospital: '星城市第一人民医院',
    hospitalLevel: amounts.level ?? '3',
    admittedOn: '2026-09-01',
    dischargedOn: '2026-09-10',
    totalCost: amounts.total ?? 3_000_000,
    insuranceCovered: amounts.insurance ?? 1_800_000,
    selfPaid: amounts.selfPaid ?? 1_000_000,
    diagnosis: '急性胰腺炎',
    bankName: '中国建设银行星城分行',
    bankAccount: '6217 0012 3456 7890 123',
  });
  await h.ok(personId, 'aid.uploadAttachment', {
    claimId: draft.id,
    kind: 'invoice',
    fileName: '发票.png',
    contentBase64: PNG.toString('base64'),
  });
  return h.ok(personId, 'aid.submit', { claimId: draft.id });
}
