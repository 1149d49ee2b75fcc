import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';

/**
 * PU_PLATFORM_KEY seals the app secrets federation admins store for enterprises' corps (sealed-secret.ts).
 * A production process whose database holds such a secret refuses to start without the key, at start rather
 * than at the first sign-in through that corp; with no stored secret (上下游 corps only) it is not needed.
 */
export async function assertPlatformKey(db: Db, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env.NODE_ENV !== 'production' || env.PU_PLATFORM_KEY) return;
  const [r] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM wecom_corps WHERE secret_sealed <> ''`);
  if (Number(r.n) > 0)
    throw new Error(
      `Refusing to start with NODE_ENV=production: missing environment variable PU_PLATFORM_KEY (${r.n} stored WeCom corp secret${Number(r.n) > 1 ? 's' : ''} sealed under it; see docs/wecom-signin.md)`,
    );
}
