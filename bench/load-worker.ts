import http from 'node:http';
import type { LoadPlan, LoadResult } from './load';

/**
 * The load generator, in a process of its own (forked by load.ts): it shares no event loop and no CPU time slice
 * with the gateway it measures. Its own keep-alive agent; requests sent at their planned offsets, at most `width`
 * in flight; each reply's code and latency sent back to the parent.
 */
function post(agent: http.Agent, url: URL, token: string, body: string): Promise<string> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            const r = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ok: boolean; error?: { code: string } };
            resolve(r.ok ? 'OK' : (r.error?.code ?? 'UNKNOWN'));
          } catch {
            resolve(`HTTP_${res.statusCode}`);
          }
        });
      },
    );
    req.on('error', () => resolve('HTTP_ERROR'));
    req.end(body);
  });
}

async function run(plan: LoadPlan): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.width });
  const warm = plan.warmUp ?? [];
  await Promise.all(
    Array.from({ length: Math.min(plan.width, warm.length) }, async (_, lane) => {
      for (let i = lane; i < warm.length; i += plan.width) {
        const r = warm[i];
        await post(agent, new URL(`${plan.url}/api/${r.fn}`), r.token, JSON.stringify({ action: r.action, input: r.input }));
      }
    }),
  );
  const latencies: number[] = new Array(plan.requests.length);
  const codes: string[] = new Array(plan.requests.length);
  const sentAt: number[] = new Array(plan.requests.length);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(plan.width, plan.requests.length) }, async () => {
      for (let i = next++; i < plan.requests.length; i = next++) {
        const r = plan.requests[i];
        const wait = (r.atMs ?? 0) - (performance.now() - start);
        if (wait > 0) await new Promise((res) => setTimeout(res, wait));
        const t = performance.now();
        sentAt[i] = t - start;
        codes[i] = await post(
          agent,
          new URL(`${plan.url}/api/${r.fn}`),
          r.token,
          JSON.stringify({ action: r.action, input: r.input }),
        );
        latencies[i] = performance.now() - t;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return { latencies, codes, seconds, sentAt };
}

process.on('message', (plan: LoadPlan) => {
  run(plan).then(
    (result) => process.send!(result, () => process.exit(0)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
});
