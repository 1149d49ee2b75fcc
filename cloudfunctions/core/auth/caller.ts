import { errors } from '../errors';

/** Who is calling, as established by the platform or a verified session; never read from the payload. */
export interface Caller {
  /** null: a WeChat user the platform identified (openid) who is not yet a person on our platform. */
  personId: string | null;
  source: 'wechat' | 'wecom' | 'dev' | 'anonymous';
  openid?: string;
  unionid?: string;
}

export const anonymous: Caller = { personId: null, source: 'anonymous' };

/** The caller's person id, for actions only a person on the platform can take (not an unknown WeChat user). */
export const personIdOf = (personId: string | null): string => {
  if (!personId) throw errors.unauthenticated();
  return personId;
};
