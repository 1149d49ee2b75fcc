import { sql } from 'drizzle-orm';
import { createHarness, type Harness } from '../support/harness';
import { rows } from '../../cloudfunctions/core/db/client';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

test('the chair lists her union: every active member once, in member-number order, phones masked', async () => {
  const { wangFang } = h.base.people;
  const { xinghuo } = h.base.unions;
  const [raw] = await rows<{ n: string }>(
    h.database.db,
    sql`SELECT count(*) AS n FROM members WHERE union_id = ${xinghuo} AND status = 'active'`,
  );
  const seen: string[] = [];
  let total = 0;
  for (let page = 1; page < 20; page++) {
    const p = await h.ok(wangFang, 'unions.memberDirectory', { unionId: xinghuo, status: 'active', page, pageSize: 25 });
    total = p.total;
    if (p.members.length === 0) break;
    seen.push(...p.members.map((m) => m.memberNo));
    for (const m of p.members) if (m.phone) expect(m.phone).toMatch(/^尾号\d{4}$/);
  }
  expect(total).toBe(Number(raw.n));
  expect(seen).toHaveLength(total);
  expect([...seen].sort()).toEqual(seen);
  expect(JSON.stringify(seen)).not.toMatch(/1[3-9]\d{9}/);
});

test('search by name, member number prefix and department; a LIKE wildcard is taken literally', async () => {
  const { wangFang } = h.base.people;
  const { xinghuo } = h.base.unions;
  const byName = await h.ok(wangFang, 'unions.memberDirectory', { unionId: xinghuo, q: '张伟', page: 1, pageSize: 20 });
  expect(byName.members.map((m) => m.name)).toEqual(['张伟']);
  const no = byName.members[0].memberNo;
  const byNo = await h.ok(wangFang, 'unions.memberDirectory', { unionId: xinghuo, q: no, page: 1, pageSize: 20 });
  expect(byNo.members.map((m) => m.memberNo)).toEqual([no]);
  expect(code(await h.call(wangFang, 'unions.memberDirectory', { unionId: xinghuo, q: '%', page: 1, pageSize: 20 }))).toBe('ok');
  expect((await h.ok(wangFang, 'unions.memberDirectory', { unionId: xinghuo, q: '%', page: 1, pageSize: 20 })).total).toBe(0);
  // department comes from the roster row the member was matched to
  await h.database.db.execute(
    sql`INSERT INTO roster_entries (union_id, name, employee_no, department, matched_person_id, matched_at)
        VALUES (${xinghuo}, '张伟', 'T-DIR-1', '质量保障部', ${h.base.people.zhangWei}, now())`,
  );
  const byDept = await h.ok(wangFang, 'unions.memberDirectory', { unionId: xinghuo, q: '保障', page: 1, pageSize: 50 });
  expect(byDept.members.map((m) => [m.name, m.department])).toEqual([['张伟', '质量保障部']]);
});

test('a too-long search is refused naming the field', async () => {
  const r = await h.call(h.base.people.wangFang, 'unions.memberDirectory', {
    unionId: h.base.unions.xinghuo,
    q: '长'.repeat(41),
    page: 1,
    pageSize: 20,
  });
  expect(r.ok).toBe(false);
  expect(JSON.stringify(r)).toContain('搜索词');
});

test('scope: another union’s chair, a member and another district’s admin are refused; the district above may read', async () => {
  const { zhouJie, zhangWei, sunLi, chenJing, liNa } = h.base.people;
  const { xinghuo } = h.base.unions;
  const input = { unionId: xinghuo, page: 1, pageSize: 20 };
  expect(code(await h.call(zhouJie, 'unions.memberDirectory', input))).toBe('FORBIDDEN');
  expect(code(await h.call(zhangWei, 'unions.memberDirectory', input))).toBe('FORBIDDEN');
  expect(code(await h.call(sunLi, 'unions.memberDirectory', input))).toBe('FORBIDDEN');
  expect(code(await h.call(chenJing, 'unions.memberDirectory', input))).toBe('ok');
  expect(code(await h.call(liNa, 'unions.memberDirectory', input))).toBe('ok');
  // finance reads but does not take the list away
  expect(code(await h.call(liNa, 'membership.exportMembers', { unionId: xinghuo }))).toBe('FORBIDDEN');
  const anyMember = (await h.ok(chenJing, 'unions.memberDirectory', input)).members[0];
  expect(code(await h.call(sunLi, 'unions.memberDetail', { memberId: anyMember.memberId }))).toBe('FORBIDDEN');
  expect(code(await h.call(zhouJie, 'unions.memberDetail', { memberId: anyMember.memberId }))).toBe('FORBIDDEN');
});

