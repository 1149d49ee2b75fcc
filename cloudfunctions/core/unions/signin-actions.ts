import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { defineAction } from '../action';
import { rows, type Db } from '../db/client';
import { AppError } from '../errors';
import { getRuntime } from '../runtime';
import { wecomWebLogin } from './wecom-login';
import { jsapiSignature } from '../platform/jsapi-signature';
import { sealSecret } from '../platform/sealed-secret';
import type { PlatformProblemView, WecomCorpView } from '@shared/contracts/signin';

/**
 * Sign-in on h5 inside WeCom (OAuth2, JS-SDK) and the federation's platform setup (corps, setup problems).
 * Hosted by the unions function.
 */
const notConfigured = () => new AppError('WECOM_NOT_CONFIGURED', '本平台尚未开通企业微信登录，请联系工会管理员');

/** The union ids at or below a federation node (its subtree by materialized path). */
async function inSubtree(tx: Db, rootId: string, unionIds: string[]): Promise<boolean> {
  const [r] = await rows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM unions u, unions root
        WHERE root.id = ${rootId} AND u.path LIKE root.path || '%' AND u.id IN (${sql.join(
          unionIds.map((u) => sql`${u}`),
          sql`, `,
        )})`,
  );
  return r.n === new Set(unionIds).size;
}

/** A setup problem a federation sees: its own (and its subtree's) corps, and the platform-wide accounts no federation configured. */
const visibleTo = (federationId: string) =>
  sql`(c.corp_id IS NULL OR f.path LIKE (SELECT path FROM unions WHERE id = ${federationId}) || '%')`;

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

export const signinActions = [
  defineAction('unions.wecomAuthorizeUrl', {
    readOnly: true,
    allow: 'public',
    async handler({ input }) {
      const web = (await getRuntime()).wecomWeb;
      if (!web) return { url: null };
      const q = new URLSearchParams({
        appid: web.corpId,
        redirect_uri: input.redirectUri,
        response_type: 'code',
        scope: 'snsapi_base',
        state: input.state,
      });
      if (web.agentId) q.set('agentid', web.agentId);
      return { url: `${web.authorizeBase}/connect/oauth2/authorize?${q}#wechat_redirect` };
    },
  }),

  defineAction('unions.wecomWebLogin', {
    allow: 'public',
    handler: ({ tx, input, audit }) => wecomWebLogin(tx, input.code, audit as never),
  }),

  defineAction('unions.wecomJsapiSignature', {
    readOnly: true,
    allow: 'signedIn',
    async handler({ input, now }) {
      const web = (await getRuntime()).wecomWeb;
      if (!web) throw notConfigured();
      const timestamp = Math.floor(now.getTime() / 1000);
      const nonceStr = crypto.randomBytes(8).toString('hex');
      return {
        corpId: web.corpId,
        agentId: web.agentId,
        timestamp,
        nonceStr,
        signature: jsapiSignature(await web.ticket('jsapi'), nonceStr, timestamp, input.url),
        agentSignature: web.agentId ? jsapiSignature(await web.ticket('agent_config'), nonceStr, timestamp, input.url) : null,
      };
    },
  }),

  defineAction('unions.platformProblems', {
    readOnly: true,
    allow: ['federation_admin'],
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input }) {
      // the federation's own corps, and the platform-wide configuration (accounts no federation configured)
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
    },
  }),

  defineAction('unions.wecomCorps', {
    readOnly: true,
    allow: ['federation_admin'],
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input }) {
      const ids = await rows<{ corp_id: string }>(
        tx,
        sql`SELECT corp_id FROM wecom_corps WHERE federation_id = ${input.unionId} ORDER BY name`,
      );
      return { corps: await Promise.all(ids.map((c) => corpView(tx, c.corp_id))) };
    },
  }),

  defineAction('unions.saveWecomCorp', {
    allow: ['federation_admin'],
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input, caller, now, audit }) {
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
    },
  }),

  defineAction('unions.resolvePlatformProblem', {
    allow: ['federation_admin'],
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input, now, audit }) {
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
    },
  }),
];
