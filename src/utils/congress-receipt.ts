import Taro from '@tarojs/taro';

/**
 * What the phone keeps after a cast: the receipt code and its fingerprint (选票指纹), never the choices —
 * the server keeps no link between a receipt and its voter, and the phone keeps nothing that reads as a proof.
 */
export const receiptKey = (voteId: string) => `congress-receipt:${voteId}`;
export const fingerprintKey = (voteId: string) => `congress-fingerprint:${voteId}`;

export function readStored(key: string): string {
  try {
    return (Taro.getStorageSync(key) as string) || '';
  } catch {
    return '';
  }
}
