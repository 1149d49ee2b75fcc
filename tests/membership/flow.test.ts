import { sql } from 'drizzle-orm';
import { createHarness, type Harness } from '../support/harness';
import { rows } from '../../cloudfunctions/core/db/client';
import { DEMO_ROSTER, demoIdNumber } from '../../cloudfunctions/core/membership/seed';
import { IDENTITY_NOT_CONFIRMED } from '../../cloudfunctions/core/membership/join';
import { csvOf, expectCode, uploadRoster } from './support';

let h: Harness;
let chair: string; // 王芳, chair of 星火电子工会
let xinghuo: string;
beforeAll(async () => {
  h = await createHarness();
  chair = h.base.people.wangFang;
  xinghuo = h.base.unions.xinghuo;
});
afterAll(() => h.close());

/** A signed-in person not yet in any union (the federation admins are not members). */
async function newPerson(name: string) {
  const [p] = await rows<{ id: string }>(h.database.db, sql`INSERT INTO people (name) VALUES (${name}) RETURNING id`);
  return p.id;
}

const ID = {
  a: demoIdNumber('19900101', 101),
  b: demoIdNumber('19910202', 102),
  c: demoIdNumber('19920303', 103),
};

test('import → invite → join (auto) → e-card → officer verifies it', async () => {
  const preview = await uploadRoster(
    h,
    chair,
    xinghuo,
    csvOf([
      '姓名,手机号,身份证号,工号,部门',
      `钱多多,13600000001,${ID.a},QA001,测试部`,
      `孔明,13600000002,${ID.b},QA002,测试部`,
      `错号码,1360000,${ID.c},QA003,测试部`,
      `周敏重复,13600000004,${DEMO_ROSTER[0].idNumber},QA004,测试部`,
      `钱多多,13600000005,${ID.a},QA005,测试部`,
    ]),
  );
  expect(preview).toMatchObject({ total: 5, valid: 2, invalid: 3, status: 'previewed' });
  const byRow = Object.fromEntries(preview.rows.map((r) => [r.row, r]));
  expect(byRow[4].errors).toEqual(['手机号：请填写 11 位大陆手机号']);
  expect(byRow[5].errors).toEqual(['身份证号已在本会花名册中']);
  expect(byRow[6].errors).toEqual(['身份证号与第 2 行重复']);
  expect(byRow[2]).toMatchObject({ valid: true, idMasked: `**************${ID.a.slice(-4)}`, phoneMasked: '*******0001' });
  expect(JSON.stringify(preview)).not.toContain(ID.a);

  const confirmed = await h.ok(chair, 'membership.confirmRosterImport', { importId: preview.importId });
  expect(confirmed).toMatchObject({ inserted: 2, skipped: 0 });
  await expectCode(h.call(chair, 'membership.confirmRosterImport', { importId: preview.importId }), 'IMPORT_CLOSED');
  const roster = await h.ok(chair, 'membership.listRoster', { unionId: xinghuo, q: '钱多多' });
  expect(roster.entries).toHaveLength(1);
  expect(roster.entries[0]).toMatchObject({ joined: false, employeeNo: 'QA001' });

  const invite = await h.ok(chair, 'membership.createInvite', {
    unionId: xinghuo,
    expiresInDays: 7,
    maxUses: 10,
    autoApprove: true,
  });
  expect(invite.path).toBe(`/pages/membership/join/index?invite=${invite.code}`);
  const qr = await h.ok(chair, 'membership.inviteQr', { inviteId: invite.id, link: `https://pu.example.cn/${invite.h5Path}` });
  expect(qr.dataUrl).toMatch(/^data:image\/png;base64,/);
  await expectCode(
    h.call(chair, 'membership.inviteQr', { inviteId: invite.id, link: 'https://evil.example.com/' }),
    'INVALID_INPUT',
  );
  await expectCode(
    h.call(h.base.people.zhangWei, 'membership.inviteQr', {
      inviteId: invite.id,
      link: `https://pu.example.cn/${invite.h5Path}`,
    }),
    'FORBIDDEN',
  );
  const info = await h.ok(null, 'membership.inviteInfo', { inviteCode: invite.code });
  expect(info).toMatchObject({ valid: true, union: { shortName: '星火电子工会' } });

  const worker = await newPerson('钱多多');
  const joined = await h.ok(worker, 'membership.join', {
    inviteCode: invite.code,
    name: '钱多多',
    mobile: '13600000001',
    idNumber: ID.a,
  });
  expect(joined).toMatchObject({ outcome: 'joined', match: 'union', union: { id: xinghuo } });
  expect(joined.memberNo).toMatch(/^XC\d+$/);
  // Re-submitting is idempotent.
  const again = await h.ok(worker, 'membership.join', {
    inviteCode: invite.code,
    name: '钱多多',
    mobile: '13600000001',
    idNumber: ID.a,
  });
  expect(again).toMatchObject({ outcome: 'already', memberNo: joined.memberNo });

  const mine = await h.ok(worker, 'membership.myMembership', {});
  expect(mine.card).toMatchObject({ memberNo: joined.memberNo, union: { shortName: '星火电子工会' } });
  expect(mine.card!.union.lineage[0]).toBe('星城市总工会');
  expect(mine.card!.qr.dataUrl).toMatch(/^data:image\/png;base64,/);
  expect(JSON.stringify(mine)).not.toContain(ID.a);
  expect(JSON.stringify(mine)).not.toContain('13600000001');

  const verified = await h.ok(h.base.people.liuYang, 'membership.verifyCard', { code: mine.card!.qr.code });
  expect(verified).toMatchObject({ valid: true, name: '钱多多', memberNo: joined.memberNo });
  await expectCode(h.call(h.base.people.yangFan, 'membership.verifyCard', { code: mine.card!.qr.code }), 'FORBIDDEN');

  const invites = await h.ok(chair, 'membership.listInvites', { unionId: xinghuo });
  expect(invites.invites.find((i) => i.id === invite.id)).toMatchObject({ joinedCount: 1, usedCount: 1, pendingCount: 0 });
  const entry = (await h.ok(chair, 'membership.listRoster', { unionId: xinghuo, q: '钱多多' })).entries[0];
  expect(entry.joined).toBe(true);
  const audits = await rows<{ action: string }>(h.database.db, sql`SELECT action FROM audit_log WHERE actor_id = ${worker}`);
  expect(audits.map((a) => a.action)).toEqual(['membership.join']);
});

