import { sql } from 'drizzle-orm';
import { createHarness, type Harness } from '../support/harness';
import { rows } from '../../cloudfunctions/core/db/client';
import { suppressBreakdown, suppressCount } from '@shared/domain/federation/suppression';
import { yearStartOf } from '../../cloudfunctions/core/federation/rollup';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ now: new Date('2026-06-15T04:00:00Z') });
});
afterAll(() => h.close());

const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);
const n = (v: unknown) => Number(v);

/** Raw counts over a node's subtree, straight from the tables the figures are rolled up from. */
async function raw(unionId: string) {
  const [path] = await rows<{ path: string }>(h.database.db, sql`SELECT path FROM unions WHERE id = ${unionId}`);
  const sub = sql`(SELECT id FROM unions WHERE path LIKE ${path.path + '%'})`;
  const y = yearStartOf(h.now).toISOString();
  const one = async (q: ReturnType<typeof sql>) => n((await rows<{ n: unknown }>(h.database.db, q))[0].n);
  return {
    unions: await one(sql`SELECT count(*) AS n FROM unions WHERE id IN ${sub}`),
    active: await one(sql`SELECT count(*) AS n FROM members WHERE status = 'active' AND union_id IN ${sub}`),
    pending: await one(sql`SELECT count(*) AS n FROM applications WHERE status = 'pending' AND union_id IN ${sub}`),
    claims: {
      inReview: await one(
        sql`SELECT count(*) AS n FROM aid_claims WHERE status IN ('submitted','returned') AND submitted_at >= ${y} AND union_id IN ${sub}`,
      ),
      approved: await one(
        sql`SELECT count(*) AS n FROM aid_claims WHERE status IN ('officer_approved','federation_approved') AND submitted_at >= ${y} AND union_id IN ${sub}`,
      ),
      paid: await one(
        sql`SELECT count(*) AS n FROM aid_claims WHERE status = 'paid' AND submitted_at >= ${y} AND union_id IN ${sub}`,
      ),
      rejected: await one(
        sql`SELECT count(*) AS n FROM aid_claims WHERE status = 'rejected' AND submitted_at >= ${y} AND union_id IN ${sub}`,
      ),
    },
    congresses: await one(sql`SELECT count(*) AS n FROM congresses WHERE starts_at >= ${y} AND union_id IN ${sub}`),
    booked: await one(
      sql`SELECT count(*) AS n FROM booking_bookings b JOIN booking_slots s ON s.id = b.slot_id JOIN booking_services v ON v.id = b.service_id
          WHERE b.status <> 'cancelled' AND s.starts_at >= ${y} AND v.union_id IN ${sub}`,
    ),
  };
}

test('every figure of every node equals the raw counts of its subtree (claims after suppression)', async () => {
  const nodes = Object.entries(h.base.unions);
  for (const [key, unionId] of nodes) {
    const o = await h.ok(h.base.people.zhaoLei, 'unions.overview', { unionId });
    const r = await raw(unionId);
    const claims = suppressBreakdown(r.claims);
    expect({
      key,
      figures: [o.unions.total, o.members.active, o.members.pendingApplications, o.congress.held, o.booking.booked],
    }).toEqual({
      key,
      figures: [r.unions, r.active, r.pending, r.congresses, r.booked],
    });
    expect({ key, claims: o.aid.claims, total: o.aid.claimsTotal }).toEqual({ key, claims: claims.cells, total: claims.total });
    const below = await rows<{ id: string }>(h.database.db, sql`SELECT id FROM unions WHERE parent_id = ${unionId}`);
    expect(o.children.map((c) => c.id).sort()).toEqual(below.map((b) => b.id).sort());
  }
  // the demo data is not all zeros: the check above compared real numbers
  const city = await raw(h.base.unions.city);
  expect(city.active).toBeGreaterThan(50);
  expect(Object.values(city.claims).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5);
});

test('a district admin sees her district and below, never another district or the city', async () => {
  const { chenJing, sunLi } = h.base.people;
  const { east, west, city, logistics, xinghuo, eastStreet } = h.base.unions;
  expect(code(await h.call(chenJing, 'unions.overview', { unionId: east }))).toBe('ok');
  expect(code(await h.call(chenJing, 'unions.overview', { unionId: eastStreet }))).toBe('ok');
  expect(code(await h.call(chenJing, 'unions.overview', { unionId: xinghuo }))).toBe('ok');
  for (const unionId of [west, city, logistics])
    expect(code(await h.call(chenJing, 'unions.overview', { unionId }))).toBe('FORBIDDEN');
  expect(code(await h.call(chenJing, 'membership.exportOverview', { unionId: west }))).toBe('FORBIDDEN');
  expect(code(await h.call(sunLi, 'unions.overview', { unionId: east }))).toBe('FORBIDDEN');
  // her district's figures hold none of the west's members, and its league table lists only her streets
  const mine = await h.ok(chenJing, 'unions.overview', { unionId: east });
  expect(mine.members.active).toBe((await raw(east)).active);
  expect(mine.members.active).toBeLessThan((await raw(city)).active);
  expect(mine.children.map((c) => c.id)).toEqual([eastStreet]);
  // a grassroots chair sees her own union only; a member sees none
  expect(code(await h.call(h.base.people.wangFang, 'unions.overview', { unionId: xinghuo }))).toBe('ok');
  expect(code(await h.call(h.base.people.wangFang, 'unions.overview', { unionId: eastStreet }))).toBe('FORBIDDEN');
  expect(code(await h.call(h.base.people.zhangWei, 'unions.overview', { unionId: xinghuo }))).toBe('FORBIDDEN');
});

