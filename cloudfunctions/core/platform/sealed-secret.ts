import crypto from 'node:crypto';
import { localSecret } from '../local-data';

/**
 * The WeCom app secrets a federation stores for its enterprises' corps: AES-256-GCM at rest (`v1.<iv>.<tag>.<data>`),
 * under PU_PLATFORM_KEY (required in production once a corp is configured; a per-install key locally).
 */
const key = () =>
  Buffer.from(
    crypto.hkdfSync(
      'sha256',
      Buffer.from(localSecret('platform-key', 'PU_PLATFORM_KEY')),
      Buffer.from('palm-union-platform'),
      Buffer.from('corp-secret'),
      32,
    ),
  );

export function sealSecret(plain: string): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', key(), iv);
  const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
}

export function openSecret(sealed: string): string {
  const [v, iv, tag, data] = sealed.split('.');
  if (v !== 'v1') throw new Error('unknown sealed secret version');
  const d = crypto.createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(data, 'base64url')), d.final()]).toString('utf8');
}
