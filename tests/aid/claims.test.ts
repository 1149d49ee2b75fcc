import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { createHarness, type Harness } from '../support/harness';
import { rows } from '../../cloudfunctions/core/db/client';
import { attachmentResponse } from '../../cloudfunctions/core/aid/storage';
import { fileClaim, JPEG, PDF, plainMembers, planId, PNG } from './helpers';

let h: Harness;
let dir: string;
const NOW = new Date('2026-10-15T02:00:00Z');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-aid-'));
  process.env.PU_DATA_DIR = dir;
  h = await createHarness({ now: NOW });
});
afterAll(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const uploadsCount = () => {
  const root = path.join(dir, 'uploads');
  if (!fs.existsSync(root)) return 0;
  return fs.readdirSync(root, { recursive: true }).filter((f) => String(f).includes('.')).length;
};

test('the whole path: draft → submit → officer approval → federation approval → paid, exported for the bank', async () => {
  const { zhangWei, wangFang, chenJing, liNa } = h.base.people;
  const mine = await h.ok(zhangWei, 'aid.myClaims', {});
  expect(mine.claims.map((c) => c.status)).toEqual(['draft']);
  const pid = await planId(h, zhangWei);

  // complete the seeded draft, see the estimate, attach the invoice, submit
  const draft = await h.ok(zhangWei, 'aid.saveDraft', {
    claimId: mine.claims[0].id,
    planId: pid,
    admittedOn: '2026-08-03',
    dischargedOn: '2026-08-15',
    totalCost: 5_600_000,
    insuranceCovered: 3_500_000,
    selfPaid: 1_800_000,
    diagnosis: '腰椎间盘突出症',
    bankName: '中国工商银行星城支行',
    bankAccount: '6222021234567891234',
  });
  expect(draft.bankAccount).toBe('6222 **** **** 1234');
  const estimate = await h.ok(zhangWei, 'aid.estimate', {
    planId: pid,
    category: 'inpatient',
    hospitalLevel: '3',
    totalCost: 5_600_000,
    insuranceCovered: 3_500_000,
    selfPaid: 1_800_000,
  });
  expect(estimate.payableFen).toBe(Math.min(1_032_000, 1_000_000)); // (18000 − 800) × 60% = 10320 → 单次封顶 10000
  const noInvoice = await h.call(zhangWei, 'aid.submit', { claimId: draft.id });
  expect(noInvoice.ok || noInvoice.error.code).toBe('INCOMPLETE');
  await h.ok(zhangWei, 'aid.uploadAttachment', {
    claimId: draft.id,
    kind: 'invoice',
    fileName: 'invoice.jpg',
    contentBase64: JPEG.toString('base64'),
  });
  await h.ok(zhangWei, 'aid.uploadAttachment', {
    claimId: draft.id,
    kind: 'discharge_summary',
    fileName: '出院小结.pdf',
    contentBase64: PDF.toString('base64'),
  });
  const submitted = await h.ok(zhangWei, 'aid.submit', { claimId: draft.id });
  expect(submitted.status).toBe('submitted');
  expect(submitted.claimedFen).toBe(1_000_000);
  expect(submitted.planVersion).toBe(1);
  expect(submitted.breakdown?.lines.map((l) => l.key)).toContain('perClaimCap');

  // finance cannot pay, federation cannot skip the grassroots review
  expect((await h.call(liNa, 'aid.pay', { unionId: h.base.unions.xinghuo, claimIds: [draft.id] })).ok || 'x').toBe('x');
  const skip = await h.call(chenJing, 'aid.federationReview', { claimId: draft.id, decision: 'approve' });
  expect(skip.ok ? 'ok' : skip.error.code).toBe('INVALID_STATE');
  await expect(h.ok(zhangWei, 'aid.saveDraft', { claimId: draft.id, planId: pid, diagnosis: '改' })).rejects.toMatchObject({
    code: 'INVALID_STATE',
  });

  const approved = await h.ok(wangFang, 'aid.review', { claimId: draft.id, decision: 'approve' });
  expect(approved).toMatchObject({ status: 'officer_approved', approvedFen: 1_000_000, needsFederation: true });
  const early = await h.call(liNa, 'aid.pay', { unionId: h.base.unions.xinghuo, claimIds: [draft.id] });
  expect(early.ok ? 'ok' : early.error.code).toBe('NOT_PAYABLE');
  const again = await h.call(wangFang, 'aid.review', { claimId: draft.id, decision: 'approve' });
  expect(again.ok ? 'ok' : again.error.code).toBe('INVALID_STATE');

  const queue = await h.ok(chenJing, 'aid.claims', { unionId: h.base.unions.east, awaitingFederation: true });
  expect(queue.claims.map((c) => c.id)).toContain(draft.id);
  const fed = await h.ok(chenJing, 'aid.federationReview', { claimId: draft.id, decision: 'approve' });
  expect(fed.status).toBe('federation_approved');
  expect(fed.can.pay).toBe(false);

  const asFinance = await h.ok(liNa, 'aid.claim', { claimId: draft.id });
  expect(asFinance.bankAccount).toBe('6222021234567891234');
  expect(asFinance.can.pay).toBe(true);
  const batch = await h.ok(liNa, 'aid.pay', { unionId: h.base.unions.xinghuo, claimIds: [draft.id] });
  expect(batch).toMatchObject({ count: 1, totalFen: 1_000_000 });
  const paidTwice = await h.call(liNa, 'aid.pay', { unionId: h.base.unions.xinghuo, claimIds: [draft.id] });
  expect(paidTwice.ok ? 'ok' : paidTwice.error.code).toBe('NOT_PAYABLE');

  // In the batch the claim is 发放中 until finance records the bank's confirmation (issue 13).
  expect((await h.ok(zhangWei, 'aid.claim', { claimId: draft.id })).status).toBe('paying');
  expect((await h.ok(liNa, 'aid.batches', { unionId: h.base.unions.xinghuo })).batches[0]).toMatchObject({
    id: batch.id,
    bankPaidOn: null,
    bankReference: null,
  });
  const confirm = { batchId: batch.id, paidOn: '2026-10-15', bankReference: 'HD202610150001' };
  const future = await h.call(liNa, 'aid.confirmBatchPaid', { ...confirm, paidOn: '2026-10-16' });
  expect(future.ok ? 'ok' : [future.error.code, future.error.message]).toEqual([
    'INVALID_INPUT',
    '到账日期：应在 2026-10-15 至 2026-10-15 之间',
  ]);
  const noRef = await h.call(liNa, 'aid.confirmBatchPaid', { ...confirm, bankReference: ' ' });
  expect(noRef.ok ? 'ok' : noRef.error.message).toMatch(/^银行回单号/);
  const notFinance = await h.call(wangFang, 'aid.confirmBatchPaid', confirm);
  expect(notFinance.ok ? 'ok' : notFinance.error.code).toBe('FORBIDDEN');
  expect(await h.ok(liNa, 'aid.confirmBatchPaid', confirm)).toMatchObject({
    bankPaidOn: '2026-10-15',
    bankReference: 'HD202610150001',
  });
  const twice = await h.call(liNa, 'aid.confirmBatchPaid', confirm);
  expect(twice.ok ? 'ok' : twice.error.code).toBe('ALREADY_CONFIRMED');
  expect(
    (await rows(h.database.db, sql`SELECT 1 FROM audit_log WHERE action = 'aid.confirmBatchPaid' AND target_id = ${batch.id}`))
      .length,
  ).toBe(1);

  const done = await h.ok(zhangWei, 'aid.claim', { claimId: draft.id });
  expect(done.status).toBe('paid');
  expect(done.timeline.map((t) => t.toStatus)).toEqual([
    'draft',
    'submitted',
    'officer_approved',
    'federation_approved',
    'paying',
    'paid',
  ]);
  expect(done.timeline.map((t) => t.actorName)).toEqual(['张伟', '张伟', '王芳', '陈静', '李娜', '李娜']);
  expect(done.timeline.at(-1)!.note).toContain('回单号 HD202610150001');
  // the applicant was told at each step: approved (going up), approved by the federation, paid
  const notices = await rows<{ kind: string; body: string }>(
    h.database.db,
    sql`SELECT kind, body FROM notices WHERE person_id = ${zhangWei} AND subject_id = ${draft.id} ORDER BY created_at, id`,
  );
  expect(notices.map((n) => n.kind)).toEqual(['claim_approved', 'claim_approved', 'claim_paid']);
  expect(notices[0].body).toContain('已报总工会审批');
  expect(notices[2].body).toBe(`申请 ${done.claimNo} 的互助金 10,000.00 元已于 2026-10-15 转入您的银行账户。`);
  const { plans } = await h.ok(zhangWei, 'aid.plans', {});
  expect(plans[0].enrolled?.usedFen.inpatient).toBe(1_000_000);

  const audits = await rows<{ action: string }>(
    h.database.db,
    sql`SELECT action FROM audit_log WHERE target_id = ${draft.id} ORDER BY id`,
  );
  expect(audits.map((a) => a.action)).toEqual(
    expect.arrayContaining(['aid.uploadAttachment', 'aid.submit', 'aid.review.approve', 'aid.federationReview.approve']),
  );
  expect(
    (await rows(h.database.db, sql`SELECT 1 FROM audit_log WHERE action = 'aid.pay' AND target_id = ${batch.id}`)).length,
  ).toBe(1);

  const file = await h.ok(liNa, 'aid.exportBatch', { batchId: batch.id });
  expect(file.fileName).toMatch(/\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(file.contentBase64, 'base64') as never);
  const ws = wb.worksheets[0];
  expect(ws.getRow(1).values).toEqual([
    undefined,
    '序号',
    '申请编号',
    '收款人',
    '开户行',
    '银行账号',
    '金额（元）',
    '金额（分）',
    '用途',
  ]);
  expect(ws.getRow(2).getCell(3).value).toBe('张伟');
  expect(ws.getRow(2).getCell(5).value).toBe('6222021234567891234');
  // money as numbers with a currency format, so the bank's software and SUM() read them (issue 13)
  const money = ws.getRow(2).getCell(6);
  expect(money.type).toBe(ExcelJS.ValueType.Number);
  expect(money.value).toBe(10_000);
  expect(money.numFmt).toBe('"¥"#,##0.00');
  expect(ws.getRow(2).getCell(7).value).toBe(1_000_000);
  const total = ws.getRow(4);
  expect([total.getCell(3).value, total.getCell(6).type, total.getCell(6).value, total.getCell(6).numFmt]).toEqual([
    '合计',
    ExcelJS.ValueType.Number,
    10_000,
    '"¥"#,##0.00',
  ]);
  const export2 = await h.call(h.base.people.wangFang, 'aid.exportBatch', { batchId: batch.id });
  expect(export2.ok ? 'ok' : export2.error.code).toBe('FORBIDDEN');
});

test('returned for more material: the member sees the reason, adds it and resubmits', async () => {
  const [member] = plainMembers(h);
  const c = await fileClaim(h, member);
  const ret = await h.ok(h.base.people.liQiang, 'aid.review', { claimId: c.id, decision: 'return', reason: '请补充出院小结' });
  expect(ret.status).toBe('returned');
  const seen = await h.ok(member, 'aid.claim', { claimId: c.id });
  expect(seen).toMatchObject({ returnReason: '请补充出院小结', can: { edit: true } });
  const noReason = await h.call(h.base.people.wangFang, 'aid.review', { claimId: c.id, decision: 'reject' } as never);
  expect(noReason.ok ? 'ok' : noReason.error.code).toBe('INVALID_INPUT');
  await h.ok(member, 'aid.uploadAttachment', {
    claimId: c.id,
    kind: 'discharge_summary',
    fileName: 'summary.pdf',
    contentBase64: PDF.toString('base64'),
  });
  const again = await h.ok(member, 'aid.submit', { claimId: c.id });
  expect(again.status).toBe('submitted');
  expect(again.returnReason).toBeNull();
  const rej = await h.ok(h.base.people.wangFang, 'aid.review', { claimId: c.id, decision: 'reject', reason: '材料不实' });
  expect(rej.status).toBe('rejected');
  const after = await h.call(h.base.people.wangFang, 'aid.review', { claimId: c.id, decision: 'approve' });
  expect(after.ok ? 'ok' : after.error.code).toBe('INVALID_STATE');
  expect(rej.timeline.map((t) => t.toStatus)).toEqual(['draft', 'submitted', 'returned', 'submitted', 'rejected']);
});

test('small claims need no federation; federation rejection gives the amount back to the annual limit', async () => {
  const [, small, big] = plainMembers(h);
  const s = await fileClaim(h, small, { total: 500_000, insurance: 300_000, selfPaid: 200_000 }); // (2000-800)*60% = 720
  const ok = await h.ok(h.base.people.wangFang, 'aid.review', { claimId: s.id, decision: 'approve' });
  expect(ok).toMatchObject({ approvedFen: 72_000, needsFederation: false, can: { pay: false } });
  const fedNo = await h.call(h.base.people.chenJing, 'aid.federationReview', { claimId: s.id, decision: 'approve' });
  expect(fedNo.ok ? 'ok' : fedNo.error.code).toBe('INVALID_STATE');
  expect((await h.ok(h.base.people.liNa, 'aid.pay', { unionId: h.base.unions.xinghuo, claimIds: [s.id] })).totalFen).toBe(72_000);

  const b = await fileClaim(h, big);
  await h.ok(h.base.people.wangFang, 'aid.review', { claimId: b.id, decision: 'approve' });
  const usage = async () => (await h.ok(big, 'aid.plans', {})).plans[0].enrolled!.usedFen.inpatient;
  expect(await usage()).toBe(552_000);
  const no = await h.ok(h.base.people.zhaoLei, 'aid.federationReview', {
    claimId: b.id,
    decision: 'reject',
    reason: '超出互助范围',
  });
  expect(no.status).toBe('rejected');
  expect(await usage()).toBe(0);
});

test('authorization: only the applicant, the union officers and federations above see a claim', async () => {
  const [, , , owner, other] = plainMembers(h);
  const c = await fileClaim(h, owner);
  const p = h.base.people;
  const code = async (person: string, fn: () => Promise<{ ok: boolean; error?: { code: string } }>) => {
    void person;
    const r = await fn();
    return r.ok ? 'ok' : r.error!.code;
  };
  for (const [who, expected] of [
    [owner, 'ok'],
    [other, 'FORBIDDEN'],
    [p.wangFang, 'ok'],
    [p.liNa, 'ok'],
    [p.liuYang, 'FORBIDDEN'], // service staff is no reviewer
    [p.yangFan, 'FORBIDDEN'], // chair of another union
    [p.sunLi, 'FORBIDDEN'], // federation of another district
    [p.chenJing, 'ok'],
    [p.zhaoLei, 'ok'],
  ] as const)
    expect([who, await code(who, () => h.call(who, 'aid.claim', { claimId: c.id }))]).toEqual([who, expected]);
  expect((await h.call(null, 'aid.claim', { claimId: c.id })).ok).toBe(false);

  for (const [who, expected] of [
    [owner, 'FORBIDDEN'],
    [p.liNa, 'FORBIDDEN'],
    [p.yangFan, 'FORBIDDEN'],
    [p.chenJing, 'FORBIDDEN'],
  ] as const)
    expect([who, await code(who, () => h.call(who, 'aid.review', { claimId: c.id, decision: 'approve' }))]).toEqual([
      who,
      expected,
    ]);
  expect(await code(p.wangFang, () => h.call(p.wangFang, 'aid.pay', { unionId: h.base.unions.xinghuo, claimIds: [c.id] }))).toBe(
    'FORBIDDEN',
  );
  expect(await code(p.sunLi, () => h.call(p.sunLi, 'aid.claims', { unionId: h.base.unions.xinghuo }))).toBe('FORBIDDEN');
  expect(await code(other, () => h.call(other, 'aid.claims', { unionId: h.base.unions.xinghuo }))).toBe('FORBIDDEN');
  expect(
    await code(other, () =>
      h.call(other, 'aid.uploadAttachment', {
        claimId: c.id,
        kind: 'other',
        fileName: 'a.png',
        contentBase64: PNG.toString('base64'),
      }),
    ),
  ).toBe('FORBIDDEN');

  // the chair files a claim of her own: she cannot approve it herself
  const own = await fileClaim(h, p.wangFang);
  expect(await code(p.wangFang, () => h.call(p.wangFang, 'aid.review', { claimId: own.id, decision: 'approve' }))).toBe(
    'SELF_REVIEW',
  );

  // lists never carry medical fields or bank accounts; detail masks the account except for finance
  const list = await h.ok(p.wangFang, 'aid.claims', { unionId: h.base.unions.xinghuo });
  expect(list.total).toBeGreaterThan(5);
  const text = JSON.stringify(list);
  for (const forbidden of ['diagnosis', 'hospital', '急性胰腺炎', 'bankAccount', '6217']) expect(text).not.toContain(forbidden);
  expect(JSON.stringify(await h.ok(owner, 'aid.myClaims', {}))).not.toContain('急性胰腺炎');
  expect((await h.ok(p.wangFang, 'aid.claim', { claimId: c.id })).bankAccount).toBe('6217 **** **** 0123');
  expect((await h.ok(owner, 'aid.claim', { claimId: c.id })).bankAccount).toBe('6217 **** **** 0123');
  expect((await h.ok(p.liNa, 'aid.claim', { claimId: c.id })).bankAccount).toBe('62170012345678901 23'.replace(' ', ''));
  const [stored] = await rows<{ bank_account_enc: string }>(
    h.database.db,
    sql`SELECT bank_account_enc FROM aid_claims WHERE id = ${c.id}`,
  );
  expect(stored.bank_account_enc).not.toContain('6217');
});

test('attachments: bad uploads are refused with nothing stored; good ones are read through short-lived signed links', async () => {
  const [, , , , , member, stranger] = plainMembers(h);
  const draft = await h.ok(member, 'aid.saveDraft', { planId: await planId(h, member), category: 'accident' });
  const before = uploadsCount();
  const [{ n: rowsBefore }] = await rows<{ n: number }>(h.database.db, sql`SELECT count(*)::int AS n FROM aid_attachments`);
  const up = (fileName: string, bytes: Buffer) =>
    h.call(member, 'aid.uploadAttachment', {
      claimId: draft.id,
      kind: 'invoice',
      fileName,
      contentBase64: bytes.toString('base64'),
    });
  const gif = Buffer.from('GIF89a' + 'x'.repeat(100));
  const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]);
  const big = Buffer.concat([JPEG, Buffer.alloc(181 * 1024)]);
  const cases: [string, Buffer, string][] = [
    ['photo.jpg', gif, 'BAD_FILE_TYPE'], // wrong type behind an image name
    ['invoice.pdf', exe, 'BAD_FILE_TYPE'], // an executable named .pdf
    ['invoice.jpg', PDF, 'BAD_FILE_TYPE'], // fake extension: a PDF named .jpg
    ['empty.png', Buffer.alloc(0), 'INVALID_INPUT'], // nothing to upload
    ['big.jpg', big, 'FILE_TOO_LARGE'],
  ];
  for (const [name, bytes, code] of cases) {
    const r = await up(name, bytes);
    expect([name, r.ok ? 'ok' : r.error.code]).toEqual([name, code]);
  }
  const notBase64 = await h.call(member, 'aid.uploadAttachment', {
    claimId: draft.id,
    kind: 'invoice',
    fileName: 'a.png',
    contentBase64: '!!!notbase64',
  });
  expect(notBase64.ok ? 'ok' : notBase64.error.code).toBe('BAD_FILE');
  const huge = await h.raw(
    'aid',
    {
      action: 'aid.uploadAttachment',
      input: { claimId: draft.id, kind: 'invoice', fileName: 'a.jpg', contentBase64: 'A'.repeat(300 * 1024) },
    },
    member,
  );
  expect(huge.ok ? 'ok' : huge.error.code).toBe('PAYLOAD_TOO_LARGE');
  expect(uploadsCount()).toBe(before);
  const [{ n: rowsAfter }] = await rows<{ n: number }>(h.database.db, sql`SELECT count(*)::int AS n FROM aid_attachments`);
  expect(rowsAfter).toBe(rowsBefore);

  const att = await h.ok(member, 'aid.uploadAttachment', {
    claimId: draft.id,
    kind: 'invoice',
    fileName: 'scan',
    contentBase64: PNG.toString('base64'),
  });
  expect(att).toMatchObject({ mime: 'image/png', size: PNG.length });
  expect(uploadsCount()).toBe(before + 1);
  const link = await h.ok(member, 'aid.attachmentUrl', { attachmentId: att.id });
  expect(link.url).toMatch(/^\/files\//);
  expect(new Date(link.expiresAt).getTime() - NOW.getTime()).toBe(300_000);
  const token = link.url.slice('/files/'.length);
  const served = await attachmentResponse(token, NOW);
  expect(served.status).toBe(200);
  expect(served.headers['content-type']).toBe('image/png');
  expect(Buffer.compare(served.body as Buffer, PNG)).toBe(0);
  expect((await attachmentResponse(token, new Date(NOW.getTime() + 301_000))).status).toBe(403);
  expect((await attachmentResponse(token.slice(0, -2) + 'xx', NOW)).status).toBe(403);
  const stolen = await h.call(stranger, 'aid.attachmentUrl', { attachmentId: att.id });
  expect(stolen.ok ? 'ok' : stolen.error.code).toBe('FORBIDDEN');
  // still a draft: the member's own until submitted (officers read attachments of submitted claims, see privacy.test.ts)
  const officer = await h.call(h.base.people.wangFang, 'aid.attachmentUrl', { attachmentId: att.id });
  expect(officer.ok ? 'ok' : officer.error.code).toBe('FORBIDDEN');

  await h.ok(member, 'aid.removeAttachment', { attachmentId: att.id });
  expect(uploadsCount()).toBe(before);
});

