import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createHarness, type Harness } from '../support/harness';
import { engineName } from '../support/db';
import { rows } from '../../cloudfunctions/core/db/client';
import { fileClaim, plainMembers } from './helpers';

let h: Harness;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-aid-c-'));
  process.env.PU_DATA_DIR = dir;
  h = await createHarness({ now: new Date('2026-10-15T02:00:00Z') });
});
afterAll(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const usage = async (personId: string) => {
  const [u] = await rows<{ approved_fen: string }>(
    h.database.db,
    sql`SELECT approved_fen FROM aid_usage WHERE person_id = ${personId} AND category = 'inpatient'`,
  );
  return Number(u?.approved_fen ?? 0);
};

// 住院 annual cap ¥30,000, per-claim cap ¥10,000. Each claim below is worth the per-claim cap on its own.
const BIG = { total: 9_000_000, insurance: 5_000_000, selfPaid: 3_000_000 };

test('two claims of one member approved at the same moment never exceed the annual cap', async () => {
  const [member] = plainMembers(h).slice(20);
  // the member already received ¥15,000 this year: ¥15,000 is left, two claims of ¥10,000 each are filed
  const earlier = [await fileClaim(h, member, BIG)];
  await h.ok(h.base.people.wangFang, 'aid.review', { claimId: earlier[0].id, decision: 'approve' });
  await h.database.db.execute(sql`UPDATE aid_usage SET approved_fen = 1500000 WHERE person_id = ${member}`);
  const a = await fileClaim(h, member, BIG);
  const b = await fileClaim(h, member, BIG);
  expect([a.claimedFen, b.claimedFen]).toEqual([1_000_000, 1_000_000]);

  const results = await Promise.all([
    h.call(h.base.people.wangFang, 'aid.review', { claimId: a.id, decision: 'approve' }),
    h.call(h.base.people.liQiang, 'aid.review', { claimId: b.id, decision: 'approve' }),
  ]);
  for (const r of results) expect(r.ok ? 'ok' : r.error.code).toBe('ok');
  const approved = results.map((r) => (r.ok ? Number(r.data.approvedFen) : 0)).sort((x, y) => x - y);
  expect(approved).toEqual([500_000, 1_000_000]); // the second is recomputed against what was left
  expect(await usage(member)).toBe(3_000_000);
});

test('many approvals racing for one member: the cap is hit exactly, the rest are refused', async () => {
  const [member] = plainMembers(h).slice(21);
  const claims = [];
  for (let i = 0; i < 5; i++) claims.push(await fileClaim(h, member, BIG));
  const reviewers = [h.base.people.wangFang, h.base.people.liQiang];
  const results = await Promise.all(
    claims.map((c, i) => h.call(reviewers[i % 2], 'aid.review', { claimId: c.id, decision: 'approve' })),
  );
  const ok = results.filter((r) => r.ok);
  const refused = results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code));
  expect(ok).toHaveLength(3);
  expect(refused).toEqual(['ANNUAL_CAP_REACHED', 'ANNUAL_CAP_REACHED']);
  const [{ total }] = await rows<{ total: string }>(
    h.database.db,
    sql`SELECT coalesce(sum(approved_fen), 0) AS total FROM aid_claims WHERE person_id = ${member} AND status = 'officer_approved'`,
  );
  expect(Number(total)).toBe(3_000_000);
  expect(await usage(member)).toBe(3_000_000);
  // the refused claims are still waiting, untouched, for a decision
  const [{ n }] = await rows<{ n: number }>(
    h.database.db,
    sql`SELECT count(*)::int AS n FROM aid_claims WHERE person_id = ${member} AND status = 'submitted'`,
  );
  expect(Number(n)).toBe(2);
});

