import type { Db } from '../db/client';
import { notify } from '../notices/store';
import { yuan } from '@shared/domain/aid/benefit';

// The applicant's in-app notices about their claim (core/notices; the outbox pushes them after commit).

const page = (claimId: string) => `pages/aid/detail/index?id=${claimId}`;

export interface ClaimNoticeSubject {
  claimId: string;
  personId: string;
  claimNo: string;
  unionId: string;
}

/** Approved by the union (and, when it must go up, on its way to the federation), or by the federation. */
export function noticeApproved(tx: Db, c: ClaimNoticeSubject, approvedFen: number, toFederation: boolean) {
  return notify(tx, c.personId, {
    source: 'aid',
    kind: 'claim_approved',
    title: toFederation ? '互助金申请已通过工会审核' : '互助金申请已核准',
    body: toFederation
      ? `申请 ${c.claimNo} 核定 ${yuan(approvedFen)} 元，已报总工会审批，批准后发放。`
      : `申请 ${c.claimNo} 核定 ${yuan(approvedFen)} 元，将由工会财务发放到您填写的银行账户。`,
    page: page(c.claimId),
    unionId: c.unionId,
    subjectId: c.claimId,
  });
}

/** Returned for more material: the reason, so the member knows what to add. */
export function noticeReturned(tx: Db, c: ClaimNoticeSubject, reason: string) {
  return notify(tx, c.personId, {
    source: 'aid',
    kind: 'claim_returned',
    title: '互助金申请被退回',
    body: `申请 ${c.claimNo} 需要补充材料：${reason}。补充后可重新提交。`,
    page: page(c.claimId),
    unionId: c.unionId,
    subjectId: c.claimId,
  });
}

/** Not approved, by the union or the federation. */
export function noticeRejected(tx: Db, c: ClaimNoticeSubject, reason: string) {
  return notify(tx, c.personId, {
    source: 'aid',
    kind: 'claim_rejected',
    title: '互助金申请未通过',
    body: `申请 ${c.claimNo} 未通过：${reason}`,
    page: page(c.claimId),
    unionId: c.unionId,
    subjectId: c.claimId,
  });
}

/** Paid: the bank confirmed the transfer. */
export function noticePaid(tx: Db, c: ClaimNoticeSubject, approvedFen: number, paidOn: string) {
  return notify(tx, c.personId, {
    source: 'aid',
    kind: 'claim_paid',
    title: '互助金已发放',
    body: `申请 ${c.claimNo} 的互助金 ${yuan(approvedFen)} 元已于 ${paidOn} 转入您的银行账户。`,
    page: page(c.claimId),
    unionId: c.unionId,
    subjectId: c.claimId,
  });
}
