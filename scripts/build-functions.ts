import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * Bundle each cloud function into `build/functions/<name>/` — index.js (exports main), the SQL migrations
 * and a package.json naming the few packages that must stay external — ready for `tcb fn deploy`.
 */
const ROOT = path.resolve(__dirname, '..');
const FUNCTIONS = ['unions', 'membership', 'aid', 'congress', 'booking', 'retention'];
// Loaded by require at run time on CloudBase: installed there by `installDependency: true`.
const EXTERNAL = ['@cloudbase/node-sdk', 'pg-native', '@electric-sql/pglite'];

async function main() {
  const outRoot = path.join(ROOT, 'build', 'functions');
  fs.rmSync(outRoot, { recursive: true, force: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  for (const name of FUNCTIONS) {
    const outDir = path.join(outRoot, name);
    const started = Date.now();
    await build({
      entryPoints: [path.join(ROOT, 'cloudfunctions', name, 'index.ts')],
      outfile: path.join(outDir, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      minify: true,
      sourcemap: false,
      external: EXTERNAL,
      logLevel: 'warning',
    });
    fs.cpSync(path.join(ROOT, 'cloudfunctions', 'core', 'db', 'migrations'), path.join(outDir, 'migrations'), { recursive: true });
    fs.writeFileSync(
      path.join(outDir, 'package.json'),
      JSON.stringify(
        {
          name: `palm-union-${name}`,
          private: true,
          main: 'index.js',
          dependencies: { '@cloudbase/node-sdk': pkg.dependencies['@cloudbase/node-sdk'] },
        },
        null,
        2,
      ),
    );
    const size = fs.statSync(path.join(outDir, 'index.js')).size;
    console.log(`${name.padEnd(11)} ${(size / 1024).toFixed(0).padStart(5)} KB  ${Date.now() - started} ms`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