test('rules are versioned: a filed claim keeps its rules when the federation changes them', async () => {
  const [, , , , , , , member, later] = plainMembers(h);
  const c = await fileClaim(h, member); // v1: 三级 60% → 5,520.00
  const { plans } = await h.ok(h.base.people.chenJing, 'aid.plans', { unionId: h.base.unions.east });
  const plan = plans[0];
  expect(plan.unionName).toBe('东湖区总工会');
  const rules = structuredClone(plan.rules);
  rules.categories.inpatient.ratioBp['3'] = 9000;
  const v2 = await h.ok(h.base.people.chenJing, 'aid.savePlan', {
    planId: plan.id,
    unionId: plan.unionId,
    year: plan.year,
    name: plan.name,
    enrolStartsOn: plan.enrolStartsOn,
    enrolEndsOn: plan.enrolEndsOn,
    contributionFen: plan.contributionFen,
    rules,
  });
  expect(v2.version).toBe(plan.version + 1);
  const chairTry = await h.call(h.base.people.wangFang, 'aid.savePlan', {
    planId: plan.id,
    unionId: plan.unionId,
    year: plan.year,
    name: plan.name,
    enrolStartsOn: plan.enrolStartsOn,
    enrolEndsOn: plan.enrolEndsOn,
    contributionFen: plan.contributionFen,
    rules,
  });
  expect(chairTry.ok ? 'ok' : chairTry.error.code).toBe('FORBIDDEN');
  const approved = await h.ok(h.base.people.wangFang, 'aid.review', { claimId: c.id, decision: 'approve' });
  expect(approved.approvedFen).toBe(552_000);
  expect(approved.planVersion).toBe(plan.version);
  const newer = await fileClaim(h, later);
  expect(newer.claimedFen).toBe(828_000); // (10000-800) × 90%
  expect(newer.planVersion).toBe(v2.version);
});