test('an invite without auto-approve leaves a pending application that the chair approves', async () => {
  const invite = await h.ok(chair, 'membership.createInvite', { unionId: xinghuo, autoApprove: false });
  const worker = await newPerson('孔明');
  const res = await h.ok(worker, 'membership.join', {
    inviteCode: invite.code,
    name: '孔明',
    mobile: '13600000002',
    idNumber: ID.b,
  });
  expect(res).toMatchObject({ outcome: 'pending', match: 'union' });
  expect((await h.ok(worker, 'membership.myMembership', {})).pending).toMatchObject({ id: res.applicationId, status: 'pending' });
  const home = await h.ok(worker, 'unions.home', {});
  expect(home.membership?.status).toBe('pending');

  // A member cannot see the queue; another union's chair cannot decide.
  await expectCode(h.call(h.base.people.zhangWei, 'membership.listApplications', { unionId: xinghuo }), 'FORBIDDEN');
  await expectCode(h.call(h.base.people.yangFan, 'membership.approve', { applicationId: res.applicationId! }), 'FORBIDDEN');

  const queue = await h.ok(chair, 'membership.listApplications', { unionId: xinghuo });
  expect(queue.applications.map((a) => a.name)).toContain('孔明');
  const approved = await h.ok(chair, 'membership.approve', { applicationId: res.applicationId! });
  expect(approved).toMatchObject({ status: 'approved', decidedByName: '王芳' });
  await expectCode(h.call(chair, 'membership.approve', { applicationId: res.applicationId! }), 'ALREADY_DECIDED');
  const mine = await h.ok(worker, 'membership.myMembership', {});
  expect(mine.card?.union.id).toBe(xinghuo);
  expect(mine.pending).toBeNull();
  const [a] = await rows<{ actor_id: string }>(
    h.database.db,
    sql`SELECT actor_id FROM audit_log WHERE action = 'membership.approve' AND target_id = ${res.applicationId}`,
  );
  expect(a.actor_id).toBe(chair);
  // the applicant is told in the app (issue 13)
  const told = await rows<{ kind: string; body: string }>(
    h.database.db,
    sql`SELECT kind, body FROM notices WHERE person_id = ${worker} AND subject_id = ${res.applicationId}`,
  );
  expect(told).toEqual([
    { kind: 'application_approved', body: '您已成为「星火电子科技有限公司工会委员会」会员，可在“我的”查看电子会员证。' },
  ]);
});

