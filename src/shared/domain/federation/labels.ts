import type { MemberHistoryEvent } from '@shared/contracts/federation';
import type { MembershipStatus } from '@shared/contracts/membership';

/** How a membership's status reads in the directory, its spreadsheet and the filter. */
export const membershipStatusNames: Record<MembershipStatus, string> = {
  active: '正常',
  pending: '待审核',
  rejected: '未通过',
  left: '已退会',
  transferred: '已转出',
  withdrawn: '已撤回',
};

export const historyKindNames: Record<MemberHistoryEvent['kind'], string> = {
  applied: '提交入会申请',
  joined: '入会',
  transferredIn: '转入',
  transferredOut: '转出',
  left: '退会',
  rejected: '申请未通过',
};
