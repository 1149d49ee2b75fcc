import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { createHarness, type Harness } from '../support/harness';
import { rows } from '../../cloudfunctions/core/db/client';
import { demoIdNumber } from '../../cloudfunctions/core/membership/seed';
import { membershipContracts } from '@shared/contracts/membership';
import { csvOf, uploadRoster } from './support';

/**
 * The privacy promise of issue 3: no response of any membership action returns a full ID number or a
 * full mobile number, and none is stored (only a keyed hash and the last 4 characters). A whole flow
 * runs through every membership action; every response, success or error, is recorded and scanned for
 * the numbers the flow used and for anything shaped like an ID or a mainland mobile; then every
 * membership table and the audit log are scanned the same way.
 */

let h: Harness;
const seen: { action: string; ok: boolean; text: string }[] = [];

beforeAll(async () => {
  h = await createHarness();
  const call = h.call.bind(h);
  h.call = (async (personId: string | null, action: string, input: unknown) => {
    const res = await call(personId, action as never, input as never);
    seen.push({ action, ok: res.ok, text: JSON.stringify(res, withoutBinary) });
    return res;
  }) as Harness['call'];
});
afterAll(() => h.close());

/** PNG QR codes and the xlsx template are binary (base64), not text a person reads; their content is checked elsewhere. */
function withoutBinary(key: string, value: unknown) {
  return key === 'dataUrl' || key === 'base64' ? '<binary>' : value;
}

const ID_SHAPE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/;
const MOBILE_SHAPE = /(?<![0-9A-Za-z])(?:\+?86)?1[3-9]\d{9}(?![0-9A-Za-z])/;

/** Every identifier the flow hands to the server, valid or not. */
const secrets: string[] = [];
const person = (name: string, birth: string, seq: number, mobile: string) => {
  const p = { name, idNumber: demoIdNumber(birth, seq), mobile };
  secrets.push(p.idNumber, p.mobile);
  return p;
};
const W1 = person('钱一', '19900101', 601, '13600006001'); // xinghuo roster (csv): joins at once
const W2 = person('钱二', '19910202', 602, '13600006002'); // school roster (xlsx): platform match through xinghuo's invite
const W3 = person('钱三', '19920303', 603, '13600006003'); // no match: pending, approved
const W4 = person('钱四', '19930404', 604, '13600006004'); // no match: pending, rejected
const W5 = person('钱五', '19940505', 605, '13600006005'); // employer without a union: district federation
const W6 = person('钱六', '19950606', 606, '13600006006'); // xinghuo roster; someone else tries his ID number
const BAD_ID = W1.idNumber.slice(0, 17) + (W1.idNumber[17] === '1' ? '2' : '1');
const BAD_MOBILE = '1360000600'; // 10 digits
secrets.push(BAD_ID);

async function newPerson(name: string) {
  const [p] = await rows<{ id: string }>(h.database.db, sql`INSERT INTO people (name) VALUES (${name}) RETURNING id`);
  return p.id;
}

