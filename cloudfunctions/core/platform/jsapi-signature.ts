import crypto from 'node:crypto';

/** The JS-SDK signature as documented: sha1 of `jsapi_ticket=…&noncestr=…&timestamp=…&url=…` (url without #…). */
export function jsapiSignature(ticket: string, nonceStr: string, timestamp: number, url: string): string {
  const page = url.split('#')[0];
  return crypto
    .createHash('sha1')
    .update(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${page}`)
    .digest('hex');
}
