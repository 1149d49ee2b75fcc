import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const cache = new Map<string, string>();

/**
 * A per-install secret for local runs: `<dataDir>/<name>`, 32 random bytes (hex) written on first use with
 * mode 0600, so no key ever sits in the repository. Production takes its keys from the environment
 * instead (SESSION_SECRET, PU_HASH_KEY, PU_AID_KEY). Losing the file makes what it protected unreadable:
 * back it up with the database.
 */
export function localSecret(dataDir: string, name: string): string {
  const file = path.join(path.resolve(dataDir), name);
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
  const secret = fs.readFileSync(file, 'utf8').trim();
  cache.set(file, secret);
  return secret;
}
