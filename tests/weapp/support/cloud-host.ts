/**
 * The cloud side of the weapp tests, in its own node process as CloudBase would be: the real function
 * entries (`cloudfunctions/<fn>/index.ts` `main`) over a fresh migrated PGlite seeded with the demo
 * federation, with WeCom sign-in configured from the environment (WECOM_CORP_ID, PU_WECOM_API_BASE …) as deployed. The test process (jsdom, where the built mini-program runs) talks to it over IPC:
 *   → { id, kind: 'call', fn, event }     ← { id, result }
 *   → { id, kind: 'session', person }     ← { id, result: token }   (a signed dev session, as the client stores it)
 * and is told `{ kind: 'ready', people }` (demo names → person ids) once the database is seeded.
 * Kept out of the jsdom realm because PGlite and jose pick their browser builds there.
 */
import { createHarness } from '../../support/harness';
import { configureRuntime, getRuntime } from '../../../cloudfunctions/core/runtime';
import { wecomExchangeFromEnv, wecomWebFromEnv } from '../../../cloudfunctions/core/auth/wecom';
import { issueSession } from '../../../cloudfunctions/core/auth/session';
import { functions } from '../../../cloudfunctions/gateway/functions';

type Request = { id: number; kind: 'call'; fn: string; event: unknown } | { id: number; kind: 'session'; person: string };

async function serve(): Promise<void> {
  const send = (message: unknown) => process.send?.(message);
  const h = await createHarness();
  // as a function instance does, the WeCom apps come from the environment (a test points them at the platform stand-in)
  configureRuntime({ ...(await getRuntime()), wecom: wecomExchangeFromEnv(), wecomWeb: wecomWebFromEnv() });
  const { secret } = await getRuntime();
  const people = h.base.people as Record<string, string>;

  process.on('message', async (req: Request) => {
    try {
      if (req.kind === 'session') {
        if (!secret) throw new Error('no session secret');
        const personId = people[req.person];
        if (!personId) throw new Error(`no demo person ${req.person}`);
        send({ id: req.id, result: await issueSession(secret, { personId, kind: 'dev', version: 0 }) });
        return;
      }
      const main = functions[req.fn];
      if (!main) {
        send({
          id: req.id,
          error: { errCode: -501000, errMsg: `cloud.callFunction:fail FunctionName parameter could not be found: ${req.fn}` },
        });
        return;
      }
      // Only trusted hosts set `local`: it spares the CloudBase SDK lookup of an OPENID that a test has not got.
      send({ id: req.id, result: await main(req.event, { local: true }) });
    } catch (err) {
      send({ id: req.id, error: { errCode: -1, errMsg: String((err as Error)?.stack ?? err) } });
    }
  });
  process.on('disconnect', () => {
    void h.close().finally(() => process.exit(0));
  });
  send({ kind: 'ready', people });
}

serve().catch((err) => {
  process.send?.({ kind: 'failed', error: String((err as Error)?.stack ?? err) });
  process.exit(1);
});
