import { sql } from 'drizzle-orm';
import { createHarness, type Harness } from '../support/harness';
import { rows } from '../../cloudfunctions/core/db/client';

/** Officer roles end with membership; chairs and the federation above grant and revoke them, with history. */
let h: Harness;
let xinghuo: string;
let chair: string; // 王芳, the only chair of 星火
beforeAll(async () => {
  h = await createHarness();
  xinghuo = h.base.unions.xinghuo;
  chair = h.base.people.wangFang;
});
afterAll(() => h.close());

const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);
const memberNoOf = async (personId: string) =>
  (
    await rows<{ member_no: string }>(
      h.database.db,
      sql`SELECT member_no FROM members WHERE person_id = ${personId} AND status = 'active'`,
    )
  )[0].member_no;
const rolesOf = async (personId: string) =>
  (
    await rows<{ role: string }>(
      h.database.db,
      sql`SELECT role FROM role_grants WHERE person_id = ${personId} AND union_id = ${xinghuo} ORDER BY role`,
    )
  ).map((r) => r.role);

/** A fresh active member of 星火 (so each test owns the people it changes). */
async function newMember(name: string): Promise<string> {
  const [p] = await rows<{ id: string }>(h.database.db, sql`INSERT INTO people (name) VALUES (${name}) RETURNING id`);
  await h.database.db.execute(sql`INSERT INTO members (person_id, union_id, member_no, status, joined_at)
      VALUES (${p.id}, ${xinghuo}, ${'T' + p.id.slice(0, 8)}, 'active', now())`);
  return p.id;
}