test('the applicant withdraws a pending application (audited); it leaves the queue and they may apply again', async () => {
  const invite = await h.ok(chair, 'membership.createInvite', { unionId: xinghuo, autoApprove: false });
  const worker = await newPerson('庞统');
  // not on the roster: applies with the employer, so the union checks by hand
  const join = {
    inviteCode: invite.code,
    name: '庞统',
    mobile: '13600000009',
    idNumber: demoIdNumber('19930404', 104),
    employer: '星火电子科技有限公司',
  };
  const res = await h.ok(worker, 'membership.join', join);
  expect(res.outcome).toBe('pending');
  const applicationId = res.applicationId!;
  // nobody else can withdraw it, not even the chair
  await expectCode(h.call(chair, 'membership.withdrawApplication', { applicationId }), 'NOT_FOUND');
  const withdrawn = await h.ok(worker, 'membership.withdrawApplication', { applicationId });
  expect(withdrawn.status).toBe('withdrawn');
  await expectCode(h.call(worker, 'membership.withdrawApplication', { applicationId }), 'ALREADY_DECIDED');
  await expectCode(h.call(chair, 'membership.approve', { applicationId }), 'ALREADY_DECIDED');
  expect((await h.ok(worker, 'membership.myMembership', {})).pending).toBeNull();
  const queue = await h.ok(chair, 'membership.listApplications', { unionId: xinghuo });
  expect(queue.applications.map((x) => x.id)).not.toContain(applicationId);
  const [audit] = await rows<{ actor_id: string }>(
    h.database.db,
    sql`SELECT actor_id FROM audit_log WHERE action = 'membership.withdrawApplication' AND target_id = ${applicationId}`,
  );
  expect(audit.actor_id).toBe(worker);
  const again = await h.ok(worker, 'membership.join', join);
  expect(again.outcome).toBe('pending');
  expect(again.applicationId).not.toBe(applicationId);
});

test('seeded applications: reject with a reason, approve the rest in batch', async () => {
  const queue = await h.ok(chair, 'membership.listApplications', { unionId: xinghuo });
  const seeded = queue.applications.filter((a) => ['高远', '林峰', '马丽'].includes(a.name));
  expect(seeded).toHaveLength(3);
  expect(seeded.find((a) => a.name === '高远')?.match).toBe('union');
  const lin = seeded.find((a) => a.name === '林峰')!;
  await expectCode(h.call(chair, 'membership.reject', { applicationId: lin.id, reason: '' }), 'INVALID_INPUT');
  const rejected = await h.ok(chair, 'membership.reject', { applicationId: lin.id, reason: '非本公司在职职工' });
  expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '非本公司在职职工' });
  const [toldNo] = await rows<{ kind: string; body: string }>(
    h.database.db,
    sql`SELECT kind, body FROM notices WHERE subject_id = ${lin.id}`,
  );
  expect(toldNo).toEqual({
    kind: 'application_rejected',
    body: '工会的说明：非本公司在职职工。如有疑问请联系工会，或核对信息后重新申请。',
  });
  const batch = await h.ok(chair, 'membership.approveBatch', { unionId: xinghuo, applicationIds: seeded.map((a) => a.id) });
  expect(batch.approved.sort()).toEqual(
    seeded
      .filter((a) => a !== lin)
      .map((a) => a.id)
      .sort(),
  );
  expect(batch.failed).toEqual([{ id: lin.id, code: 'ALREADY_DECIDED', message: '该申请已处理，请刷新列表' }]);
  const decisions = await rows<{ n: number }>(
    h.database.db,
    sql`SELECT count(*)::int AS n FROM audit_log WHERE action IN ('membership.approve', 'membership.reject') AND actor_id = ${chair}`,
  );
  expect(decisions[0].n).toBeGreaterThanOrEqual(3);
});

test('the demo worker 周敏 joins from the seeded invite with her ID number', async () => {
  const [inv] = await rows<{ id: string }>(
    h.database.db,
    sql`SELECT id FROM invites WHERE union_id = ${xinghuo} AND auto_approve AND note LIKE '职工入会%'`,
  );
  const { inviteCodeOf } = await import('../../cloudfunctions/core/membership/invites');
  const zhou = await newPerson('周敏');
  const w = DEMO_ROSTER[0];
  const res = await h.ok(zhou, 'membership.join', {
    inviteCode: inviteCodeOf(inv.id),
    name: w.name,
    mobile: w.mobile,
    idNumber: w.idNumber,
  });
  expect(res).toMatchObject({ outcome: 'joined', match: 'union' });
});

