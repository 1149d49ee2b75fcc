import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createHarness, type Harness } from '../support/harness';
import { rows } from '../../cloudfunctions/core/db/client';
import { resealAidSecrets } from '../../cloudfunctions/core/aid/reseal';
import { JPEG, plainMembers, planId } from './helpers';

/** Issue 11.13: diagnosis text sat in plain text in the database while bank accounts were encrypted. */
let h: Harness;
let dir: string;
const NOW = new Date('2026-10-15T02:00:00Z');
const DIAGNOSIS = '甲状腺乳头状癌术后（T13）';
const HOSPITAL = '星城市肿瘤医院';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-aid-rest-'));
  process.env.PU_DATA_DIR = dir;
  h = await createHarness({ now: NOW });
});
afterAll(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function submitted(member: string) {
  const draft = await h.ok(member, 'aid.saveDraft', {
    planId: await planId(h, member),
    category: 'inpatient',
    hospital: HOSPITAL,
    hospitalLevel: '3',
    admittedOn: '2026-09-02',
    dischargedOn: '2026-09-09',
    totalCost: 2_000_000,
    insuranceCovered: 1_200_000,
    selfPaid: 600_000,
    diagnosis: DIAGNOSIS,
    bankName: '招商银行星城分行',
    bankAccount: '6214830012345678',
  });
  await h.ok(member, 'aid.uploadAttachment', {
    claimId: draft.id,
    kind: 'invoice',
    fileName: 'fp.jpg',
    contentBase64: JPEG.toString('base64'),
  });
  return h.ok(member, 'aid.submit', { claimId: draft.id });
}

/** Every row of every table of this database, as text. */
async function everyRow(): Promise<string[]> {
  const tables = await rows<{ name: string }>(
    h.database.db,
    sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['aid_claims', 'aid_claim_events', 'audit_log']));
  const out: string[] = [];
  for (const t of tables)
    for (const r of await rows<{ row: string }>(h.database.db, sql`SELECT t::text AS row FROM ${sql.identifier(t.name)} t`))
      out.push(r.row);
  return out;
}

test('after a claim is submitted no table holds its diagnosis or hospital; reviewers read them, finance does not', async () => {
  const claim = await submitted(plainMembers(h)[0]);
  const all = await everyRow();
  expect(all.length).toBeGreaterThan(500);
  expect(all.filter((r) => r.includes(DIAGNOSIS) || r.includes(HOSPITAL))).toEqual([]);
  // Nor any seeded diagnosis.
  expect(all.filter((r) => r.includes('冠心病') || r.includes('急性阑尾炎'))).toEqual([]);

  const p = h.base.people;
  for (const reviewer of [p.wangFang, p.liQiang, p.chenJing]) {
    const seen = await h.ok(reviewer, 'aid.claim', { claimId: claim.id });
    expect([reviewer, seen.diagnosis, seen.hospital]).toEqual([reviewer, DIAGNOSIS, HOSPITAL]);
  }
  expect(claim).toMatchObject({ diagnosis: DIAGNOSIS, hospital: HOSPITAL });
  const asFinance = await h.ok(p.liNa, 'aid.claim', { claimId: claim.id });
  expect(asFinance).toMatchObject({ diagnosis: null, hospital: null, medicalHidden: true, bankAccount: '6214830012345678' });
});

test('rows from before sealing stay readable and are sealed at the next start; old-key bank accounts move to the install key', async () => {
  const claim = await submitted(plainMembers(h)[1]);
  // As written by the previous version: medical text in plain text, the account under the constant development key.
  const oldKey = Buffer.from(
    crypto.hkdfSync(
      'sha256',
      Buffer.from('palm-union-local-development-aid-key'),
      Buffer.from('palm-union-aid'),
      Buffer.from('bank-account'),
      32,
    ),
  );
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', oldKey, iv);
  const ct = Buffer.concat([c.update('6222020000000000001', 'utf8'), c.final()]);
  const legacyAccount = ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join(
    '.',
  );
  await h.database.db.execute(
    sql`UPDATE aid_claims SET diagnosis = '旧版明文诊断', hospital = '旧版明文医院', bank_account_enc = ${legacyAccount} WHERE id = ${claim.id}`,
  );

  const p = h.base.people;
  expect(await h.ok(p.wangFang, 'aid.claim', { claimId: claim.id })).toMatchObject({
    diagnosis: '旧版明文诊断',
    hospital: '旧版明文医院',
  });
  expect((await h.ok(p.liNa, 'aid.claim', { claimId: claim.id })).bankAccount).toBe('6222020000000000001');

  expect(await resealAidSecrets(h.database.db)).toEqual({ medical: 1, bankAccounts: 1 });
  const [raw] = await rows<{ row: string; bank_account_enc: string }>(
    h.database.db,
    sql`SELECT t::text AS row, bank_account_enc FROM aid_claims t WHERE id = ${claim.id}`,
  );
  expect(raw.row).not.toContain('旧版明文');
  expect(raw.bank_account_enc).not.toBe(legacyAccount);
  expect(await h.ok(p.wangFang, 'aid.claim', { claimId: claim.id })).toMatchObject({
    diagnosis: '旧版明文诊断',
    hospital: '旧版明文医院',
  });
  expect((await h.ok(p.liNa, 'aid.claim', { claimId: claim.id })).bankAccount).toBe('6222020000000000001');
  // Nothing left to do on the next start.
  expect(await resealAidSecrets(h.database.db)).toEqual({ medical: 0, bankAccounts: 0 });
});
