import { and, eq } from 'drizzle-orm';
import type { WecomLoginOutput } from '@shared/contracts/unions';
import type { ActionContext } from '../action';
import type { Db } from '../db/client';
import { people } from '../db/schema';
import { getRuntime } from '../runtime';
import { issuePersonSession } from '../auth/identity';
import { corpLookups, notConfigured } from '../auth/wecom-setup';

export { notConfigured };
import type { WecomIdentity } from '../auth/wecom';

/**
 * Shown until the worker's name is known, where the app may not read the WeCom contact: marked 'placeholder', so it
 * never takes part in roster matching; the join form gives the real name (core/membership/join.ts).
 */
export const NEWCOMER_NAME = '企业微信用户';

/**
 * WeCom sign-in: the code from `wx.qy.login` is exchanged with WeCom (never trusted from the client),
 * the person bound to (corp id, user id) is found or created, and our signed 'wecom' session issued.
 */
export async function wecomLogin(
  tx: Db,
  code: string,
  audit: ActionContext<'unions.wecomLogin'>['audit'],
): Promise<WecomLoginOutput> {
  const runtime = await getRuntime();
  if (!runtime.wecom || !runtime.secret) throw notConfigured();
  return signInWecomUser(tx, runtime.secret, await runtime.wecom(code, corpLookups(tx)), audit);
}

/** WeCom web sign-in on h5 (workbench): the OAuth2 `code` (snsapi_base) → userid → the same person and session. */
export async function wecomWebLogin(
  tx: Db,
  code: string,
  audit: ActionContext<'unions.wecomLogin'>['audit'],
): Promise<WecomLoginOutput> {
  const runtime = await getRuntime();
  if (!runtime.wecomWeb || !runtime.secret) throw notConfigured();
  return signInWecomUser(tx, runtime.secret, await runtime.wecomWeb.exchange(code), audit);
}

/** The person bound to (corp id, user id), found or created, and our signed 'wecom' session for them. */
async function signInWecomUser(
  tx: Db,
  secret: Uint8Array,
  who: WecomIdentity,
  audit: ActionContext<'unions.wecomLogin'>['audit'],
): Promise<WecomLoginOutput> {
  const match = and(eq(people.wecomCorpId, who.corpId), eq(people.wecomUserId, who.userId));
  let [person] = await tx.select({ id: people.id }).from(people).where(match).limit(1);
  // A contact name read now replaces a placeholder from an earlier sign-in; a name the person gave stays.
  if (person && who.name)
    await tx
      .update(people)
      .set({ name: who.name, nameSource: 'wecom' })
      .where(and(eq(people.id, person.id), eq(people.nameSource, 'placeholder')));
  let newcomer = false;
  if (!person) {
    // Two first logins at once: the unique (corp id, user id) lets one insert win; the other reads it.
    [person] = await tx
      .insert(people)
      .values({
        name: who.name ?? NEWCOMER_NAME,
        nameSource: who.name ? 'wecom' : 'placeholder',
        wecomCorpId: who.corpId,
        wecomUserId: who.userId,
      })
      .onConflictDoNothing()
      .returning({ id: people.id });
    if (person) {
      newcomer = true;
      await audit({
        action: 'unions.wecomLogin',
        unionId: null,
        targetType: 'person',
        targetId: person.id,
        detail: { firstLogin: true, nameFrom: who.name ? 'wecom' : 'placeholder' },
      });
    } else {
      [person] = await tx.select({ id: people.id }).from(people).where(match).limit(1);
    }
  }
  return { token: await issuePersonSession(tx, secret, person.id, 'wecom'), newcomer };
}