test('a chair who leaves the union loses her roles: the roster, claims and invites are refused, with the old token or a new one', async () => {
  const leaving = await newMember('离任主席');
  await h.database.db.execute(sql`INSERT INTO role_grants (person_id, union_id, role) VALUES (${leaving}, ${xinghuo}, 'chair')`);
  const oldToken = await h.tokenFor(leaving);
  expect(codeOf(await h.callWithToken(oldToken, 'membership.listRoster', { unionId: xinghuo }))).toBe('ok');

  await h.ok(leaving, 'membership.leave', { reason: '调离本单位' });
  expect(await rolesOf(leaving)).toEqual([]);
  // The session she held is revoked; a fresh one carries no officer role.
  expect(codeOf(await h.callWithToken(oldToken, 'membership.listRoster', { unionId: xinghuo }))).toBe('UNAUTHENTICATED');
  expect(codeOf(await h.call(leaving, 'membership.listRoster', { unionId: xinghuo }))).toBe('FORBIDDEN');
  expect(codeOf(await h.call(leaving, 'aid.claims', { unionId: xinghuo }))).toBe('FORBIDDEN');
  expect(codeOf(await h.call(leaving, 'membership.createInvite', { unionId: xinghuo }))).toBe('FORBIDDEN');

  // Recorded: the history names the system revocation, the audit log the role that ended.
  const history = await h.ok(chair, 'unions.roleHistory', { unionId: xinghuo });
  expect(history.changes.find((c) => c.personId === leaving)).toMatchObject({
    role: 'chair',
    change: 'revoked',
    reason: expect.stringContaining('退会'),
  });
  const [a] = await rows<{ n: number }>(
    h.database.db,
    sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'unions.revokeRole' AND target_id = ${leaving}`,
  );
  expect(a.n).toBe(1);
});

test('a transfer out of the union ends the roles held on it', async () => {
  const mover = await newMember('转会财务');
  await h.database.db.execute(sql`INSERT INTO role_grants (person_id, union_id, role) VALUES (${mover}, ${xinghuo}, 'finance')`);
  const schoolInvite = await h.ok(h.base.people.yangFan, 'membership.createInvite', {
    unionId: h.base.unions.school,
    autoApprove: false,
  });
  const t = await h.ok(mover, 'membership.transfer', { inviteCode: schoolInvite.code });
  expect(await rolesOf(mover)).toEqual(['finance']); // still in 星火 until the school approves
  await h.ok(h.base.people.yangFan, 'membership.approve', { applicationId: t.applicationId! });
  expect(await rolesOf(mover)).toEqual([]);
  expect(codeOf(await h.call(mover, 'aid.claims', { unionId: xinghuo }))).toBe('FORBIDDEN');
});

test('the chair grants and revokes officer roles by member number; vice chairs and other unions cannot; history keeps who did what', async () => {
  const worker = await newMember('新任副主席');
  const memberNo = await memberNoOf(worker);
  expect(codeOf(await h.call(worker, 'membership.listInvites', { unionId: xinghuo }))).toBe('FORBIDDEN');
  const granted = await h.ok(chair, 'unions.grantRole', {
    unionId: xinghuo,
    memberNo,
    role: 'vice_chair',
    reason: '会员代表大会选举',
  });
  expect(granted.officers).toContainEqual(expect.objectContaining({ personId: worker, role: 'vice_chair', memberNo }));
  expect(codeOf(await h.call(worker, 'membership.listInvites', { unionId: xinghuo }))).toBe('ok');

  // Only members of the union, only by its chair or the federation above.
  const other = await memberNoOf(h.base.people.zhouJie); // chair of 青石物流
  expect(
    codeOf(await h.call(chair, 'unions.grantRole', { unionId: xinghuo, memberNo: other, role: 'finance', reason: '任命' })),
  ).toBe('NOT_MEMBER');
  const vice = h.base.people.liQiang;
  expect(codeOf(await h.call(vice, 'unions.grantRole', { unionId: xinghuo, memberNo, role: 'chair', reason: '任命' }))).toBe(
    'FORBIDDEN',
  );
  expect(
    codeOf(
      await h.call(h.base.people.zhouJie, 'unions.revokeRole', {
        unionId: xinghuo,
        personId: worker,
        role: 'vice_chair',
        reason: '撤销',
      }),
    ),
  ).toBe('FORBIDDEN');
  expect(codeOf(await h.call(h.base.people.sunLi, 'unions.officers', { unionId: xinghuo }))).toBe('FORBIDDEN');
  expect(codeOf(await h.call(h.base.people.chenJing, 'unions.officers', { unionId: xinghuo }))).toBe('ok');

  await h.ok(chair, 'unions.revokeRole', { unionId: xinghuo, personId: worker, role: 'vice_chair', reason: '任期届满' });
  expect(codeOf(await h.call(worker, 'membership.listInvites', { unionId: xinghuo }))).toBe('FORBIDDEN');
  expect(
    codeOf(await h.call(chair, 'unions.revokeRole', { unionId: xinghuo, personId: worker, role: 'vice_chair', reason: '再撤' })),
  ).toBe('NOT_FOUND');

  const history = (await h.ok(chair, 'unions.roleHistory', { unionId: xinghuo })).changes.filter((c) => c.personId === worker);
  expect(history.map((c) => [c.change, c.role, c.actorName, c.reason])).toEqual([
    ['revoked', 'vice_chair', '王芳', '任期届满'],
    ['granted', 'vice_chair', '王芳', '会员代表大会选举'],
  ]);
});

test('the last chair is kept unless the federation above decides: no self-revocation, no leaving or transfer before handing over', async () => {
  expect(await rolesOf(chair)).toContain('chair');
  expect(
    codeOf(await h.call(chair, 'unions.revokeRole', { unionId: xinghuo, personId: chair, role: 'chair', reason: '辞职' })),
  ).toBe('LAST_CHAIR');
  expect(codeOf(await h.call(chair, 'membership.leave', { reason: '退休' }))).toBe('LAST_CHAIR');
  const schoolInvite = await h.ok(h.base.people.yangFan, 'membership.createInvite', { unionId: h.base.unions.school });
  expect(codeOf(await h.call(chair, 'membership.transfer', { inviteCode: schoolInvite.code }))).toBe('LAST_CHAIR');

  // Handing over: a second chair, then the first may step down herself.
  const successor = await newMember('继任主席');
  await h.ok(chair, 'unions.grantRole', {
    unionId: xinghuo,
    memberNo: await memberNoOf(successor),
    role: 'chair',
    reason: '换届',
  });
  await h.ok(chair, 'unions.revokeRole', { unionId: xinghuo, personId: chair, role: 'chair', reason: '换届卸任' });
  expect(await rolesOf(chair)).not.toContain('chair');
  // The federation above may remove the last chair (and appoints the next).
  await h.ok(h.base.people.chenJing, 'unions.revokeRole', {
    unionId: xinghuo,
    personId: successor,
    role: 'chair',
    reason: '上级工会免职',
  });
  const [n] = await rows<{ n: number }>(
    h.database.db,
    sql`SELECT count(*)::int AS n FROM role_grants WHERE union_id = ${xinghuo} AND role = 'chair'`,
  );
  expect(n.n).toBe(0);
  await h.ok(h.base.people.chenJing, 'unions.grantRole', {
    unionId: xinghuo,
    memberNo: await memberNoOf(chair),
    role: 'chair',
    reason: '上级工会指定',
  });
  expect(await rolesOf(chair)).toContain('chair');
});