test('every membership action, every response: no full ID number or mobile; none stored either', async () => {
  const chair = h.base.people.wangFang;
  const schoolChair = h.base.people.yangFan;
  const district = h.base.people.chenJing;
  const xinghuo = h.base.unions.xinghuo;
  const school = h.base.unions.school;

  // Roster import: csv into 星火 (with bad rows that must not be echoed), xlsx into the school.
  await h.ok(chair, 'membership.rosterTemplate', { unionId: xinghuo });
  const preview = await uploadRoster(
    h,
    chair,
    xinghuo,
    csvOf([
      '姓名,手机号,身份证号,工号,部门',
      `${W1.name},${W1.mobile},${W1.idNumber},NL1,测试部`,
      `${W6.name},${W6.mobile},${W6.idNumber},NL6,测试部`,
      `坏号码,${BAD_MOBILE},${BAD_ID},NL7,测试部`,
      `重复,${W1.mobile},${W1.idNumber},NL8,测试部`,
    ]),
  );
  expect(preview).toMatchObject({ total: 4, valid: 2, invalid: 2 });
  await h.ok(chair, 'membership.rosterImportRows', { importId: preview.importId, onlyInvalid: true });
  await h.ok(chair, 'membership.confirmRosterImport', { importId: preview.importId });
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('花名册');
  sheet.addRow(['姓名', '手机号', '身份证号', '工号', '部门']);
  sheet.addRow([W2.name, W2.mobile, W2.idNumber, 'SL2', '语文组']);
  const schoolPreview = await uploadRoster(h, schoolChair, school, Buffer.from(await wb.xlsx.writeBuffer()), 'school.xlsx');
  expect(schoolPreview).toMatchObject({ total: 1, valid: 1 });
  await h.ok(schoolChair, 'membership.confirmRosterImport', { importId: schoolPreview.importId });
  const dropped = await uploadRoster(h, chair, xinghuo, csvOf(['姓名,手机号,身份证号', `弃用,${W3.mobile},${W3.idNumber}`]));
  await h.ok(chair, 'membership.cancelRosterImport', { importId: dropped.importId });
  await h.ok(chair, 'membership.listRoster', { unionId: xinghuo, q: '钱' });

  // Invites.
  const auto = await h.ok(chair, 'membership.createInvite', { unionId: xinghuo, autoApprove: true });
  const manual = await h.ok(chair, 'membership.createInvite', { unionId: xinghuo, autoApprove: false });
  const schoolInvite = await h.ok(schoolChair, 'membership.createInvite', { unionId: school, autoApprove: false });
  await h.ok(chair, 'membership.inviteQr', { inviteId: auto.id, link: `https://pu.example.cn/${auto.h5Path}` });
  await h.ok(null, 'membership.inviteInfo', { inviteCode: auto.code });

  // Workers.
  const p1 = await newPerson(W1.name);
  const p2 = await newPerson(W2.name);
  const p3 = await newPerson(W3.name);
  const p4 = await newPerson(W4.name);
  const p5 = await newPerson(W5.name);
  const impostor = await newPerson('冒名');
  const join = (p: string, w: typeof W1, code: string, extra: object = {}) =>
    h.call(p, 'membership.join', { inviteCode: code, name: w.name, mobile: w.mobile, idNumber: w.idNumber, ...extra });
  expect((await join(p1, W1, auto.code)).ok).toBe(true);
  expect(await join(p1, W1, auto.code)).toMatchObject({ ok: true, data: { outcome: 'already' } });
  expect(await join(p2, W2, auto.code)).toMatchObject({ ok: true, data: { outcome: 'joined', match: 'platform' } });
  expect(await join(p3, W3, manual.code)).toMatchObject({
    ok: true,
    data: { outcome: 'mismatch', fields: { employer: expect.any(String) } },
  });
  const a3 = await join(p3, W3, manual.code, { employer: '星火电子' });
  const a4 = await join(p4, W4, manual.code, { employer: '星火电子' });
  const a5 = await join(p5, W5, manual.code, { employer: '湖滨小店', employerHasNoUnion: true });
  expect([a3, a4, a5].map((r) => r.ok && r.data.outcome)).toEqual(['pending', 'pending', 'pending']);
  // p5 withdraws and applies again (issue 13)
  await h.ok(p5, 'membership.withdrawApplication', { applicationId: a5.ok ? a5.data.applicationId! : '' });
  const a5again = await join(p5, W5, manual.code, { employer: '湖滨小店', employerHasNoUnion: true });
  // Failures echo nothing either: a colleague's ID number under another name, an ID bound to another account, bad formats.
  expect(await join(impostor, { ...W6, name: '冒名' }, auto.code)).toMatchObject({ ok: true, data: { outcome: 'mismatch' } });
  expect(await join(impostor, { ...W1, name: '冒名' }, auto.code)).toMatchObject({ ok: true, data: { outcome: 'mismatch' } });
  expect(
    await h.call(impostor, 'membership.join', { inviteCode: auto.code, name: '冒名', mobile: BAD_MOBILE, idNumber: BAD_ID }),
  ).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT' },
  });

  // Approval queue.
  for (const status of ['pending', 'approved', 'rejected'] as const)
    await h.ok(chair, 'membership.listApplications', { unionId: xinghuo, status });
  await h.ok(district, 'membership.listApplications', { unionId: h.base.unions.east });
  await h.ok(chair, 'membership.approve', { applicationId: a3.ok ? a3.data.applicationId! : '' });
  await h.ok(chair, 'membership.reject', { applicationId: a4.ok ? a4.data.applicationId! : '', reason: '非本单位职工' });
  await h.ok(district, 'membership.approve', {
    applicationId: a5again.ok ? a5again.data.applicationId! : '',
    assignUnionId: school,
  });

  // Transfer, batch approval, card, verification, leaving.
  const t = await h.ok(p1, 'membership.transfer', { inviteCode: schoolInvite.code, reason: '调入学校' });
  expect(t.outcome).toBe('pending');
  expect(
    await h.ok(schoolChair, 'membership.approveBatch', { unionId: school, applicationIds: [t.applicationId!] }),
  ).toMatchObject({ failed: [] });
  const card = await h.ok(p1, 'membership.myMembership', {});
  for (const p of [p2, p3, p4, p5]) await h.ok(p, 'membership.myMembership', {});
  await h.ok(schoolChair, 'membership.verifyCard', { code: card.card!.qr.code });
  await h.ok(p3, 'membership.leave', { reason: '离职' });
  await h.ok(chair, 'membership.revokeInvite', { inviteId: manual.id });
  await h.ok(chair, 'membership.listInvites', { unionId: xinghuo });

  // Coverage: a new membership action must join this flow (a success response from each).
  const covered = new Set(seen.filter((s) => s.ok).map((s) => s.action));
  expect(Object.keys(membershipContracts).filter((a) => !covered.has(a))).toEqual([]);
  expect(seen.length).toBeGreaterThan(40);

  const leaks = (text: string) => [
    ...secrets.filter((s) => text.includes(s)),
    ...[ID_SHAPE, MOBILE_SHAPE].flatMap((re) => text.match(re) ?? []),
  ];
  const responseLeaks = seen.flatMap((s) => leaks(s.text).map((l) => `${s.action}: ${l}`));
  expect(responseLeaks).toEqual([]);

  const tables = [
    'people',
    'members',
    'roster_imports',
    'roster_import_chunks',
    'roster_import_rows',
    'roster_entries',
    'invites',
    'applications',
    'identity_attempts',
    'audit_log',
  ];
  const stored: string[] = [];
  for (const t of tables) {
    const dump = await rows<{ j: string }>(h.database.db, sql.raw(`SELECT row_to_json(t)::text AS j FROM ${t} t`));
    for (const r of dump) for (const l of leaks(r.j)) stored.push(`${t}: ${l}`);
  }
  expect(stored).toEqual([]);
});

test('the scan itself finds a full number (so a pass above means something)', () => {
  const leaks = (text: string) => [ID_SHAPE, MOBILE_SHAPE].flatMap((re) => text.match(re) ?? []);
  expect(leaks(JSON.stringify({ phoneMasked: W1.mobile }))).toEqual([W1.mobile]);
  expect(leaks(JSON.stringify({ message: `身份证号 ${W1.idNumber} 不对` }))).toEqual([W1.idNumber]);
  expect(
    leaks(
      JSON.stringify({ phoneMasked: '*******6001', idMasked: `**************${W1.idNumber.slice(-4)}`, memberNo: 'XC100123' }),
    ),
  ).toEqual([]);
});