test('no roster match: employer required, then a pending application; routed to the district when the employer has no union', async () => {
  const invite = await h.ok(chair, 'membership.createInvite', { unionId: xinghuo });
  const p1 = await newPerson('路人甲');
  // Not on a roster reads like any unconfirmed identity (no probing); the employer field asks for the application.
  const e = await h.ok(p1, 'membership.join', {
    inviteCode: invite.code,
    name: '路人甲',
    mobile: '13700000001',
    idNumber: demoIdNumber('19800101', 201),
  });
  expect(e).toMatchObject({ outcome: 'mismatch', attemptsLeft: 4, fields: { employer: expect.stringContaining('工作单位') } });
  const r1 = await h.ok(p1, 'membership.join', {
    inviteCode: invite.code,
    name: '路人甲',
    mobile: '13700000001',
    idNumber: demoIdNumber('19800101', 201),
    employer: '星火电子科技有限公司',
  });
  expect(r1).toMatchObject({ outcome: 'pending', match: 'none', union: { id: xinghuo } });

  const p2 = await newPerson('路人乙');
  const r2 = await h.ok(p2, 'membership.join', {
    inviteCode: invite.code,
    name: '路人乙',
    mobile: '13700000002',
    employeeNo: 'ZZ1',
    employer: '湖滨小餐馆',
    employerHasNoUnion: true,
  });
  expect(r2).toMatchObject({ outcome: 'pending', match: 'none', union: { id: h.base.unions.east } });
  // The district's queue marks it as needing a grassroots union; the grassroots queue does not.
  const districtQueue = await h.ok(h.base.people.chenJing, 'membership.listApplications', { unionId: h.base.unions.east });
  expect(districtQueue.applications.find((a) => a.id === r2.applicationId)).toMatchObject({
    needsUnion: true,
    employer: '湖滨小餐馆',
  });
  const ownQueue = await h.ok(chair, 'membership.listApplications', { unionId: xinghuo });
  expect(ownQueue.applications.find((a) => a.id === r1.applicationId)).toMatchObject({ needsUnion: false });
  // The grassroots chair cannot decide it; the district admin can, placing the worker in a grassroots union.
  await expectCode(h.call(chair, 'membership.approve', { applicationId: r2.applicationId! }), 'FORBIDDEN');
  await expectCode(
    h.call(h.base.people.chenJing, 'membership.approve', { applicationId: r2.applicationId! }),
    'ASSIGN_UNION_REQUIRED',
  );
  await expectCode(
    h.call(h.base.people.chenJing, 'membership.approve', {
      applicationId: r2.applicationId!,
      assignUnionId: h.base.unions.logistics,
    }),
    'INVALID_UNION',
  );
  const ok = await h.ok(h.base.people.chenJing, 'membership.approve', {
    applicationId: r2.applicationId!,
    assignUnionId: h.base.unions.school,
  });
  expect(ok).toMatchObject({ status: 'approved', union: { id: h.base.unions.school } });
  expect((await h.ok(p2, 'membership.myMembership', {})).card?.union.id).toBe(h.base.unions.school);
});

test('one active union per person; transfer keeps history; leaving ends it', async () => {
  const member = h.base.people.zhangWei; // active in 星火
  const schoolInvite = await h.ok(h.base.people.yangFan, 'membership.createInvite', {
    unionId: h.base.unions.school,
    autoApprove: true,
  });
  await expectCode(
    h.call(member, 'membership.join', {
      inviteCode: schoolInvite.code,
      name: '张伟',
      mobile: '13500000001',
      idNumber: demoIdNumber('19850505', 301),
    }),
    'ALREADY_MEMBER',
  );
  const t = await h.ok(member, 'membership.transfer', { inviteCode: schoolInvite.code, reason: '调入东湖一中' });
  expect(t).toMatchObject({ outcome: 'pending', match: 'none', union: { id: h.base.unions.school } });
  // Still an active member of 星火 until the school approves.
  expect((await h.ok(member, 'membership.myMembership', {})).card?.union.id).toBe(xinghuo);
  await expectCode(h.call(chair, 'membership.approve', { applicationId: t.applicationId! }), 'FORBIDDEN');
  await h.ok(h.base.people.yangFan, 'membership.approve', { applicationId: t.applicationId! });
  const after = await h.ok(member, 'membership.myMembership', {});
  expect(after.card?.union.id).toBe(h.base.unions.school);
  expect(after.history.map((m) => [m.union.id, m.status])).toEqual([
    [h.base.unions.school, 'active'],
    [xinghuo, 'transferred'],
  ]);
  await expectCode(h.call(member, 'membership.leave', { reason: '' }), 'INVALID_INPUT');
  await h.ok(member, 'membership.leave', { reason: '退休' });
  expect((await h.ok(member, 'membership.myMembership', {})).card).toBeNull();
  await expectCode(h.call(member, 'membership.leave', { reason: '退休' }), 'NOT_MEMBER');
});

