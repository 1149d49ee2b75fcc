import type { ClaimStatus } from '@shared/contracts/aid';

/** "12,345.6" → 1234560 分, by string (never through a float); null when it is not an amount. */
export function parseYuan(text: string): number | null {
  const t = text.replace(/[,，\s¥￥]/g, '');
  const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(t);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 1234560 → "12345.60" for an input box. */
export const fenToInput = (fen: number | null | undefined) =>
  fen == null ? '' : `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

export const statusTone: Record<ClaimStatus, 'info' | 'warning' | 'success' | 'danger' | 'muted'> = {
  draft: 'muted',
  submitted: 'info',
  returned: 'warning',
  officer_approved: 'info',
  federation_approved: 'info',
  paying: 'warning',
  paid: 'success',
  rejected: 'danger',
};

export const AID_PAGES = {
  home: '/pages/aid/index/index',
  claim: '/pages/aid/claim/index',
  detail: '/pages/aid/detail/index',
  review: '/pages/aid/review/index',
  plans: '/pages/aid/plans/index',
  plan: '/pages/aid/plan/index',
  enrol: '/pages/aid/enrol/index',
};