test('enrolment: own union or a federation plan above it; once per year; officers enrol lists', async () => {
  const { plans } = await h.ok(h.base.people.yangFan, 'aid.plans', {});
  expect(plans).toHaveLength(1); // the east district plan reaches 东湖一中 too
  expect(plans[0].enrolled).toBeNull();
  const enrolled = await h.ok(h.base.people.yangFan, 'aid.enrol', { planId: plans[0].id });
  expect(enrolled.enrolled?.enrolledOn).toBe('2026-10-15');
  const twice = await h.call(h.base.people.yangFan, 'aid.enrol', { planId: plans[0].id });
  expect(twice.ok ? 'ok' : twice.error.code).toBe('ALREADY_ENROLLED');
  const west = await h.call(h.base.people.zhouJie, 'aid.enrol', { planId: plans[0].id });
  expect(west.ok ? 'ok' : west.error.code).toBe('NOT_ELIGIBLE');
  const school = h.base.membersOf.school.filter((id) => id !== h.base.people.yangFan).slice(0, 5);
  expect(
    await h.ok(h.base.people.yangFan, 'aid.enrolMembers', {
      planId: plans[0].id,
      unionId: h.base.unions.school,
      personIds: school,
    }),
  ).toEqual({ enrolled: 5, already: 0 });
  const wrong = await h.call(h.base.people.yangFan, 'aid.enrolMembers', {
    planId: plans[0].id,
    unionId: h.base.unions.school,
    personIds: [h.base.people.zhangWei],
  });
  expect(wrong.ok ? 'ok' : wrong.error.code).toBe('NOT_MEMBER');
  // the waiting period: a member who enrolled today cannot claim for last month
  const d = await h.ok(school[0], 'aid.saveDraft', {
    planId: plans[0].id,
    category: 'inpatient',
    hospital: '东湖区人民医院',
    hospitalLevel: '2',
    admittedOn: '2026-10-01',
    dischargedOn: '2026-10-05',
    totalCost: 1_000_000,
    insuranceCovered: 600_000,
    selfPaid: 300_000,
    diagnosis: '肺炎',
    bankName: '农业银行',
    bankAccount: '6228480012345678',
  });
  await h.ok(school[0], 'aid.uploadAttachment', {
    claimId: d.id,
    kind: 'invoice',
    fileName: 'a.pdf',
    contentBase64: PDF.toString('base64'),
  });
  const waiting = await h.call(school[0], 'aid.submit', { claimId: d.id });
  expect(waiting.ok ? 'ok' : waiting.error.code).toBe('WAITING_PERIOD');
  // a logistics member (west district) sees no plan and cannot file
  expect((await h.ok(h.base.people.zhouJie, 'aid.plans', {})).plans).toHaveLength(0);
  // after the enrolment window neither the member nor the chair's list can enrol anyone
  const late = h.base.membersOf.school.filter((id) => id !== h.base.people.yangFan && !school.includes(id)).slice(0, 2);
  h.setNow('2027-01-05T02:00:00Z');
  try {
    const self = await h.call(late[0], 'aid.enrol', { planId: plans[0].id });
    expect(self.ok ? 'ok' : self.error.code).toBe('ENROLMENT_CLOSED');
    const list = await h.call(h.base.people.yangFan, 'aid.enrolMembers', {
      planId: plans[0].id,
      unionId: h.base.unions.school,
      personIds: late,
    });
    expect(list.ok ? 'ok' : list.error.code).toBe('ENROLMENT_CLOSED');
  } finally {
    h.setNow(NOW);
  }
});