test('failed identity proofs are counted and rate-limited; the limit lifts after 15 minutes', async () => {
  const invite = await h.ok(chair, 'membership.createInvite', { unionId: xinghuo });
  const guesser = await newPerson('冒名者');
  const w = DEMO_ROSTER[1]; // 吴磊
  for (let i = 1; i <= 4; i++) {
    const r = await h.ok(guesser, 'membership.join', {
      inviteCode: invite.code,
      name: '冒名者',
      mobile: w.mobile,
      idNumber: w.idNumber,
    });
    expect(r).toMatchObject({ outcome: 'mismatch', attemptsLeft: 5 - i, fields: IDENTITY_NOT_CONFIRMED });
  }
  // An account cannot take a colleague's identity even with the right name and ID number.
  const named = await h.ok(guesser, 'membership.join', {
    inviteCode: invite.code,
    name: '吴磊',
    mobile: w.mobile,
    idNumber: w.idNumber,
  });
  expect(named).toMatchObject({
    outcome: 'mismatch',
    attemptsLeft: 0,
    fields: { name: '姓名：与您账号登记的姓名（冒*）不一致' },
  });
  const limited = await expectCode(
    h.call(guesser, 'membership.join', { inviteCode: invite.code, name: '吴磊', mobile: w.mobile, idNumber: w.idNumber }),
    'RATE_LIMITED',
  );
  expect(limited.message).toMatch(/请 \d+ 分钟后再试/);
  const saved = h.now;
  h.setNow(new Date(saved.getTime() + 16 * 60_000));
  const r = await h.ok(guesser, 'membership.join', {
    inviteCode: invite.code,
    name: '冒名者',
    mobile: w.mobile,
    idNumber: w.idNumber,
  });
  expect(r.outcome).toBe('mismatch');
  h.setNow(saved);
  // Nothing was joined and the roster entry is still free for 吴磊.
  const entry = (await h.ok(chair, 'membership.listRoster', { unionId: xinghuo, q: '吴磊' })).entries[0];
  expect(entry.joined).toBe(false);
});

test('invites: expiry, revocation and max uses are enforced', async () => {
  const invite = await h.ok(chair, 'membership.createInvite', { unionId: xinghuo, expiresInDays: 1, maxUses: 1 });
  const a = await newPerson('甲一');
  const b = await newPerson('乙二');
  await h.ok(a, 'membership.join', {
    inviteCode: invite.code,
    name: '甲一',
    mobile: '13700000011',
    employeeNo: 'N1',
    employer: '星火',
  });
  await expectCode(
    h.call(b, 'membership.join', {
      inviteCode: invite.code,
      name: '乙二',
      mobile: '13700000012',
      employeeNo: 'N2',
      employer: '星火',
    }),
    'INVITE_EXHAUSTED',
  );
  const other = await h.ok(chair, 'membership.createInvite', { unionId: xinghuo, expiresInDays: 1 });
  const saved = h.now;
  h.setNow(new Date(saved.getTime() + 2 * 86_400_000));
  await expectCode(
    h.call(b, 'membership.join', {
      inviteCode: other.code,
      name: '乙二',
      mobile: '13700000012',
      employeeNo: 'N2',
      employer: '星火',
    }),
    'INVITE_EXPIRED',
  );
  h.setNow(saved);
  await h.ok(chair, 'membership.revokeInvite', { inviteId: other.id });
  await expectCode(
    h.call(b, 'membership.join', {
      inviteCode: other.code,
      name: '乙二',
      mobile: '13700000012',
      employeeNo: 'N2',
      employer: '星火',
    }),
    'INVITE_REVOKED',
  );
  expect(await h.ok(null, 'membership.inviteInfo', { inviteCode: other.code })).toMatchObject({
    valid: false,
    reason: '该邀请已被工会撤回，请联系工会获取新的邀请',
  });
  const forged = other.code.slice(0, 33) + 'A'.repeat(16);
  await expectCode(
    h.call(b, 'membership.join', { inviteCode: forged, name: '乙二', mobile: '13700000012', employeeNo: 'N2', employer: '星火' }),
    'INVITE_INVALID',
  );
  await expectCode(h.call(h.base.people.yangFan, 'membership.revokeInvite', { inviteId: invite.id }), 'FORBIDDEN');
});