test('claim figures of a small group are hidden: a count of 1–4 never appears, nor one derivable from the total', async () => {
  const o = await h.ok(h.base.people.chenJing, 'unions.overview', { unionId: h.base.unions.xinghuo });
  const r = await raw(h.base.unions.xinghuo);
  for (const [k, v] of Object.entries(r.claims))
    if (v > 0 && v < 5) expect({ k, v: o.aid.claims[k as 'paid'] }).toEqual({ k, v: null });
  // every shown cell is 0 or ≥ 5, and never exactly one cell is hidden while the total shows
  const cells = Object.values(o.aid.claims);
  for (const c of cells) if (c !== null) expect(c === 0 || c >= 5).toBe(true);
  if (o.aid.claimsTotal !== null) expect(cells.filter((c) => c === null).length).not.toBe(1);
  for (const m of o.trend.claims) if (m !== null) expect(m === 0 || m >= 5).toBe(true);
  // 东湖一中 has no claims at all: a zero reveals nobody and is shown
  const school = await h.ok(h.base.people.chenJing, 'unions.overview', { unionId: h.base.unions.school });
  expect(school.aid.claimsTotal).toBe(0);
  const street = await h.ok(h.base.people.chenJing, 'unions.overview', { unionId: h.base.unions.eastStreet });
  for (const c of street.children)
    if (c.claimsInReview !== null) expect(c.claimsInReview === 0 || c.claimsInReview >= 5).toBe(true);
});

test('suppression rule: small cells hidden, a lone hidden cell gets a companion, a small total hides all', () => {
  expect(suppressCount(0)).toBe(0);
  expect(suppressCount(4)).toBeNull();
  expect(suppressCount(5)).toBe(5);
  expect(suppressBreakdown({ a: 10, b: 2, c: 7 })).toEqual({ cells: { a: 10, b: null, c: null }, total: 19 });
  expect(suppressBreakdown({ a: 10, b: 2, c: 3, d: 0 })).toEqual({ cells: { a: 10, b: null, c: null, d: 0 }, total: 15 });
  expect(suppressBreakdown({ a: 2, b: 1, c: 0 })).toEqual({ cells: { a: null, b: null, c: null }, total: null });
  expect(suppressBreakdown({ a: 0, b: 0 })).toEqual({ cells: { a: 0, b: 0 }, total: 0 });
});

test('figures are rebuilt once older than ten minutes: a new join shows after the refresh, not before', async () => {
  const { xinghuo } = h.base.unions;
  const before = await h.ok(h.base.people.chenJing, 'unions.overview', { unionId: xinghuo });
  const [p] = await rows<{ id: string }>(h.database.db, sql`INSERT INTO people (name) VALUES ('新会员') RETURNING id`);
  await h.database.db.execute(
    sql`INSERT INTO members (person_id, union_id, member_no, status, joined_at) VALUES (${p.id}, ${xinghuo}, 'XC999001', 'active', ${h.now.toISOString()})`,
  );
  h.setNow(new Date(h.now.getTime() + 5 * 60_000));
  const stale = await h.ok(h.base.people.chenJing, 'unions.overview', { unionId: xinghuo });
  expect(stale.members.active).toBe(before.members.active);
  expect(stale.refreshedAt).toBe(before.refreshedAt);
  h.setNow(new Date(h.now.getTime() + 6 * 60_000));
  const fresh = await h.ok(h.base.people.chenJing, 'unions.overview', { unionId: xinghuo });
  expect(fresh.members.active).toBe(before.members.active + 1);
  expect(fresh.members.joinedThisYear).toBe(before.members.joinedThisYear + 1);
  expect(fresh.trend.joined[11]).toBe(before.trend.joined[11] + 1);
  expect(new Date(fresh.refreshedAt).getTime()).toBe(h.now.getTime());
});

test('the overview exports as .xlsx', async () => {
  const x = await h.ok(h.base.people.chenJing, 'membership.exportOverview', { unionId: h.base.unions.east });
  expect(x.fileName).toMatch(/^数据概览-东湖区总工会-.*\.xlsx$/);
  expect(Buffer.from(x.contentBase64, 'base64').subarray(0, 2).toString()).toBe('PK');
});

test('the federationRollup timer rebuilds the figures; an event merely claiming to be it is refused', async () => {
  const { main: retention } = await import('../../cloudfunctions/retention');
  const event = { Type: 'Timer', TriggerName: 'federationRollup' };
  expect(await retention(event, { local: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  h.setNow(new Date(h.now.getTime() + 60_000));
  const marked = { environment: JSON.stringify({ TRIGGER_SRC: 'timer' }) };
  const out = (await retention(event, marked)) as { ok: boolean; data: { refreshedAt: string } };
  expect(out.ok).toBe(true);
  expect(out.data.refreshedAt).toBe(h.now.toISOString());
  const [r] = await rows<{ at: Date | string }>(h.database.db, sql`SELECT refreshed_at AS at FROM federation_refreshes`);
  expect(new Date(r.at).toISOString()).toBe(h.now.toISOString());
});