test('the same claim approved twice at once is approved once', async () => {
  const [member] = plainMembers(h).slice(22);
  const c = await fileClaim(h, member);
  const results = await Promise.all([
    h.call(h.base.people.wangFang, 'aid.review', { claimId: c.id, decision: 'approve' }),
    h.call(h.base.people.liQiang, 'aid.review', { claimId: c.id, decision: 'approve' }),
  ]);
  expect(results.filter((r) => r.ok)).toHaveLength(1);
  expect(results.map((r) => (r.ok ? 'ok' : r.error.code)).sort()).toEqual(['INVALID_STATE', 'ok']);
  expect(await usage(member)).toBe(552_000);
});

test('paying the same claim in two batches at once puts it in one batch (发放中 once)', async () => {
  const [member] = plainMembers(h).slice(23);
  const c = await fileClaim(h, member, { total: 500_000, insurance: 300_000, selfPaid: 200_000 });
  await h.ok(h.base.people.wangFang, 'aid.review', { claimId: c.id, decision: 'approve' });
  const results = await Promise.all(
    [1, 2].map(() => h.call(h.base.people.liNa, 'aid.pay', { unionId: h.base.unions.xinghuo, claimIds: [c.id] })),
  );
  expect(results.map((r) => (r.ok ? 'ok' : r.error.code)).sort()).toEqual(['NOT_PAYABLE', 'ok']);
  const [{ n }] = await rows<{ n: number }>(
    h.database.db,
    sql`SELECT count(*)::int AS n FROM aid_claim_events WHERE claim_id = ${c.id} AND to_status = 'paying'`,
  );
  expect(Number(n)).toBe(1);
});

// PGlite runs one transaction at a time, so only the real PostgreSQL can show a true race. Here a third
// connection holds the member's usage row while both approvals start; the test waits until PostgreSQL
// reports both approval transactions blocked at the same moment, then lets go. Without the row lock in
// aid.review both would have read the same remaining limit and the second would fail (or overpay).
(engineName() === 'postgres' ? test : test.skip)(
  'postgres: two approvals proven in flight together still respect the annual cap',
  async () => {
    const [member] = plainMembers(h).slice(24);
    const earlier = await fileClaim(h, member, BIG);
    await h.ok(h.base.people.wangFang, 'aid.review', { claimId: earlier.id, decision: 'approve' });
    await h.database.db.execute(sql`UPDATE aid_usage SET approved_fen = 1500000 WHERE person_id = ${member}`);
    const a = await fileClaim(h, member, BIG);
    const b = await fileClaim(h, member, BIG);

    const { Client } = await import('pg');
    const holder = new Client({ connectionString: h.database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      const {
        rows: [{ pid }],
      } = await holder.query('SELECT pg_backend_pid() AS pid');
      await holder.query(`SELECT approved_fen FROM aid_usage WHERE person_id = $1 AND category = 'inpatient' FOR UPDATE`, [
        member,
      ]);
      const racing = Promise.all([
        h.call(h.base.people.wangFang, 'aid.review', { claimId: a.id, decision: 'approve' }),
        h.call(h.base.people.liQiang, 'aid.review', { claimId: b.id, decision: 'approve' }),
      ]);
      let blocked = 0;
      for (let i = 0; i < 200 && blocked < 2; i++) {
        // waiting on the holder, or queued behind the other approval that waits on it (other test runs share the server)
        const [{ n }] = await rows<{ n: number }>(
          h.database.db,
          sql`WITH RECURSIVE chain(pid) AS (
              SELECT pid FROM pg_stat_activity WHERE ${pid}::int = ANY(pg_blocking_pids(pid))
              UNION SELECT a.pid FROM pg_stat_activity a JOIN chain c ON c.pid = ANY(pg_blocking_pids(a.pid)))
            SELECT count(*)::int AS n FROM chain`,
        );
        blocked = Number(n);
        if (blocked < 2) await new Promise((r) => setTimeout(r, 50));
      }
      expect(blocked).toBe(2); // both approvals are inside their transactions, waiting at the same time
      await holder.query('COMMIT');
      const results = await racing;
      expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'ok']);
      expect(results.map((r) => (r.ok ? Number(r.data.approvedFen) : 0)).sort((x, y) => x - y)).toEqual([500_000, 1_000_000]);
      expect(await usage(member)).toBe(3_000_000);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }
  },
);
