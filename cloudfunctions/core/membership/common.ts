import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { errors } from '../errors';
import type { UnionRef } from '@shared/contracts/membership';

export async function unionView(
  tx: Db,
  unionId: string,
): Promise<UnionRef & { level: string; path: string; logoUrl: string | null }> {
  const [u] = await rows<{
    id: string;
    name: string;
    short_name: string;
    theme_color: string;
    level: string;
    path: string;
    logo_url: string | null;
  }>(tx, sql`SELECT id, name, short_name, theme_color, level, path, logo_url FROM unions WHERE id = ${unionId}`);
  if (!u) throw errors.notFound('工会');
  return {
    id: u.id,
    name: u.name,
    shortName: u.short_name,
    themeColor: u.theme_color,
    level: u.level,
    path: u.path,
    logoUrl: u.logo_url,
  };
}

export const toUnionRef = (u: { id: string; name: string; shortName: string; themeColor: string }): UnionRef => ({
  id: u.id,
  name: u.name,
  shortName: u.shortName,
  themeColor: u.themeColor,
});

export const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

/** Next member number: 'XC' + the shared sequence. */
export async function nextMemberNo(tx: Db): Promise<string> {
  const [r] = await rows<{ n: string }>(tx, sql`SELECT nextval('member_no_seq')::text AS n`);
  return `XC${r.n}`;
}
