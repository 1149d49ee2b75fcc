import {
  bankConfirmation,
  bookedNotice,
  cancelBookingConfirmation,
  closeDayConfirmation,
  closeSlotConfirmation,
  castBallotConfirmation,
  batchApprovedNotice,
  cancelSignupConfirmation,
  planSavedNotice,
  resolveProblemConfirmation,
  revokeInviteConfirmation,
  revokeRoleConfirmation,
  signOutConfirmation,
  signOutEverywhereConfirmation,
  submitClaimConfirmation,
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

test('提交申请 states the costs, the estimate by the rules and the lock; a figure not yet typed is left out', () => {
  expect(submitClaimConfirmation({ totalFen: 1_000_000, payableFen: 552_000, attachments: 2 }).lines).toEqual([
    '医疗总费用 ¥10,000.00，附件 2 份。',
    '按互助规则预计可获 ¥5,520.00，以工会核定为准。',
    '提交后由工会审核，审核期间不能修改。',
  ]);
  expect(submitClaimConfirmation({ totalFen: null, payableFen: null, attachments: 0 }).lines).toEqual([
    '提交后由工会审核，审核期间不能修改。',
  ]);
});

test('the officer and member confirmations name who and what, and the ones that take something away are danger', () => {
  expect(revokeRoleConfirmation({ name: '李强', roleName: '副主席' })).toMatchObject({
    lines: ['撤销李强的「副主席」职务。', '撤销后其不再有该职务的办理权限，记入任免记录；需要时可重新任命。'],
    danger: true,
  });
  expect(revokeInviteConfirmation({ note: '新员工', used: 3 }).lines[0]).toBe('「新员工」已有 3 人使用。');
  expect(revokeInviteConfirmation({ note: null, used: 0 }).lines[0]).toBe('该邀请已有 0 人使用。');
  expect(resolveProblemConfirmation({ platformName: '企业微信', account: 'ww1', errcode: 40001 }).lines[0]).toBe(
    '企业微信 ww1 的问题（错误码 40001）标记为已处理。',
  );
  expect(cancelSignupConfirmation({ title: '观影' }).lines).toEqual(['取消「观影」的报名。', '名额将让给候补中的会员。']);
  for (const c of [signOutConfirmation(), signOutEverywhereConfirmation(), cancelSignupConfirmation({ title: 'x' })])
    expect(c).toMatchObject({ danger: true });
  expect(resolveProblemConfirmation({ platformName: 'x', account: 'y', errcode: 1 }).danger).toBeUndefined();
});

test('notices (what has just happened) have the one button', () => {
  expect(batchApprovedNotice({ approved: 2, failed: ['王五：已是会员'] })).toEqual({
    title: '已通过 2 人',
    lines: ['1 人未通过：', '王五：已是会员'],
    confirmText: '知道了',
    notice: true,
  });
  expect(planSavedNotice({ name: '2027 互助', version: 2, newVersion: true }).lines).toEqual([
    '互助规则已更新为第 2 版。已提交的申请仍按提交时的版本计算。',
  ]);
  expect(planSavedNotice({ name: '2027 互助', version: 1, newVersion: false })).toMatchObject({
    lines: ['「2027 互助」已保存（第 1 版规则）。'],
    notice: true,
  });
});

describe('提交选票', () => {
  const base = { title: '选举工会委员会', seats: 5, markedFor: 0, markedAgainst: 0, abstained: 0, writeIns: 0, overvoted: false };

  test('an ordinary ballot is said in counts', () => {
    const c = castBallotConfirmation({ ...base, markedFor: 3, markedAgainst: 1, writeIns: 1, abstained: 2 });
    expect(c.title).toBe('确认提交选票');
    expect(c.lines[0]).toBe('赞成 3 人，不赞成 1 人（另选 1 人），弃权 2 人；应选 5 人。');
  });

  test('a ballot that names nobody is asked about specifically', () => {
    const c = castBallotConfirmation({ ...base, abstained: 7 });
    expect(c.title).toBe('您没有对任何候选人表态');
    expect(c.lines[0]).toBe('「选举工会委员会」的 7 位候选人都将记为弃权。');
    expect(c.confirmText).toBe('提交空白票');
  });

  test('an over-vote warns that it will be invalid', () => {
    const c = castBallotConfirmation({ ...base, markedFor: 5, markedAgainst: 1, writeIns: 1, overvoted: true });
    expect(c).toMatchObject({ title: '此票将成为无效票', confirmText: '仍然提交', danger: true });
    expect(c.lines[0]).toBe('赞成 5 人、另选 1 人，合计 6 人，超过应选 5 人。');
  });

  test('a resolution says the choice', () => {
    const c = castBallotConfirmation({ ...base, seats: null, choiceName: '赞成' });
    expect(c.lines[0]).toBe('「选举工会委员会」：您选择「赞成」。');
  });
});

describe('booking', () => {
  test('closing a slot says how many bookings it cancels and asks for the reason members will read', () => {
    const c = closeSlotConfirmation({ label: '09:00-09:20', booked: 2 });
    expect(c.lines[0]).toBe('已预约的 2 位会员的预约将取消，并收到取消通知。');
    expect(c.reason).toEqual({ placeholder: '原因（会通知会员），如 师傅病假', fallback: '临时停诊' });
    expect(closeSlotConfirmation({ label: '09:00-09:20', booked: 0 }).lines[0]).toBe('该时段暂无预约。');
  });

  test('closing a day counts its slots and bookings', () => {
    expect(closeDayConfirmation({ date: '2026-12-08', slots: 12, booked: 7 }).lines[0]).toBe(
      '当天 12 个时段全部关闭，7 个预约将取消并通知会员。',
    );
  });

  test("a member's cancel names the booking and keeps 取消 apart from 取消预约", () => {
    const c = cancelBookingConfirmation({ serviceName: '理发', date: '2026-12-08', label: '09:00-09:20' });
    expect(c.lines[0]).toBe('2026-12-08 09:00-09:20 的理发预约将取消。');
    expect(c).toMatchObject({ confirmText: '取消预约', cancelText: '再想想', danger: true });
  });

  test('the booked notice gives the code and the cancel deadline, with one button', () => {
    const c = bookedNotice({ date: '12月8日', label: '09:00', code: 'ABCD2345', cancellableUntil: '12月8日 08:00' });
    expect(c.lines).toEqual(['12月8日 09:00', '预约码 ABCD2345（到店时出示）', '12月8日 08:00 前可取消']);
    expect(c.notice).toBe(true);
    const chosen = bookedNotice({
      date: '12月8日',
      label: '09:00',
      code: 'ABCD2345',
      cancellableUntil: '12月8日 08:00',
      providerName: '2号椅 · 李师傅',
    });
    expect(chosen.lines[1]).toBe('服务人员：2号椅 · 李师傅');
  });
});