test('validation names the field in Chinese; amounts must add up', async () => {
  const [, , , , , , , , , member] = plainMembers(h);
  const pid = await planId(h, member);
  const r = await h.call(member, 'aid.saveDraft', { planId: pid, totalCost: 12.5 });
  expect(r.ok ? 'ok' : r.error).toMatchObject({
    code: 'INVALID_INPUT',
    fields: { totalCost: expect.stringContaining('总费用') },
  });
  const e = await h.call(member, 'aid.estimate', {
    planId: pid,
    category: 'inpatient',
    hospitalLevel: '3',
    totalCost: 100,
    insuranceCovered: 80,
    selfPaid: 50,
  });
  expect(e.ok ? 'ok' : e.error).toMatchObject({ code: 'INVALID_INPUT', fields: { selfPaid: expect.any(String) } });
  const bad = await h.call(member, 'aid.saveDraft', { planId: pid, bankAccount: '12ab' });
  expect(bad.ok ? 'ok' : bad.error.fields).toHaveProperty('bankAccount');
});

test('officers see a summary by month, category and status', async () => {
  const { rows: summary } = await h.ok(h.base.people.wangFang, 'aid.summary', { unionId: h.base.unions.xinghuo, year: 2026 });
  const [{ n }] = await rows<{ n: number }>(
    h.database.db,
    sql`SELECT count(*)::int AS n FROM aid_claims WHERE submitted_at IS NOT NULL`,
  );
  expect(summary.reduce((s, r) => s + r.count, 0)).toBe(Number(n));
  const paid = summary.filter((r) => r.status === 'paid');
  expect(paid.length).toBeGreaterThan(0);
  for (const r of summary) expect(r.month).toMatch(/^2026-\d{2}$/);
  const fed = await h.ok(h.base.people.chenJing, 'aid.summary', { unionId: h.base.unions.east, year: 2026 });
  expect(fed.rows.reduce((s, r) => s + r.count, 0)).toBe(Number(n));
  const denied = await h.call(h.base.people.zhangWei, 'aid.summary', { unionId: h.base.unions.xinghuo, year: 2026 });
  expect(denied.ok ? 'ok' : denied.error.code).toBe('FORBIDDEN');
});