test('export: the filtered directory as .xlsx, audited with the row count', async () => {
  const { wangFang } = h.base.people;
  const { xinghuo } = h.base.unions;
  const x = await h.ok(wangFang, 'membership.exportMembers', { unionId: xinghuo, status: 'active' });
  const list = await h.ok(wangFang, 'unions.memberDirectory', { unionId: xinghuo, status: 'active', page: 1, pageSize: 1 });
  expect(x.rows).toBe(list.total);
  expect(Buffer.from(x.contentBase64, 'base64').subarray(0, 2).toString()).toBe('PK');
  const [a] = await rows<{ detail: { rows: number } }>(
    h.database.db,
    sql`SELECT detail FROM audit_log WHERE action = 'membership.exportMembers' AND actor_id = ${wangFang} ORDER BY id DESC LIMIT 1`,
  );
  expect(a.detail.rows).toBe(x.rows);
});

test('member detail: history of joins and transfers, claim count, officer roles, masked identity, no medical data', async () => {
  const { wangFang, zhangWei, liNa } = h.base.people;
  const [m] = await rows<{ id: string }>(
    h.database.db,
    sql`SELECT id FROM members WHERE person_id = ${liNa} AND status = 'active'`,
  );
  const d = await h.ok(wangFang, 'unions.memberDetail', { memberId: m.id });
  expect(d.member.name).toBe('李娜');
  expect(d.officerRoles).toEqual(['finance']);
  expect(d.history.map((e) => e.kind)).toContain('joined');
  const [z] = await rows<{ id: string }>(
    h.database.db,
    sql`SELECT id FROM members WHERE person_id = ${zhangWei} AND status = 'active'`,
  );
  const zd = await h.ok(wangFang, 'unions.memberDetail', { memberId: z.id });
  const [claims] = await rows<{ n: string }>(
    h.database.db,
    sql`SELECT count(*) AS n FROM aid_claims WHERE person_id = ${zhangWei} AND status <> 'draft'`,
  );
  expect(zd.claimsCount).toBe(Number(claims.n));
  expect(JSON.stringify(zd)).not.toMatch(/diagnosis|hospital|医院/);
  // a transfer shows on both memberships' history: out of the old union, into the new
  const [school] = await rows<{ id: string }>(
    h.database.db,
    sql`INSERT INTO members (person_id, union_id, member_no, status, joined_at, previous_member_id)
        SELECT person_id, ${h.base.unions.school}, 'XC990001', 'pending', NULL, id FROM members WHERE id = ${z.id} RETURNING id`,
  );
  await h.database.db.execute(sql`UPDATE members SET status = 'transferred', left_at = now() WHERE id = ${z.id}`);
  await h.database.db.execute(sql`UPDATE members SET status = 'active', joined_at = now() WHERE id = ${school.id}`);
  const after = await h.ok(wangFang, 'unions.memberDetail', { memberId: z.id });
  expect(after.history.map((e) => `${e.kind}@${e.unionName}`)).toEqual(
    expect.arrayContaining(['transferredOut@星火电子工会', 'transferredIn@东湖一中工会']),
  );
});

test('home: a federation admin sees her federation, not 您还未加入工会; a member has none', async () => {
  const home = await h.ok(h.base.people.chenJing, 'unions.home', {});
  expect(home.membership).toBeNull();
  expect(home.federation?.id).toBe(h.base.unions.east);
  expect(home.federation?.shortName).toBe('东湖区总工会');
  expect((await h.ok(h.base.people.zhangWei, 'unions.home', {})).federation).toBeNull();
});
