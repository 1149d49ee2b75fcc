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

/** The receipt code and fingerprint this phone kept for a vote, or null when it cast none here. */
export function storedReceipt(voteId: string): { receiptCode: string; fingerprint: string } | null {
  const receiptCode = readStored(receiptKey(voteId));
  return receiptCode ? { receiptCode, fingerprint: readStored(fingerprintKey(voteId)) } : null;
}

/** Copies a receipt code for the voter to keep (notes, a chat with oneself); says so in a toast. */
export async function copyReceipt(code: string): Promise<void> {
  await Taro.setClipboardData({ data: code });
  void Taro.showToast({ title: '核验码已复制', icon: 'success' });
}
