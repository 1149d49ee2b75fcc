/**
 * One mini-program per test file: the local cloud (demo data), the `wx` stand-in and the built app,
 * launched once. `signInAs` puts a demo person's signed session where the client keeps it (as a WeCom
 * sign-in would); `api` calls an action the way the client does, for a test's own setup.
 */
import { functionOf, type ActionInput, type ActionName, type ActionOutput, type ApiResponse } from '@shared/contracts';
import { startLocalCloud, type LocalCloud } from './cloud';
import { createMiniProgram } from './miniprogram';
import { createWx, type WxOptions, type WxStandIn } from './wx';

export interface Stage {
  cloud: LocalCloud;
  wx: WxStandIn;
  app: ReturnType<typeof createMiniProgram>;
  signInAs(person: string): Promise<void>;
  api<A extends ActionName>(person: string, action: A, input: ActionInput<A>): Promise<ActionOutput<A>>;
}

const SESSION_KEY = 'pu.session'; // src/api/session.ts

/** `firstPerson` null: the app starts with no session (as a newcomer opening a shared card). */
export function useWeappStage(firstPerson: string | null = 'zhangWei', wxOptions: WxOptions = {}): Stage {
  const stage = {} as Stage;
  beforeAll(async () => {
    stage.cloud = await startLocalCloud();
    stage.wx = createWx(stage.cloud, wxOptions);
    stage.app = createMiniProgram(stage.wx);
    stage.signInAs = async (person) => {
      stage.wx.storage.set(SESSION_KEY, await stage.cloud.session(person));
    };
    stage.api = async (person, action, input) => {
      const res = (await stage.cloud.call(functionOf(action), {
        action,
        input,
        sessionToken: await stage.cloud.session(person),
      })) as ApiResponse<never>;
      if (!res.ok) throw new Error(`${action}: ${res.error.code} ${res.error.message}`);
      return res.data;
    };
    if (firstPerson) await stage.signInAs(firstPerson);
    stage.app.launch();
  }, 240_000);
  afterAll(async () => {
    stage.app?.unloadAll();
    await stage.cloud?.close();
  });
  return stage;
}
