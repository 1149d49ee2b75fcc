import { sql } from 'drizzle-orm';
import type { PlatformProblemView } from '@shared/contracts/signin';
import type { ActionOutput, RoleContext } from '../action';
import { rows } from '../db/client';
import { AppError } from '../errors';

/** The platform setup problems (problems.ts records them) as a federation admin sees and resolves them. */

/** A setup problem a federation sees: its own (and its subtree's) corps, and the platform-wide accounts no federation configured. */
const visibleTo = (federationId: string) =>
  sql`(c.corp_id IS NULL OR f.path LIKE (SELECT path FROM unions WHERE id = ${federationId}) || '%')`;

/** The unresolved problems the federation sees, latest first. */
export async function listProblems({
  tx,
  input,
}: RoleContext<'unions.platformProblems'>): Promise<ActionOutput<'unions.platformProblems'>> {
  const list = await rows<{
    id: string;
    platform: 'wecom' | 'wechat';
    account: string;
    api: string;
    errcode: number;
    hint: string;
    first_at: Date;
    last_at: Date;
    times: number;
  }>(
    tx,
    sql`SELECT p.id, p.platform, p.account, p.api, p.errcode, p.hint, p.first_at, p.last_at, p.times FROM platform_problems p
        LEFT JOIN wecom_corps c ON c.corp_id = p.account
        LEFT JOIN unions f ON f.id = c.federation_id
        WHERE p.resolved_at IS NULL AND ${visibleTo(input.unionId)}
        ORDER BY p.last_at DESC LIMIT 100`,
  );
  const problems: PlatformProblemView[] = list.map((p) => ({
    id: p.id,
    platform: p.platform,
    account: p.account,
    api: p.api,
    errcode: Number(p.errcode),
    hint: p.hint,
    firstAt: new Date(p.first_at).toISOString(),
    lastAt: new Date(p.last_at).toISOString(),
    times: Number(p.times),
  }));
  return { problems };
}

/** Mark a problem the federation sees as dealt with (audited). */
export async function resolveProblem({
  tx,
  input,
  now,
  audit,
}: RoleContext<'unions.resolvePlatformProblem'>): Promise<ActionOutput<'unions.resolvePlatformProblem'>> {
  const [p] = await rows<{ id: string; account: string; api: string; errcode: number }>(
    tx,
    sql`SELECT p.id, p.account, p.api, p.errcode FROM platform_problems p
        LEFT JOIN wecom_corps c ON c.corp_id = p.account
        LEFT JOIN unions f ON f.id = c.federation_id
        WHERE p.id = ${input.problemId} AND p.resolved_at IS NULL AND ${visibleTo(input.unionId)}
        FOR UPDATE OF p`,
  );
  if (!p) throw new AppError('NOT_FOUND', '该问题不存在或已处理');
  await tx.execute(sql`UPDATE platform_problems SET resolved_at = ${now} WHERE id = ${p.id}`);
  await audit({
    action: 'unions.resolvePlatformProblem',
    unionId: input.unionId,
    targetType: 'platform_problem',
    targetId: p.id,
    detail: { account: p.account, api: p.api, errcode: Number(p.errcode) },
  });
  return { resolvedAt: now.toISOString() };
}