test('authorization: members cannot touch rosters or invites; officers only their own union', async () => {
  const member = h.base.people.liNa; // finance: may keep the roster, not make invites
  await expectCode(h.call(h.base.people.zhangWei, 'membership.listRoster', { unionId: xinghuo }), 'FORBIDDEN');
  await expectCode(h.call(h.base.people.liuYang, 'membership.listRoster', { unionId: xinghuo }), 'FORBIDDEN');
  await h.ok(member, 'membership.listRoster', { unionId: xinghuo });
  await expectCode(h.call(member, 'membership.createInvite', { unionId: xinghuo }), 'FORBIDDEN');
  await expectCode(h.call(h.base.people.yangFan, 'membership.listRoster', { unionId: xinghuo }), 'FORBIDDEN');
  await expectCode(
    h.call(h.base.people.yangFan, 'membership.startRosterImport', { unionId: xinghuo, fileName: 'a.csv', size: 10 }),
    'FORBIDDEN',
  );
  await expectCode(h.call(h.base.people.sunLi, 'membership.listApplications', { unionId: xinghuo }), 'FORBIDDEN');
  await h.ok(h.base.people.chenJing, 'membership.listApplications', { unionId: xinghuo });
  await expectCode(h.call(null, 'membership.myMembership', {}), 'UNAUTHENTICATED');
  await expectCode(
    h.call(null, 'membership.join', {
      inviteCode: 'a'.repeat(32) + '.' + 'b'.repeat(16),
      name: '甲',
      mobile: '13700000000',
      employeeNo: 'x',
    }),
    'UNAUTHENTICATED',
  );
  const t = await h.ok(h.base.people.liNa, 'membership.rosterTemplate', { unionId: xinghuo });
  expect(Buffer.from(t.base64, 'base64').subarray(0, 2).toString()).toBe('PK');
});

test('roster upload limits: declared size, chunk overflow, wrong extension, too-big file', async () => {
  await expectCode(
    h.call(chair, 'membership.startRosterImport', { unionId: xinghuo, fileName: 'a.csv', size: 5 * 1024 * 1024 + 1 }),
    'ROSTER_FILE_INVALID',
  );
  await expectCode(
    h.call(chair, 'membership.startRosterImport', { unionId: xinghuo, fileName: 'a.pdf', size: 100 }),
    'ROSTER_FILE_INVALID',
  );
  await expectCode(
    h.call(chair, 'membership.startRosterImport', { unionId: xinghuo, fileName: 'a.csv', size: 0 }),
    'ROSTER_FILE_INVALID',
  );
  const { importId } = await h.ok(chair, 'membership.startRosterImport', { unionId: xinghuo, fileName: 'a.csv', size: 10 });
  await expectCode(
    h.call(chair, 'membership.uploadRosterChunk', { importId, seq: 0, data: Buffer.alloc(20, 65).toString('base64') }),
    'ROSTER_FILE_INVALID',
  );
  await h.ok(chair, 'membership.uploadRosterChunk', { importId, seq: 1, data: Buffer.alloc(5, 65).toString('base64') });
  await expectCode(h.call(chair, 'membership.previewRosterImport', { importId }), 'UPLOAD_INCOMPLETE');
  // A binary file disguised as .csv is refused by content.
  const bin = await expectCode(
    (async () => {
      try {
        return {
          ok: true,
          data: await uploadRoster(h, chair, xinghuo, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]), 'x.csv'),
        };
      } catch (e) {
        return { ok: false, error: { code: (e as { code: string }).code } };
      }
    })(),
    'ROSTER_FILE_INVALID',
  );
  expect(bin.code).toBe('ROSTER_FILE_INVALID');
});

test('an upload abandoned for two hours is dropped with its raw content', async () => {
  const { importId } = await h.ok(chair, 'membership.startRosterImport', { unionId: xinghuo, fileName: 'old.csv', size: 100 });
  await h.ok(chair, 'membership.uploadRosterChunk', {
    importId,
    seq: 0,
    data: Buffer.from('姓名,手机号,身份证号').toString('base64'),
  });
  const saved = h.now;
  h.setNow(new Date(saved.getTime() + 3 * 3_600_000));
  await h.ok(chair, 'membership.startRosterImport', { unionId: xinghuo, fileName: 'new.csv', size: 100 });
  h.setNow(saved);
  const [c] = await rows<{ n: number }>(
    h.database.db,
    sql`SELECT count(*)::int AS n FROM roster_import_chunks WHERE import_id = ${importId}`,
  );
  expect(c.n).toBe(0);
  await expectCode(h.call(chair, 'membership.uploadRosterChunk', { importId, seq: 1, data: 'QQ==' }), 'IMPORT_CLOSED');
});

