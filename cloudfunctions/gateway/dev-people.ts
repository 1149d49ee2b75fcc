import { sql } from 'drizzle-orm';
import { roleNames } from '@shared/contracts/unions';
import { rows, type Db } from '../core/db/client';
import type { roleGrants } from '../core/db/schema';

/** The people the 开发登录 page offers: everyone holding a role first, then a few plain members. */
export async function devPeople(db: Db) {
  const list = await rows<{
    id: string;
    name: string;
    roles: (typeof roleGrants.$inferSelect)['role'][] | null;
    union_name: string | null;
  }>(
    db,
    sql`SELECT p.id, p.name,
          (SELECT array_agg(g.role ORDER BY g.role) FROM role_grants g WHERE g.person_id = p.id) AS roles,
          COALESCE(
            (SELECT u.short_name FROM members m JOIN unions u ON u.id = m.union_id WHERE m.person_id = p.id AND m.status = 'active' LIMIT 1),
            (SELECT u.short_name FROM role_grants g JOIN unions u ON u.id = g.union_id WHERE g.person_id = p.id LIMIT 1)
          ) AS union_name
        FROM people p
        ORDER BY (SELECT count(*) FROM role_grants g WHERE g.person_id = p.id) DESC, p.created_at, p.name
        LIMIT 40`,
  );
  return list.map((p) => ({
    id: p.id,
    name: p.name,
    roles: [...(p.roles ?? []).map((r) => roleNames[r] ?? r), ...(p.union_name && !(p.roles ?? []).length ? ['会员'] : [])],
    unionName: p.union_name ?? '未入会',
  }));
}
