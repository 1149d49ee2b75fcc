import { and, eq } from 'drizzle-orm';
import type { WecomLoginOutput } from '@shared/contracts/unions';
import type { ActionContext } from '../action';
import type { Db } from '../db/client';
import { people } from '../db/schema';
import { AppError } from '../errors';
import { getRuntime } from '../runtime';
import { issuePersonSession } from '../auth/identity';

/** Placeholder name until the worker gives theirs when joining (WeCom's code exchange carries no name). */
const NEWCOMER_NAME = '企业微信用户';

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
  if (!runtime.wecom || !runtime.secret)
    throw new AppError('WECOM_NOT_CONFIGURED', '本平台尚未开通企业微信登录，请联系工会管理员');
  const who = await runtime.wecom(code);
  const match = and(eq(people.wecomCorpId, who.corpId), eq(people.wecomUserId, who.userId));
  let [person] = await tx.select({ id: people.id }).from(people).where(match).limit(1);
  let newcomer = false;
  if (!person) {
    // Two first logins at once: the unique (corp id, user id) lets one insert win; the other reads it.
    [person] = await tx
      .insert(people)
      .values({ name: NEWCOMER_NAME, wecomCorpId: who.corpId, wecomUserId: who.userId })
      .onConflictDoNothing()
      .returning({ id: people.id });
    if (person) {
      newcomer = true;
      await audit({
        action: 'unions.wecomLogin',
        unionId: null,
        targetType: 'person',
        targetId: person.id,
        detail: { firstLogin: true },
      });
    } else {
      [person] = await tx.select({ id: people.id }).from(people).where(match).limit(1);
    }
  }
  return { token: await issuePersonSession(tx, runtime.secret, person.id, 'wecom'), newcomer };
}
