import {
  bankConfirmation,
  closeVoteConfirmation,
  federationApprovalConfirmation,
  noShowConfirmation,
  payBatchConfirmation,
  publishConfirmation,
} from '@shared/domain/confirmations';

// Issue 13: what an irreversible action will do, said in numbers before it is done.

test('结束投票 states turnout against those checked in and who has not voted', () => {
  const c = closeVoteConfirmation({ title: '选举工会委员会', voted: 23, checkedIn: 25, entitled: 30 });
  expect(c.lines).toEqual([
    '「选举工会委员会」已投 23 / 应投 25（已签到代表；应到 30 人）',
    '还有 2 人未投票。',
    '结束后不能再投票，计票结果交监票人核对后公布。',
  ]);
  expect(c).toMatchObject({ confirmText: '结束投票', danger: true });
  expect(closeVoteConfirmation({ title: 'x', voted: 25, checkedIn: 25, entitled: 30 }).lines[1]).toBe('已签到代表均已投票。');
});

test('公布结果 names the ballots and that it cannot be withdrawn', () => {
  expect(publishConfirmation({ title: '决议', voted: 12 }).lines).toEqual([
    '「决议」共收回选票 12 张。',
    '公布后本会全体会员可以看到结果和选票核验码列表。',
    '公布后不能撤回或修改。',
  ]);
});

test('未到 names the member, the slot and the suspension rule', () => {
  expect(
    noShowConfirmation({ personName: '李娜', slotLabel: '2026-12-03 09:00', limit: 3, windowDays: 30, suspendDays: 14 }).lines,
  ).toEqual(['李娜（2026-12-03 09:00）将记为未到，记录后不能撤销。', '30 天内未到满 3 次，预约资格暂停 14 天。']);
});

test('生成发放批次 and 登记到账 give count and total in yuan', () => {
  expect(payBatchConfirmation({ count: 3, totalFen: 1_234_567 }).lines[0]).toBe('3 笔，合计 ¥12,345.67。');
  expect(
    bankConfirmation({ batchNo: 'ZF1', count: 2, totalFen: 100, paidOn: '2026-12-01', bankReference: 'HD1' }).lines.slice(0, 2),
  ).toEqual(['批次 ZF1：2 笔，合计 ¥1.00。', '到账日期 2026-12-01，银行回单号 HD1。']);
});

test('an approval that goes up to the federation says so, with the amount', () => {
  expect(federationApprovalConfirmation({ claimNo: 'HZ2026-7', approvedFen: 552_000 }).lines[0]).toBe(
    '申请 HZ2026-7 核定 ¥5,520.00，超过本会审批限额。',
  );
});
