import { yuan } from './aid/benefit';

/**
 * What an irreversible action will do, in numbers, said before it is done. Pure wording: the pages fetch the
 * figures and show the result in `ConfirmDialog`; tests pin the sentences.
 */
export interface Confirmation {
  title: string;
  /** One fact per line: what will happen, with the figures it happens to. */
  lines: string[];
  confirmText: string;
  /** The confirm button in the danger style (the action removes a possibility rather than adds one). */
  danger?: boolean;
}

/** 结束投票: turnout against those checked in (who may vote), and what closing stops. */
export function closeVoteConfirmation(v: { title: string; voted: number; checkedIn: number; entitled: number }): Confirmation {
  const missing = Math.max(0, v.checkedIn - v.voted);
  return {
    title: '结束投票',
    lines: [
      `「${v.title}」已投 ${v.voted} / 应投 ${v.checkedIn}（已签到代表；应到 ${v.entitled} 人）`,
      missing ? `还有 ${missing} 人未投票。` : '已签到代表均已投票。',
      '结束后不能再投票，计票结果交监票人核对后公布。',
    ],
    confirmText: '结束投票',
    danger: true,
  };
}

/** 公布结果: how many ballots the result rests on, who will see it, and that it cannot be withdrawn. */
export function publishConfirmation(v: { title: string; voted: number }): Confirmation {
  return {
    title: '公布结果',
    lines: [
      `「${v.title}」共收回选票 ${v.voted} 张。`,
      '公布后本会全体会员可以看到结果和选票核验码列表。',
      '公布后不能撤回或修改。',
    ],
    confirmText: '公布',
  };
}

/** 未到: the member, the slot, and how close the mark brings them to losing the right to book. */
export function noShowConfirmation(b: {
  personName: string;
  slotLabel: string;
  limit: number;
  windowDays: number;
  suspendDays: number;
}): Confirmation {
  return {
    title: '记为未到',
    lines: [
      `${b.personName}（${b.slotLabel}）将记为未到，记录后不能撤销。`,
      `${b.windowDays} 天内未到满 ${b.limit} 次，预约资格暂停 ${b.suspendDays} 天。`,
    ],
    confirmText: '记为未到',
    danger: true,
  };
}

/** 生成发放批次: how many claims and how much money leave for the bank. */
export function payBatchConfirmation(b: { count: number; totalFen: number }): Confirmation {
  return {
    title: '生成发放批次',
    lines: [
      `${b.count} 笔，合计 ¥${yuan(b.totalFen)}。`,
      '生成后这些申请转为“发放中”，并导出银行发放表；银行回单到后登记到账，申请才显示已发放。',
      '批次生成后不能撤销。',
    ],
    confirmText: '生成批次',
  };
}

/** 登记到账: the bank's confirmation that the batch's transfers went through. */
export function bankConfirmation(b: {
  batchNo: string;
  count: number;
  totalFen: number;
  paidOn: string;
  bankReference: string;
}): Confirmation {
  return {
    title: '登记银行到账',
    lines: [
      `批次 ${b.batchNo}：${b.count} 笔，合计 ¥${yuan(b.totalFen)}。`,
      `到账日期 ${b.paidOn}，银行回单号 ${b.bankReference}。`,
      '登记后这些申请显示为已发放并通知申请人，不能撤销。',
    ],
    confirmText: '登记到账',
  };
}

/** 通过 (an approval that goes on to the federation): the amount, and that the claim is not finished here. */
export function federationApprovalConfirmation(c: { claimNo: string; approvedFen: number }): Confirmation {
  return {
    title: '通过并报总工会',
    lines: [
      `申请 ${c.claimNo} 核定 ¥${yuan(c.approvedFen)}，超过本会审批限额。`,
      '通过后报总工会审批，总工会批准后才能发放；通过后本会不能撤回。',
    ],
    confirmText: '通过并上报',
  };
}
