import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { AppError } from '../errors';
import { openSecret } from '../platform/sealed-secret';

/** The platform has no WeCom app configured (sign-in, web sign-in, group-only invites). */
export const notConfigured = () => new AppError('WECOM_NOT_CONFIGURED', '本平台尚未开通企业微信登录，请联系工会管理员');

/** 上下游: the shared app's agent id in a downstream enterprise a federation configured, or null for any other corp. */
export const downstreamAgentOf = (tx: Db) => async (corpId: string) =>
  (
    await rows<{ agent_id: string | null }>(
      tx,
      sql`SELECT agent_id FROM wecom_corps WHERE corp_id = ${corpId} AND agent_id IS NOT NULL`,
    )
  )[0]?.agent_id ?? null;

/** The secret of a corp's own self-built app, opened from its sealed copy; null where none is stored. */
export const corpSecretOf = (tx: Db) => async (corpId: string) => {
  const [r] = await rows<{ secret_sealed: string }>(tx, sql`SELECT secret_sealed FROM wecom_corps WHERE corp_id = ${corpId}`);
  return r?.secret_sealed ? openSecret(r.secret_sealed) : null;
};

/** What a code exchange may look up about the federation's corps (上下游 agents, stored secrets). */
export const corpLookups = (tx: Db) => ({ downstreamAgent: downstreamAgentOf(tx), corpSecret: corpSecretOf(tx) });
