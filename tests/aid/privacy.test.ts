import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createHarness, type Harness } from '../support/harness';
import { rows } from '../../cloudfunctions/core/db/client';
import { startGateway } from '../../cloudfunctions/gateway/server';
import { JPEG, PDF, plainMembers, planId } from './helpers';

let h: Harness;
let dir: string;
const NOW = new Date('2026-10-15T02:00:00Z');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-aid-p-'));
  process.env.PU_DATA_DIR = dir;
  h = await createHarness({ now: NOW });
});
afterAll(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A submitted claim with an invoice and a discharge summary. */
async function claimWithSummary(member: string) {
  const draft = await h.ok(member, 'aid.saveDraft', {
    planId: await planId(h, member),
    category: 'inpatient',
    hospital: '星城市肿瘤医院',
    hospitalLevel: '3',
    admittedOn: '2026-09-02',
    dischargedOn: '2026-09-09',
    totalCost: 2_000_000,
    insuranceCovered: 1_200_000,
    selfPaid: 600_000,
    diagnosis: '甲状腺乳头状癌术后',
    bankName: '招商银行星城分行',
    bankAccount: '6214830012345678',
  });
  const invoice = await h.ok(member, 'aid.uploadAttachment', {
    claimId: draft.id,
    kind: 'invoice',
    fileName: 'fp.jpg',
    contentBase64: JPEG.toString('base64'),
  });
  const summary = await h.ok(member, 'aid.uploadAttachment', {
    claimId: draft.id,
    kind: 'discharge_summary',
    fileName: 'xj.pdf',
    contentBase64: PDF.toString('base64'),
  });
  const claim = await h.ok(member, 'aid.submit', { claimId: draft.id });
  return { claim, invoice, summary };
}

/** Every key anywhere in a JSON value. */
function keysOf(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => keysOf(x, out));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      out.add(k);
      keysOf(x, out);
    }
  return out;
}

const MEDICAL_KEYS = [
  'diagnosis',
  'hospital',
  'hospitalLevel',
  'admittedOn',
  'dischargedOn',
  'totalCostFen',
  'insuranceCoveredFen',
  'selfPaidFen',
  'breakdown',
  'attachments',
  'bankAccount',
  'bankName',
];

test('no list response carries a medical field or a bank account, for any role', async () => {
  await claimWithSummary(plainMembers(h)[0]);
  const p = h.base.people;
  const stored = await rows<{
    diagnosis: string | null;
    hospital: string | null;
    bank_account_masked: string | null;
    bank_name: string | null;
  }>(h.database.db, sql`SELECT diagnosis, hospital, bank_account_masked, bank_name FROM aid_claims`);
  const secrets = [
    ...new Set(
      stored.flatMap((r) => [r.diagnosis, r.hospital, r.bank_account_masked, r.bank_name]).filter((x): x is string => !!x),
    ),
  ];
  expect(secrets.length).toBeGreaterThan(10); // the seeded claims and the one above

  const responses: [string, unknown][] = [];
  for (const who of [p.wangFang, p.liQiang, p.liNa]) {
    for (const status of [
      undefined,
      'submitted',
      'officer_approved',
      'federation_approved',
      'paid',
      'returned',
      'rejected',
    ] as const)
      responses.push([
        `claims ${who} ${status}`,
        await h.ok(who, 'aid.claims', { unionId: h.base.unions.xinghuo, pageSize: 100, ...(status ? { status } : {}) }),
      ]);
    responses.push([`summary ${who}`, await h.ok(who, 'aid.summary', { unionId: h.base.unions.xinghuo, year: 2026 })]);
  }
  for (const who of [p.chenJing, p.zhaoLei]) {
    const unionId = who === p.chenJing ? h.base.unions.east : h.base.unions.city;
    responses.push([`claims ${who}`, await h.ok(who, 'aid.claims', { unionId, pageSize: 100 })]);
    responses.push([
      `federation queue ${who}`,
      await h.ok(who, 'aid.claims', { unionId, awaitingFederation: true, pageSize: 100 }),
    ]);
  }
  responses.push(['batches', await h.ok(p.liNa, 'aid.batches', { unionId: h.base.unions.xinghuo })]);
  const owners = await rows<{ person_id: string }>(h.database.db, sql`SELECT DISTINCT person_id FROM aid_claims`);
  for (const o of owners) responses.push([`myClaims ${o.person_id}`, await h.ok(o.person_id, 'aid.myClaims', {})]);
  expect(responses.filter(([, r]) => JSON.stringify(r).includes('claimNo')).length).toBeGreaterThan(20);

  for (const [name, r] of responses) {
    const text = JSON.stringify(r);
    expect([name, MEDICAL_KEYS.filter((k) => keysOf(r).has(k))]).toEqual([name, []]);
    expect([name, secrets.filter((s) => text.includes(s))]).toEqual([name, []]);
  }
});

