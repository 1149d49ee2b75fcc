// `npm start`: build the h5 app if it is not built yet, then run the local gateway on the embedded database.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';

const started = Date.now();
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!fs.existsSync('dist/h5/index.html') || process.argv.includes('--rebuild')) {
  console.log('首次启动：正在构建 H5 应用（约 30–60 秒）…');
  run('npx', ['taro', 'build', '--type', 'h5']);
}
const gateway = spawn('npx', ['tsx', 'cloudfunctions/gateway/main.ts'], {
  stdio: ['inherit', 'pipe', 'inherit'],
  env: { ...process.env, PU_STARTED_AT: String(started) },
});
gateway.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (String(chunk).includes('已启动'))
    console.log(`（从执行 npm start 到可用共 ${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
});
const stop = (sig) => gateway.kill(sig);
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
gateway.on('exit', (code) => process.exit(code ?? 0));