test('a roster match in another union (platform-wide): joins that union at once, counted on the inviting invite', async () => {
  const school = h.base.unions.school;
  const w = { name: '平台甲', mobile: '13700000701', idNumber: demoIdNumber('19890909', 701) };
  const preview = await uploadRoster(
    h,
    h.base.people.yangFan,
    school,
    csvOf(['姓名,手机号,身份证号', `${w.name},${w.mobile},${w.idNumber}`]),
  );
  await h.ok(h.base.people.yangFan, 'membership.confirmRosterImport', { importId: preview.importId });
  const invite = await h.ok(chair, 'membership.createInvite', { unionId: xinghuo, autoApprove: true });
  const p = await newPerson(w.name);
  const r = await h.ok(p, 'membership.join', { inviteCode: invite.code, ...w });
  expect(r).toMatchObject({ outcome: 'joined', match: 'platform', union: { id: school } });
  expect((await h.ok(p, 'membership.myMembership', {})).card?.union.id).toBe(school);
  const inv = (await h.ok(chair, 'membership.listInvites', { unionId: xinghuo })).invites.find((i) => i.id === invite.id);
  expect(inv).toMatchObject({ joinedCount: 1, usedCount: 1 });

  // Without auto-approve the application goes to the union whose roster matched, not the inviting one.
  const w2 = { name: '平台乙', mobile: '13700000702', idNumber: demoIdNumber('19890909', 702) };
  const preview2 = await uploadRoster(
    h,
    h.base.people.yangFan,
    school,
    csvOf(['姓名,手机号,身份证号', `${w2.name},${w2.mobile},${w2.idNumber}`]),
  );
  await h.ok(h.base.people.yangFan, 'membership.confirmRosterImport', { importId: preview2.importId });
  const manual = await h.ok(chair, 'membership.createInvite', { unionId: xinghuo, autoApprove: false });
  const p2 = await newPerson(w2.name);
  const r2 = await h.ok(p2, 'membership.join', { inviteCode: manual.code, ...w2 });
  expect(r2).toMatchObject({ outcome: 'pending', match: 'platform', union: { id: school } });
  await expectCode(h.call(chair, 'membership.approve', { applicationId: r2.applicationId! }), 'FORBIDDEN');
  await h.ok(h.base.people.yangFan, 'membership.approve', { applicationId: r2.applicationId! });
});

test("authorization: an officer cannot reject, or batch-approve, another union's applications", async () => {
  const invite = await h.ok(chair, 'membership.createInvite', { unionId: xinghuo, autoApprove: false });
  const p = await newPerson('跨会甲');
  const r = await h.ok(p, 'membership.join', {
    inviteCode: invite.code,
    name: '跨会甲',
    mobile: '13700000801',
    employeeNo: 'KH1',
    employer: '星火',
  });
  await expectCode(
    h.call(h.base.people.yangFan, 'membership.reject', { applicationId: r.applicationId!, reason: '不认识' }),
    'FORBIDDEN',
  );
  // The batch is scoped to the school, but names 星火's application: refused item by item.
  const batch = await h.ok(h.base.people.yangFan, 'membership.approveBatch', {
    unionId: h.base.unions.school,
    applicationIds: [r.applicationId!],
  });
  expect(batch).toMatchObject({ approved: [], failed: [{ id: r.applicationId, code: 'FORBIDDEN' }] });
  await expectCode(
    h.call(h.base.people.yangFan, 'membership.approveBatch', { unionId: xinghuo, applicationIds: [r.applicationId!] }),
    'FORBIDDEN',
  );
  // A member (not an officer) cannot see the queue or the roster.
  await expectCode(
    h.call(h.base.people.zhangWei, 'membership.approveBatch', { unionId: xinghuo, applicationIds: [r.applicationId!] }),
    'FORBIDDEN',
  );
  const [a] = await rows<{ status: string }>(h.database.db, sql`SELECT status FROM applications WHERE id = ${r.applicationId}`);
  expect(a.status).toBe('pending');
});

