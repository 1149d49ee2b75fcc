import { sql } from 'drizzle-orm';
import { rows } from '../../cloudfunctions/core/db/client';
import type { Harness } from '../support/harness';
import type { ActionInput } from '@shared/contracts';

/** `n` new people who are active members of the union, inserted in one statement (fast for 500+). */
export async function makeMembers(h: Harness, unionId: string, n: number): Promise<string[]> {
  const made = await rows<{ id: string }>(
    h.database.db,
    sql`WITH p AS (
          INSERT INTO people (name) SELECT '代表' || g FROM generate_series(1, ${n}) g RETURNING id
        )
        INSERT INTO members (person_id, union_id, member_no, status, joined_at)
        SELECT id, ${unionId}, 'T' || replace(gen_random_uuid()::text, '-', ''), 'active', now() FROM p
        RETURNING person_id AS id`,
  );
  return made.map((r) => r.id);
}

export async function checkInAll(h: Harness, congressId: string, people?: string[]): Promise<void> {
  if (people) {
    await h.database.db.execute(
      sql`UPDATE congress_delegates SET checked_in_at = now() WHERE congress_id = ${congressId} AND person_id = ANY(${`{${people.join(',')}}`}::uuid[])`,
    );
  } else {
    await h.database.db.execute(sql`UPDATE congress_delegates SET checked_in_at = now() WHERE congress_id = ${congressId}`);
  }
}

export const candidates = (names: string[]) => names.map((name) => ({ name, cv: `${name}的履历` }));

export function congressInput(
  unionId: string,
  delegates: string[],
  extra: Partial<ActionInput<'congress.create'>> = {},
): ActionInput<'congress.create'> {
  return {
    unionId,
    title: '测试职代会',
    // the server accepts a start within a year back and two years ahead of its clock (the harness's: now)
    startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    delegates,
    agenda: [
      { kind: 'resolution', title: '表决集体合同' },
      { kind: 'election', title: '选举委员', seats: 2, candidates: candidates(['甲', '乙', '丙']) },
    ],
    ...extra,
  };
}

export async function agendaIds(h: Harness, chair: string, congressId: string) {
  const c = await h.ok(chair, 'congress.get', { congressId });
  return c.agenda;
}

/** Expect a call to fail with `code`. */
export async function expectCode(p: Promise<{ ok: boolean; error?: { code: string } } | unknown>, code: string): Promise<void> {
  const res = (await p) as { ok: boolean; error?: { code: string } };
  expect(res.ok ? 'OK' : res.error?.code).toBe(code);
}