test('a draft is its member’s own; finance sees amounts and account, not the medical side', async () => {
  const p = h.base.people;
  const [draft] = (await h.ok(p.zhangWei, 'aid.myClaims', {})).claims.filter((c) => c.status === 'draft');
  for (const who of [p.wangFang, p.liNa, p.chenJing]) {
    const r = await h.call(who, 'aid.claim', { claimId: draft.id });
    expect([who, r.ok ? 'ok' : r.error.code]).toEqual([who, 'FORBIDDEN']);
  }

  const { claim, invoice, summary } = await claimWithSummary(plainMembers(h)[1]);
  const asChair = await h.ok(p.wangFang, 'aid.claim', { claimId: claim.id });
  expect(asChair).toMatchObject({ diagnosis: '甲状腺乳头状癌术后', hospital: '星城市肿瘤医院', medicalHidden: false });
  expect(asChair.attachments.map((a) => a.kind).sort()).toEqual(['discharge_summary', 'invoice']);
  expect((await h.ok(p.chenJing, 'aid.claim', { claimId: claim.id })).diagnosis).toBe('甲状腺乳头状癌术后');

  const asFinance = await h.ok(p.liNa, 'aid.claim', { claimId: claim.id });
  expect(asFinance).toMatchObject({
    diagnosis: null,
    hospital: null,
    medicalHidden: true,
    bankAccount: '6214830012345678',
    claimedFen: claim.claimedFen,
  });
  expect(asFinance.attachments.map((a) => a.kind)).toEqual(['invoice']);
  expect(JSON.stringify(asFinance)).not.toContain('甲状腺');
  const summaryLink = await h.call(p.liNa, 'aid.attachmentUrl', { attachmentId: summary.id });
  expect(summaryLink.ok ? 'ok' : summaryLink.error.code).toBe('FORBIDDEN');
  expect((await h.ok(p.liNa, 'aid.attachmentUrl', { attachmentId: invoice.id })).url).toMatch(/^\/files\//);
  expect((await h.ok(p.wangFang, 'aid.attachmentUrl', { attachmentId: summary.id })).url).toMatch(/^\/files\//);
});

test('the H5 gateway serves an attachment link until it expires, and nothing without a valid one', async () => {
  const member = plainMembers(h)[2];
  const { claim, summary } = await claimWithSummary(member);
  // The same data folder as the harness: the gateway's dataDir governs where it reads uploads from.
  const gateway = await startGateway({ database: h.database, dataDir: dir, clock: () => h.now });
  try {
    const api = async (personId: string, action: string, input: unknown) => {
      const login = await (
        await fetch(`${gateway.url}/api/dev/login`, { method: 'POST', body: JSON.stringify({ personId }) })
      ).json();
      const res = await fetch(`${gateway.url}/api/aid`, {
        method: 'POST',
        headers: { authorization: `Bearer ${login.data.token}` },
        body: JSON.stringify({ action, input }),
      });
      return res.json();
    };
    const link = await api(h.base.people.wangFang, 'aid.attachmentUrl', { attachmentId: summary.id });
    expect(link.ok).toBe(true);
    const got = await fetch(`${gateway.url}${link.data.url}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('cache-control')).toContain('no-store');
    expect(Buffer.compare(Buffer.from(await got.arrayBuffer()), PDF)).toBe(0);

    const tampered = link.data.url.replace(/.$/, (c: string) => (c === 'A' ? 'B' : 'A'));
    expect((await fetch(`${gateway.url}${tampered}`)).status).toBe(403);
    expect((await fetch(`${gateway.url}/files/`)).status).toBe(403);

    h.setNow(new Date(NOW.getTime() + 299_000));
    expect((await fetch(`${gateway.url}${link.data.url}`)).status).toBe(200);
    h.setNow(new Date(NOW.getTime() + 301_000));
    const late = await fetch(`${gateway.url}${link.data.url}`);
    expect(late.status).toBe(403);
    expect(await late.text()).toBe('链接无效或已过期');
    expect(claim.status).toBe('submitted');
  } finally {
    h.setNow(NOW);
    await gateway.close();
  }
});
