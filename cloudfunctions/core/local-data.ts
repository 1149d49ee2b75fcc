import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The one folder a local process writes to (PGlite, uploads, generated keys) and the one way a key that
 * production takes from the environment is made up locally. `startGateway({ dataDir })` installs its
 * folder here; otherwise it is PU_DATA_DIR, or `.data` in the working directory.
 */
let installed: string | null = null;

export function useDataDir(dir: string | null): void {
  installed = dir === null ? null : path.resolve(dir);
}

export function dataDir(): string {
  return installed ?? path.resolve(process.env.PU_DATA_DIR || '.data');
}

export const isProduction = (): boolean => process.env.NODE_ENV === 'production';

const cache = new Map<string, string>();

/**
 * A secret named `envVar` in production; locally, when that variable is unset, 32 random bytes (hex)
 * generated once into `<dataDir>/<name>` (mode 0600) and read back on every later start. Production
 * never writes one: a missing variable is an error there. Losing the file makes what it signed or
 * hashed unreadable, so it belongs with the local database.
 */
export function localSecret(name: string, envVar: string, dir: string = dataDir()): string {
  const fromEnv = process.env[envVar];
  if (fromEnv) return fromEnv;
  if (isProduction()) throw new Error(`${envVar} is required when NODE_ENV=production (no local key is generated in production)`);
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`bad local secret name: ${name}`);
  const file = path.join(path.resolve(dir), name);
  const hit = cache.get(file);
  if (hit) return hit;
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      // Another process created it first: use theirs.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const value = fs.readFileSync(file, 'utf8').trim();
  cache.set(file, value);
  return value;
}

/** What a production process cannot start without (issue 11 §6): no generated keys, no embedded database. */
export const PRODUCTION_VARIABLES = ['DATABASE_URL', 'SESSION_SECRET', 'PU_HASH_KEY', 'PU_AID_KEY'] as const;

/** Throws, naming every missing variable, when NODE_ENV=production lacks one; does nothing elsewhere. */
export function assertProductionEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV !== 'production') return;
  const missing = PRODUCTION_VARIABLES.filter((v) => !env[v]);
  if (missing.length > 0)
    throw new Error(
      `Refusing to start with NODE_ENV=production: missing environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (see README, deploy)`,
    );
}
