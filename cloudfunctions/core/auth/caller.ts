/** Who is calling, as established by the platform or a verified session; never read from the payload. */
export interface Caller {
  /** null: a WeChat user the platform identified (openid) who is not yet a person on our platform. */
  personId: string | null;
  source: 'wechat' | 'wecom' | 'dev' | 'anonymous';
  openid?: string;
  unionid?: string;
}

export const anonymous: Caller = { personId: null, source: 'anonymous' };
