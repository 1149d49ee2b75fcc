import { sql } from 'drizzle-orm';
import { createHarness, type Harness } from '../support/harness';
import { rows } from '../../cloudfunctions/core/db/client';
import { functions } from '../../cloudfunctions/gateway/functions';
import { demoIdNumber } from '../../cloudfunctions/core/membership/seed';
import type { ApiResponse } from '@shared/contracts';
import type { JoinOutput } from '@shared/contracts/membership';
import { csvOf, uploadRoster } from './support';

let h: Harness;
let chair: string;
let xinghuo: string;
beforeAll(async () => {
  h = await createHarness();
  chair = h.base.people.wangFang;
  xinghuo = h.base.unions.xinghuo;
  const lines = ['姓名,手机号,身份证号,工号,部门'];
  for (let i = 0; i < 10; i++)
    lines.push(`并发${i},1380000${String(i).padStart(4, '0')},${demoIdNumber('19900101', 500 + i)},C${i},并发部`);
  const preview = await uploadRoster(h, chair, xinghuo, csvOf(lines));
  await h.ok(chair, 'membership.confirmRosterImport', { importId: preview.importId });
});
afterAll(() => h.close());

/** n accounts; `same` gives them all the name `prefix` (several accounts, one real person's name). */
async function newPeople(prefix: string, n: number, same = false) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++)
    ids.push(
      (
        await rows<{ id: string }>(
          h.database.db,
          sql`INSERT INTO people (name) VALUES (${same ? prefix : prefix + i}) RETURNING id`,
        )
      )[0].id,
    );
  return ids;
}

test('an invite with 3 uses admits exactly 3 of 8 simultaneous joiners', async () => {
  const invite = await h.ok(chair, 'membership.createInvite', { unionId: xinghuo, maxUses: 3 });
  const people = await newPeople('抢名额', 8);
  const results = await Promise.all(
    people.map((p, i) =>
      h.call(p, 'membership.join', {
        inviteCode: invite.code,
        name: `抢名额${i}`,
        mobile: `1370001${String(i).padStart(4, '0')}`,
        employeeNo: `R${i}`,
        employer: '星火',
      }),
    ),
  );
  expect(results.filter((r) => r.ok)).toHaveLength(3);
  expect(results.filter((r) => !r.ok).map((r) => (r as { error: { code: string } }).error.code)).toEqual(
    Array(5).fill('INVITE_EXHAUSTED'),
  );
  const [inv] = await rows<{ used_count: number }>(h.database.db, sql`SELECT used_count FROM invites WHERE id = ${invite.id}`);
  expect(inv.used_count).toBe(3);
});

test('the same join sent 5 times at once makes one membership', async () => {
  const invite = await h.ok(chair, 'membership.createInvite', { unionId: xinghuo });
  const [p] = await newPeople('并发0', 1, true);
  const input = { inviteCode: invite.code, name: '并发0', mobile: '13800000000', idNumber: demoIdNumber('19900101', 500) };
  const results = await Promise.all(Array.from({ length: 5 }, () => h.ok(p, 'membership.join', input)));
  expect(results.filter((r) => r.outcome === 'joined')).toHaveLength(1);
  expect(results.filter((r) => r.outcome === 'already')).toHaveLength(4);
  const m = await rows<{ n: number }>(h.database.db, sql`SELECT count(*)::int AS n FROM members WHERE person_id = ${p}`);
  expect(m[0].n).toBe(1);
});

test('two accounts racing for one roster identity: exactly one wins', async () => {
  const invite = await h.ok(chair, 'membership.createInvite', { unionId: xinghuo });
  const people = await newPeople('并发1', 4, true);
  const input = { inviteCode: invite.code, name: '并发1', mobile: '13800000001', idNumber: demoIdNumber('19900101', 501) };
  const results = await Promise.all(people.map((p) => h.call(p, 'membership.join', input)));
  const joined = results.filter((r) => r.ok && r.data.outcome === 'joined');
  expect(joined).toHaveLength(1);
  for (const r of results.filter((x) => !(x.ok && x.data.outcome === 'joined'))) {
    if (r.ok) expect(r.data.outcome).toBe('mismatch');
    else expect(['CONFLICT', 'ROSTER_CLAIMED']).toContain(r.error.code);
  }
  const [e] = await rows<{ n: number }>(
    h.database.db,
    sql`SELECT count(*)::int AS n FROM members m JOIN people p ON p.id = m.person_id WHERE p.name = '并发1' AND m.status = 'active'`,
  );
  expect(e.n).toBe(1);
});

test('two officers approving one application at once: one decision', async () => {
  const invite = await h.ok(chair, 'membership.createInvite', { unionId: xinghuo, autoApprove: false });
  const [p] = await newPeople('并发2', 1, true);
  const app = await h.ok(p, 'membership.join', {
    inviteCode: invite.code,
    name: '并发2',
    mobile: '13800000002',
    idNumber: demoIdNumber('19900101', 502),
  });
  expect(app.outcome).toBe('pending');
  const results = await Promise.all([
    h.call(chair, 'membership.approve', { applicationId: app.applicationId! }),
    h.call(h.base.people.liQiang, 'membership.approve', { applicationId: app.applicationId! }),
    h.call(h.base.people.chenJing, 'membership.reject', { applicationId: app.applicationId!, reason: '重复申请' }),
  ]);
  expect(results.filter((r) => r.ok)).toHaveLength(1);
  for (const r of results.filter((x) => !x.ok))
    expect(['ALREADY_DECIDED', 'CONFLICT']).toContain((r as { error: { code: string } }).error.code);
  const decisions = await rows<{ n: number }>(
    h.database.db,
    sql`SELECT count(*)::int AS n FROM audit_log WHERE target_id = ${app.applicationId} AND action IN ('membership.approve', 'membership.reject')`,
  );
  expect(decisions[0].n).toBe(1);
});

test('a WeChat user new to the platform (openid only) joins: the person is created with the openid bound', async () => {
  const invite = await h.ok(chair, 'membership.createInvite', { unionId: xinghuo });
  const openid = `o-test-${Date.now()}`;
  const context = {
    environment: JSON.stringify({ WX_CONTEXT_KEYS: 'WX_OPENID,WX_UNIONID', WX_OPENID: openid, WX_UNIONID: 'u-test' }),
  };
  const res = (await functions.membership(
    {
      action: 'membership.join',
      input: { inviteCode: invite.code, name: '并发3', mobile: '13800000003', idNumber: demoIdNumber('19900101', 503) },
    },
    context,
  )) as ApiResponse<JoinOutput>;
  expect(res).toMatchObject({ ok: true, data: { outcome: 'joined', match: 'union' } });
  const [p] = await rows<{ id: string; name: string; id_last4: string; phone_last4: string }>(
    h.database.db,
    sql`SELECT id, name, id_last4, phone_last4 FROM people WHERE openid = ${openid}`,
  );
  expect(p).toMatchObject({ name: '并发3', id_last4: demoIdNumber('19900101', 503).slice(-4), phone_last4: '0003' });
  const [m] = await rows<{ status: string }>(h.database.db, sql`SELECT status FROM members WHERE person_id = ${p.id}`);
  expect(m.status).toBe('active');
  // The same WeChat user again: now a known person, idempotent.
  const again = (await functions.membership(
    {
      action: 'membership.join',
      input: { inviteCode: invite.code, name: '并发3', mobile: '13800000003', idNumber: demoIdNumber('19900101', 503) },
    },
    context,
  )) as ApiResponse<JoinOutput>;
  expect(again).toMatchObject({ ok: true, data: { outcome: 'already' } });
});
