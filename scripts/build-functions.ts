import fs from 'node:fs';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';

/**
 * Bundle each cloud function into `build/functions/<name>/` — index.js (exports main; only its own area's actions
 * and what they import), the SQL migrations, a package.json naming the few packages that must stay external and,
 * where the function has one, its `config.json` (e.g. booking's `permissions.openapi` for subscribeMessage.send,
 * read by the platform from the deployed folder) — ready for `tcb fn deploy`.
 */
const ROOT = path.resolve(__dirname, '..');
const FUNCTIONS = ['unions', 'membership', 'aid', 'congress', 'booking', 'retention', 'perks'];
// Loaded by require at run time on CloudBase: installed there by `installDependency: true`.
const EXTERNAL = ['@cloudbase/node-sdk', 'pg-native', '@electric-sql/pglite'];

/** What a bundle is made of: bytes per package (node_modules) or per core folder, from esbuild's metafile. */
function composition(metafile: Metafile): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
      const key = pkg
        ? pkg[1]
        : file
            .split('/')
            .slice(0, file.startsWith('cloudfunctions/core/') ? 3 : 2)
            .join('/');
      parts[key] = (parts[key] ?? 0) + bytesInOutput;
    }
  }
  return Object.fromEntries(Object.entries(parts).sort((a, b) => b[1] - a[1]));
}

async function main() {
  const outRoot = path.join(ROOT, 'build', 'functions');
  fs.rmSync(outRoot, { recursive: true, force: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const report: Record<string, { bytes: number; parts: Record<string, number> }> = {};
  for (const name of FUNCTIONS) {
    const outDir = path.join(outRoot, name);
    const started = Date.now();
    const result = await build({
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
      metafile: true,
    });
    fs.cpSync(path.join(ROOT, 'cloudfunctions', 'core', 'db', 'migrations'), path.join(outDir, 'migrations'), {
      recursive: true,
    });
    const platformConfig = path.join(ROOT, 'cloudfunctions', name, 'config.json');
    if (fs.existsSync(platformConfig)) fs.copyFileSync(platformConfig, path.join(outDir, 'config.json'));
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
    report[name] = { bytes: size, parts: composition(result.metafile) };
    console.log(`${name.padEnd(11)} ${(size / 1024).toFixed(0).padStart(5)} KB  ${Date.now() - started} ms`);
  }
  // Beside the function folders (not deployed): what each bundle holds, for the bundle test and the bench.
  fs.writeFileSync(path.join(ROOT, 'build', 'functions-composition.json'), JSON.stringify(report, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
