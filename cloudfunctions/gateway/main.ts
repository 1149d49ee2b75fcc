import { startGateway } from './server';

/** `npm run dev:gateway` — API and h5 build on 127.0.0.1:PORT (default 8787). */
async function main() {
  const port = Number(process.env.PORT ?? 8787);
  const gateway = await startGateway({ port, staticDir: 'dist/h5', seed: true });
  console.log(`掌上工会已启动：${gateway.url}`);
  const stop = async () => {
    await gateway.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
