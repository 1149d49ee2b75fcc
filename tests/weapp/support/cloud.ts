/**
 * Starts the local cloud (./cloud-host.ts) in a child node process and talks to it: what crosses is JSON,
 * as between a phone and CloudBase. `close()` disconnects it; the host closes its database and exits.
 */
import { fork, type ChildProcess } from 'child_process';
import path from 'path';

export interface CloudError {
  errCode: number;
  errMsg: string;
}

export interface LocalCloud {
  /** Demo people by seed key (zhangWei, wangFang, …) → person id. */
  people: Record<string, string>;
  /** What `main(event)` of function `fn` returned. Rejects with a CloudError as wx.cloud does. */
  call(fn: string, event: unknown): Promise<unknown>;
  /** A signed dev session for a demo person (seed key), the token the client keeps in storage. */
  session(person: string): Promise<string>;
  close(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');

export function startLocalCloud(): Promise<LocalCloud> {
  const child: ChildProcess = fork(path.join(__dirname, 'cloud-host.ts'), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();

  return new Promise<LocalCloud>((resolve, reject) => {
    const exited = (code: number | null) => {
      const err = new Error(`local cloud exited (${code})`);
      reject(err);
      for (const w of waiting.values()) w.reject(err);
      waiting.clear();
    };
    child.once('exit', exited);
    child.once('error', reject);
    child.on(
      'message',
      (msg: { id?: number; kind?: string; result?: unknown; error?: unknown; people?: Record<string, string> }) => {
        if (msg.kind === 'failed') return reject(new Error(`local cloud failed to start: ${String(msg.error)}`));
        if (msg.kind === 'ready') {
          const request = (body: Record<string, unknown>) =>
            new Promise<unknown>((res, rej) => {
              const id = nextId++;
              waiting.set(id, { resolve: res, reject: rej });
              child.send({ id, ...body });
            });
          resolve({
            people: msg.people ?? {},
            call: (fn, event) => request({ kind: 'call', fn, event }),
            session: async (person) => (await request({ kind: 'session', person })) as string,
            close: () =>
              new Promise<void>((res) => {
                if (child.exitCode !== null || !child.connected) return res();
                child.off('exit', exited);
                child.once('exit', () => res());
                child.disconnect();
              }),
          });
          return;
        }
        const w = msg.id !== undefined ? waiting.get(msg.id) : undefined;
        if (!w) return;
        waiting.delete(msg.id!);
        if (msg.error) w.reject(msg.error);
        else w.resolve(msg.result);
      },
    );
  });
}
