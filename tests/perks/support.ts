import { createHarness, type Harness } from '../support/harness';
import { rows, sql } from '../../cloudfunctions/core/db/client';

/** Wednesday 2026-11-25 10:00 in Shanghai: the clock every perks test file starts from (and is reset to). */
export const NOW0 = '2026-11-25T10:00:00+08:00';
export const at = (offsetHours: number) => new Date(Date.parse(NOW0) + offsetHours * 3600_000).toISOString();

/** One seeded harness per test file at NOW0; `next()` gives a fresh 星火 member (no named officer). */
export function usePerksHarness(ready: (h: Harness) => void): () => string {
  let h: Harness | undefined;
  let pool: string[] = [];
  let n = 0;
  beforeAll(async () => {
    h = await createHarness({ now: new Date(NOW0) });
    const named = new Set(Object.values(h.base.people));
    pool = h.base.membersOf.xinghuo.filter((p) => !named.has(p));
    ready(h);
  });
  afterAll(() => h?.close());
  beforeEach(() => h?.setNow(NOW0));
  return () => pool[n++];
}

/** The outcome of a call as a code: 'OK' or the refusal's code. */
export const code = async (p: Promise<{ ok: boolean; error?: { code: string } }>) => {
  const r = await p;
  return r.ok ? 'OK' : r.error!.code;
};

/** Active members of a union made by SQL (the seeded pool is small). */
export async function newMembers(h: Harness, unionId: string, n: number): Promise<string[]> {
  const made = await rows<{ id: string }>(
    h.database.db,
    sql`WITH p AS (INSERT INTO people (name) SELECT '会员' || g FROM generate_series(1, ${n}) g RETURNING id)
        INSERT INTO members (person_id, union_id, member_no, status, joined_at)
        SELECT id, ${unionId}, 'PK' || replace(gen_random_uuid()::text, '-', ''), 'active', now() FROM p RETURNING person_id AS id`,
  );
  return made.map((r) => r.id);
}

export async function memberNo(h: Harness, personId: string): Promise<string> {
  const [m] = await rows<{ member_no: string }>(
    h.database.db,
    sql`SELECT member_no FROM members WHERE person_id = ${personId} AND status = 'active'`,
  );
  return m.member_no;
}
