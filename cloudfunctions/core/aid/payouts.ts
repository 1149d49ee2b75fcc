import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { RoleContext } from '../action';
import { rows, uuidList, type Db } from '../db/client';
import { AppError, errors } from '../errors';
import { shanghai } from '../clock';
import type { AidCategory, BatchView } from '@shared/contracts/aid';
import { yuan } from '@shared/domain/aid/benefit';
import { isPayable, type ClaimRow } from './claim-record';
import { transition } from './claims';
import { noticePaid } from './notify';
import { payoutSheet } from './payout-sheet';
import { decryptText } from './storage';

// Paying approved claims in a batch (aid_payout_batches), the batches of a union and the bank's sheet of one.

/**
 * Pay approved claims of the union in one new batch; each claim moves to paying (发放中) until finance records
 * the bank's confirmation (`confirmBatchPaid`).
 */
export async function pay({ tx, input, caller, union, now, audit }: RoleContext<'aid.pay'>) {
  const ids = [...new Set(input.claimIds)];
  const list = await rows<ClaimRow>(
    tx,
    sql`SELECT id, claim_no, union_id, status, needs_federation, approved_fen FROM aid_claims WHERE id IN ${uuidList(ids)} ORDER BY id FOR UPDATE`,
  );
  if (list.length !== ids.length || list.some((c) => c.union_id !== union.id)) throw errors.notFound('互助金申请');
  const notReady = list.filter((c) => !isPayable(c));
  if (notReady.length)
    throw new AppError('NOT_PAYABLE', `以下申请尚未完成审批或已发放：${notReady.map((c) => c.claim_no).join('、')}`);
  const totalFen = list.reduce((s, c) => s + Number(c.approved_fen), 0);
  const batchNo = `ZF${shanghai(now).format('YYYYMMDDHHmmss')}${crypto.randomBytes(2).toString('hex').toUpperCase()}`;
  const [b] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO aid_payout_batches (batch_no, union_id, claim_count, total_fen, created_by, created_at)
        VALUES (${batchNo}, ${union.id}, ${list.length}, ${totalFen}, ${caller.personId}, ${now.toISOString()}) RETURNING id`,
  );
  for (const c of list)
    await transition(tx, c, ['officer_approved', 'federation_approved'], 'paying', sql`, batch_id = ${b.id}`, {
      now,
      actorId: caller.personId,
      note: `${yuan(Number(c.approved_fen))} 元已提交银行发放（批次 ${batchNo}）`,
    });
  await audit({
    action: 'aid.pay',
    unionId: union.id,
    targetType: 'aid_payout_batch',
    targetId: b.id,
    detail: { batchNo, count: list.length, totalFen },
  });
  return {
    id: b.id,
    batchNo,
    unionId: union.id,
    count: list.length,
    totalFen,
    createdAt: now.toISOString(),
    bankPaidOn: null,
    bankReference: null,
  };
}

interface BatchRow {
  id: string;
  batch_no: string;
  union_id: string;
  claim_count: number;
  total_fen: string;
  created_at: Date | string;
  bank_paid_on: string | null;
  bank_reference: string | null;
}
const batchColumns = sql`id, batch_no, union_id, claim_count, total_fen, created_at, to_char(bank_paid_on, 'YYYY-MM-DD') AS bank_paid_on, bank_reference`;
const batchView = (b: BatchRow): BatchView => ({
  id: b.id,
  batchNo: b.batch_no,
  unionId: b.union_id,
  count: Number(b.claim_count),
  totalFen: Number(b.total_fen),
  createdAt: new Date(b.created_at).toISOString(),
  bankPaidOn: b.bank_paid_on,
  bankReference: b.bank_reference,
});

/**
 * Record the bank's confirmation of a batch (到账日期, 回单号): its claims move from paying to paid and each
 * applicant is told. Once only; the date may not lie after today (Asia/Shanghai) nor before the batch.
 */
export async function confirmBatchPaid({ tx, input, caller, union, now, audit }: RoleContext<'aid.confirmBatchPaid'>) {
  const [b] = await rows<BatchRow>(
    tx,
    sql`SELECT ${batchColumns} FROM aid_payout_batches WHERE id = ${input.batchId} FOR UPDATE`,
  );
  if (!b) throw errors.notFound('发放批次');
  if (b.bank_paid_on) throw new AppError('ALREADY_CONFIRMED', `批次 ${b.batch_no} 已于 ${b.bank_paid_on} 登记到账`);
  const today = shanghai(now).format('YYYY-MM-DD');
  const created = shanghai(new Date(b.created_at)).format('YYYY-MM-DD');
  if (input.paidOn > today || input.paidOn < created)
    throw new AppError('INVALID_INPUT', `到账日期：应在 ${created} 至 ${today} 之间`, {
      paidOn: `到账日期：应在 ${created} 至 ${today} 之间`,
    });
  const claims = await rows<ClaimRow>(
    tx,
    sql`SELECT id, claim_no, union_id, status, needs_federation, approved_fen, person_id FROM aid_claims
        WHERE batch_id = ${b.id} ORDER BY id FOR UPDATE`,
  );
  for (const c of claims)
    await transition(tx, c, ['paying'], 'paid', sql`, paid_at = ${now.toISOString()}`, {
      now,
      actorId: caller.personId,
      note: `已发放 ${yuan(Number(c.approved_fen))} 元（批次 ${b.batch_no}，${input.paidOn} 到账，回单号 ${input.bankReference}）`,
    });
  await tx.execute(
    sql`UPDATE aid_payout_batches SET bank_paid_on = ${input.paidOn}, bank_reference = ${input.bankReference},
        confirmed_by = ${caller.personId}, confirmed_at = ${now.toISOString()} WHERE id = ${b.id}`,
  );
  for (const c of claims)
    await noticePaid(
      tx,
      { claimId: c.id, personId: c.person_id, claimNo: c.claim_no, unionId: c.union_id },
      Number(c.approved_fen),
      input.paidOn,
    );
  await audit({
    action: 'aid.confirmBatchPaid',
    unionId: union.id,
    targetType: 'aid_payout_batch',
    targetId: b.id,
    detail: { batchNo: b.batch_no, count: claims.length, paidOn: input.paidOn, bankReference: input.bankReference },
  });
  return batchView({ ...b, bank_paid_on: input.paidOn, bank_reference: input.bankReference });
}

/** The union's latest batches. */
export async function listBatches({ tx, union }: RoleContext<'aid.batches'>) {
  const list = await rows<BatchRow>(
    tx,
    sql`SELECT ${batchColumns} FROM aid_payout_batches WHERE union_id = ${union.id} ORDER BY created_at DESC LIMIT 100`,
  );
  return { batches: list.map(batchView) };
}

/** The union a batch belongs to. */
export async function batchUnion(tx: Db, batchId: string): Promise<string> {
  const [b] = await rows<{ union_id: string }>(tx, sql`SELECT union_id FROM aid_payout_batches WHERE id = ${batchId}`);
  if (!b) throw errors.notFound('发放批次');
  return b.union_id;
}

/** The bank's payout sheet of one batch, with the accounts in full (audited). */
export async function exportBatch({ tx, input, union, audit }: RoleContext<'aid.exportBatch'>) {
  const [batch] = await rows<{ batch_no: string; total_fen: string; created_at: Date | string }>(
    tx,
    sql`SELECT batch_no, total_fen, created_at FROM aid_payout_batches WHERE id = ${input.batchId}`,
  );
  const list = await rows<{
    claim_no: string;
    name: string;
    bank_name: string;
    bank_account_enc: string;
    approved_fen: string;
    category: AidCategory;
  }>(
    tx,
    sql`SELECT c.claim_no, p.name, c.bank_name, c.bank_account_enc, c.approved_fen, c.category
        FROM aid_claims c JOIN people p ON p.id = c.person_id WHERE c.batch_id = ${input.batchId} ORDER BY c.claim_no`,
  );
  const lines = [];
  for (const c of list)
    lines.push({
      claimNo: c.claim_no,
      name: c.name,
      bankName: c.bank_name,
      bankAccount: await decryptText(c.bank_account_enc),
      approvedFen: Number(c.approved_fen),
      category: c.category,
    });
  const buf = await payoutSheet(lines, Number(batch.total_fen));
  await audit({
    action: 'aid.exportBatch',
    unionId: union.id,
    targetType: 'aid_payout_batch',
    targetId: input.batchId,
    detail: { rows: list.length },
  });
  return { fileName: `互助金发放-${batch.batch_no}.xlsx`, contentBase64: buf.toString('base64') };
}