test('roster rows without an ID number that name an existing member (name + mobile) are flagged as duplicates', async () => {
  const invite = await h.ok(chair, 'membership.createInvite', { unionId: xinghuo, autoApprove: false });
  const p = await newPerson('已会员甲');
  const r = await h.ok(p, 'membership.join', {
    inviteCode: invite.code,
    name: '已会员甲',
    mobile: '13700000901',
    employeeNo: 'YH1',
    employer: '星火',
  });
  await h.ok(chair, 'membership.approve', { applicationId: r.applicationId! });
  const preview = await uploadRoster(
    h,
    chair,
    xinghuo,
    csvOf(['姓名,手机号,身份证号,工号', '已会员甲,13700000901,,YH9', '另一人,13700000901,,YH10']),
  );
  const byRow = Object.fromEntries(preview.rows.map((x) => [x.row, x]));
  expect(byRow[2].errors).toEqual(['已是本会会员（姓名、手机号与会员一致），无需导入']);
  // Same mobile, another name: the in-file duplicate is what is reported, not membership.
  expect(byRow[3].errors).toEqual(['手机号与第 2 行重复']);
  await h.ok(chair, 'membership.cancelRosterImport', { importId: preview.importId });
});

test('an upload abandoned in one union is dropped when any union starts an import', async () => {
  const { importId } = await h.ok(h.base.people.yangFan, 'membership.startRosterImport', {
    unionId: h.base.unions.school,
    fileName: 'old.csv',
    size: 100,
  });
  await h.ok(h.base.people.yangFan, 'membership.uploadRosterChunk', {
    importId,
    seq: 0,
    data: Buffer.from('姓名,手机号,身份证号').toString('base64'),
  });
  const saved = h.now;
  h.setNow(new Date(saved.getTime() + 1 * 3_600_000));
  await h.ok(chair, 'membership.startRosterImport', { unionId: xinghuo, fileName: 'new.csv', size: 100 });
  const count = async () =>
    (
      await rows<{ n: number }>(
        h.database.db,
        sql`SELECT count(*)::int AS n FROM roster_import_chunks WHERE import_id = ${importId}`,
      )
    )[0].n;
  expect(await count()).toBe(1); // not two hours old yet
  h.setNow(new Date(saved.getTime() + 3 * 3_600_000));
  await h.ok(chair, 'membership.startRosterImport', { unionId: xinghuo, fileName: 'new.csv', size: 100 });
  h.setNow(saved);
  expect(await count()).toBe(0);
  const [imp] = await rows<{ status: string }>(h.database.db, sql`SELECT status FROM roster_imports WHERE id = ${importId}`);
  expect(imp.status).toBe('cancelled');
});

test('ID numbers cannot be probed: on a roster under another name, bound to another account, or on no roster all read the same and all count', async () => {
  const invite = await h.ok(chair, 'membership.createInvite', { unionId: xinghuo });
  const onRoster = DEMO_ROSTER[2].idNumber; // a worker on 星火's roster, under another name
  const nowhere = demoIdNumber('19700707', 777); // on no roster
  const bound = demoIdNumber('19710808', 778);
  await h.database.db.execute(
    sql`UPDATE people SET id_hash = ${(await import('../../cloudfunctions/core/membership/identity-hash')).hashIdNumber(bound)} WHERE id = ${h.base.people.liuYang}`,
  );
  const probe = async (idNumber: string) => {
    const prober = await newPerson('试探者');
    return h.call(prober, 'membership.join', { inviteCode: invite.code, name: '试探者', mobile: '13711112222', idNumber });
  };
  const [a, b, c] = [await probe(onRoster), await probe(nowhere), await probe(bound)];
  expect(a).toMatchObject({ ok: true, data: { outcome: 'mismatch', attemptsLeft: 4, fields: IDENTITY_NOT_CONFIRMED } });
  expect(b).toEqual(a);
  expect(c).toEqual(a);
  // One account alternating between both kinds spends the same attempts and is stopped alike.
  const prober = await newPerson('试探者');
  const left: number[] = [];
  for (const idNumber of [nowhere, onRoster, nowhere, onRoster, nowhere]) {
    const r = await h.ok(prober, 'membership.join', { inviteCode: invite.code, name: '试探者', mobile: '13711112222', idNumber });
    left.push(r.attemptsLeft!);
  }
  expect(left).toEqual([4, 3, 2, 1, 0]);
  await expectCode(
    h.call(prober, 'membership.join', { inviteCode: invite.code, name: '试探者', mobile: '13711112222', idNumber: nowhere }),
    'RATE_LIMITED',
  );
});
