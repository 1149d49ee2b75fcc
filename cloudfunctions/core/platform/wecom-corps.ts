import { sql } from 'drizzle-orm';
import type { WecomCorpView } from '@shared/contracts/signin';
import type { ActionOutput, RoleContext } from '../action';
import { rows, uuidList, type Db } from '../db/client';
import { AppError } from '../errors';
import { sealSecret } from './sealed-secret';

/** The WeCom corps a federation serves: corp → union(s), each corp's app secret sealed at rest. */

/** The union ids at or below a federation node (its subtree by materialized path). */
async function inSubtree(tx: Db, rootId: string, unionIds: string[]): Promise<boolean> {
  const [r] = await rows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM unions u, unions root
        WHERE root.id = ${rootId} AND u.path LIKE root.path || '%' AND u.id IN ${uuidList(unionIds)}`,
  );
  return r.n === new Set(unionIds).size;
}

async function corpView(tx: Db, corpId: string): Promise<WecomCorpView> {
  const [c] = await rows<{
    corp_id: string;
    name: string;
    agent_id: string | null;
    has_secret: boolean;
    updated_at: Date;
    union_ids: string[] | null;
  }>(
    tx,
    sql`SELECT c.corp_id, c.name, c.agent_id, c.secret_sealed <> '' AS has_secret, c.updated_at, array_agg(m.union_id::text ORDER BY m.union_id) AS union_ids
        FROM wecom_corps c LEFT JOIN wecom_corp_unions m ON m.corp_id = c.corp_id
        WHERE c.corp_id = ${corpId} GROUP BY c.corp_id`,
  );
  return {
    corpId: c.corp_id,
    name: c.name,
    unionIds: (c.union_ids ?? []).filter(Boolean),
    hasSecret: Boolean(c.has_secret),
    agentId: c.agent_id,
    updatedAt: new Date(c.updated_at).toISOString(),
  };
}

/** The corps the federation configured, by name. */
export async function listCorps({ tx, input }: RoleContext<'unions.wecomCorps'>): Promise<ActionOutput<'unions.wecomCorps'>> {
  const ids = await rows<{ corp_id: string }>(
    tx,
    sql`SELECT corp_id FROM wecom_corps WHERE federation_id = ${input.unionId} ORDER BY name`,
  );
  return { corps: await Promise.all(ids.map((c) => corpView(tx, c.corp_id))) };
}

/** Add or change a corp of the federation and the unions it serves; a corp another federation serves is refused. */
export async function saveCorp({ tx, input, caller, now, audit }: RoleContext<'unions.saveWecomCorp'>): Promise<WecomCorpView> {
  if (!(await inSubtree(tx, input.unionId, input.unionIds)))
    throw new AppError('INVALID_INPUT', '对应工会：只能选择本联合会下属的工会', {
      unionIds: '对应工会：只能选择本联合会下属的工会',
    });
  const [existing] = await rows<{ federation_id: string }>(
    tx,
    sql`SELECT federation_id FROM wecom_corps WHERE corp_id = ${input.corpId} FOR UPDATE`,
  );
  if (existing && existing.federation_id !== input.unionId)
    throw new AppError('CORP_TAKEN', '该企业已由其他联合会接入，请联系平台管理员', { corpId: '企业 ID：已由其他联合会接入' });
  if (!existing && !input.secret && !input.agentId)
    throw new AppError('INVALID_INPUT', '应用 Secret：首次接入请填写', { secret: '应用 Secret：首次接入请填写' });
  const sealed = input.secret ? sealSecret(input.secret) : null;
  await tx.execute(sql`INSERT INTO wecom_corps (corp_id, name, secret_sealed, federation_id, agent_id, updated_by, updated_at)
      VALUES (${input.corpId}, ${input.name}, ${sealed ?? ''}, ${input.unionId}, ${input.agentId ?? null}, ${caller.personId}, ${now})
      ON CONFLICT (corp_id) DO UPDATE SET name = excluded.name, agent_id = excluded.agent_id, updated_by = excluded.updated_by, updated_at = excluded.updated_at,
        secret_sealed = COALESCE(${sealed}, wecom_corps.secret_sealed)`);
  await tx.execute(sql`DELETE FROM wecom_corp_unions WHERE corp_id = ${input.corpId}`);
  for (const unionId of new Set(input.unionIds))
    await tx.execute(sql`INSERT INTO wecom_corp_unions (corp_id, union_id) VALUES (${input.corpId}, ${unionId})`);
  await audit({
    action: 'unions.saveWecomCorp',
    unionId: input.unionId,
    targetType: 'wecom_corp',
    detail: { corpId: input.corpId, unionIds: input.unionIds, secretChanged: Boolean(input.secret) },
  });
  return corpView(tx, input.corpId);
}
