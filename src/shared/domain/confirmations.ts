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
  /** The cancel button's words where 取消 would read like the action itself (默认 取消). */
  cancelText?: string;
  /** The confirm button in the danger style (the action removes a possibility rather than adds one). */
  danger?: boolean;
  /** A notice to acknowledge (what has just happened), with the one button and no 取消. */
  notice?: boolean;
  /** Asks for a reason as well (shown to the members it affects); `fallback` when left empty. */
  reason?: { placeholder: string; fallback: string };
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

/**
 * 提交选票: what the ballot says in counts, asked specifically when it names nobody (an empty ballot is valid but
 * probably a slip) or names more than the seats (it will be counted invalid).
 */
export function castBallotConfirmation(b: {
  title: string;
  /** null for a resolution. */
  seats: number | null;
  /** A resolution's choice in words (赞成 / 反对 / 弃权). */
  choiceName?: string;
  markedFor: number;
  markedAgainst: number;
  abstained: number;
  writeIns: number;
  overvoted: boolean;
}): Confirmation {
  const named = b.markedFor + b.writeIns;
  if (b.seats !== null && b.overvoted)
    return {
      title: '此票将成为无效票',
      lines: [
        `赞成 ${b.markedFor} 人、另选 ${b.writeIns} 人，合计 ${named} 人，超过应选 ${b.seats} 人。`,
        '建议返回修改；坚持提交将计为无效票，提交后不能修改。',
      ],
      confirmText: '仍然提交',
      danger: true,
    };
  if (b.seats !== null && b.markedFor + b.markedAgainst === 0)
    return {
      title: '您没有对任何候选人表态',
      lines: [
        `「${b.title}」的 ${b.abstained} 位候选人都将记为弃权。`,
        '这是一张有效的空白票，提交后不能修改。如需表态，请返回选择赞成或不赞成。',
      ],
      confirmText: '提交空白票',
    };
  return {
    title: '确认提交选票',
    lines: [
      b.seats === null
        ? `「${b.title}」：您选择「${b.choiceName ?? ''}」。`
        : `赞成 ${b.markedFor} 人，不赞成 ${b.markedAgainst} 人（另选 ${b.writeIns} 人），弃权 ${b.abstained} 人；应选 ${b.seats} 人。`,
      '选票提交后不能修改。',
    ],
    confirmText: '提交',
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

/** 撤销职务: who loses which role, and what it takes away. */
export function revokeRoleConfirmation(o: { name: string; roleName: string }): Confirmation {
  return {
    title: '撤销职务',
    lines: [`撤销${o.name}的「${o.roleName}」职务。`, '撤销后其不再有该职务的办理权限，记入任免记录；需要时可重新任命。'],
    confirmText: '撤销职务',
    danger: true,
  };
}

/** 标记已处理 (a platform configuration problem): which one, and that it comes back if it recurs. */
export function resolveProblemConfirmation(p: { platformName: string; account: string; errcode: number }): Confirmation {
  return {
    title: '标记已处理',
    lines: [`${p.platformName} ${p.account} 的问题（错误码 ${p.errcode}）标记为已处理。`, '平台再次报告时会重新列出。'],
    confirmText: '已处理',
  };
}

/** 撤回邀请: the invite's card and QR stop working for everyone who has not used them. */
export function revokeInviteConfirmation(i: { note: string | null; used: number }): Confirmation {
  return {
    title: '撤回邀请',
    lines: [
      `${i.note ? `「${i.note}」` : '该邀请'}已有 ${i.used} 人使用。`,
      '撤回后这张邀请卡片和二维码不能再用于入会，已提交的申请不受影响。',
    ],
    confirmText: '撤回',
    danger: true,
  };
}

/** 提交申请 (a mutual-aid claim): the costs, the estimate by the plan's rules, and that it is locked under review. */
export function submitClaimConfirmation(c: {
  totalFen: number | null;
  payableFen: number | null;
  attachments: number;
}): Confirmation {
  return {
    title: '确认提交',
    lines: [
      ...(c.totalFen !== null ? [`医疗总费用 ¥${yuan(c.totalFen)}，附件 ${c.attachments} 份。`] : []),
      ...(c.payableFen !== null ? [`按互助规则预计可获 ¥${yuan(c.payableFen)}，以工会核定为准。`] : []),
      '提交后由工会审核，审核期间不能修改。',
    ],
    confirmText: '提交申请',
  };
}

/** 退出登录 on this device. */
export function signOutConfirmation(): Confirmation {
  return { title: '退出登录', lines: ['退出当前账号，下次使用需重新登录。'], confirmText: '退出登录', danger: true };
}

/** 退出所有设备: every session of the person ends, this one too. */
export function signOutEverywhereConfirmation(): Confirmation {
  return {
    title: '退出所有设备',
    lines: ['您在所有手机和电脑上的登录都将失效，需要重新登录。'],
    confirmText: '全部退出',
    danger: true,
  };
}

/** 取消报名 (a 普惠 activity): the place goes to the next on the waiting list. */
export function cancelSignupConfirmation(a: { title: string }): Confirmation {
  return {
    title: '取消报名',
    lines: [`取消「${a.title}」的报名。`, '名额将让给候补中的会员。'],
    confirmText: '取消报名',
    danger: true,
  };
}

/** 批量通过 with some refused: how many went through and why each other one did not. */
export function batchApprovedNotice(r: { approved: number; failed: string[] }): Confirmation {
  return {
    title: `已通过 ${r.approved} 人`,
    lines: [`${r.failed.length} 人未通过：`, ...r.failed],
    confirmText: '知道了',
    notice: true,
  };
}

/** 互助计划已保存: its version, and what a new version means for claims already submitted. */
export function planSavedNotice(p: { name: string; version: number; newVersion: boolean }): Confirmation {
  return {
    title: '已保存',
    lines: [
      p.newVersion
        ? `互助规则已更新为第 ${p.version} 版。已提交的申请仍按提交时的版本计算。`
        : `「${p.name}」已保存（第 ${p.version} 版规则）。`,
    ],
    confirmText: '知道了',
    notice: true,
  };
}

/** 关闭时段: who loses their booking (they are told), and that no one can book it afterwards. */
export function closeSlotConfirmation(s: { label: string; booked: number }): Confirmation {
  return {
    title: `关闭 ${s.label} 时段`,
    lines: [
      s.booked ? `已预约的 ${s.booked} 位会员的预约将取消，并收到取消通知。` : '该时段暂无预约。',
      '关闭后会员不能再预约该时段。',
    ],
    confirmText: '关闭时段',
    danger: true,
    reason: { placeholder: '原因（会通知会员），如 师傅病假', fallback: '临时停诊' },
  };
}

/** 关闭全天: every slot of the day and every booking on it. */
export function closeDayConfirmation(d: { date: string; slots: number; booked: number }): Confirmation {
  return {
    title: `关闭 ${d.date} 全天`,
    lines: [`当天 ${d.slots} 个时段全部关闭，${d.booked} 个预约将取消并通知会员。`, '关闭后会员不能再预约当天。'],
    confirmText: '关闭全天',
    danger: true,
    reason: { placeholder: '原因（会通知会员），如 节假日', fallback: '当天停止服务' },
  };
}

/** 停诊: a provider taken off a slot or a day; places shrink and the latest bookings beyond them are cancelled. */
export function providerOffConfirmation(p: { name: string; when: string }): Confirmation {
  return {
    title: `${p.name} ${p.when} 停诊`,
    lines: ['名额随之减少；超出名额的预约（最后预约的优先）将取消并通知会员。'],
    confirmText: '停诊',
    danger: true,
    reason: { placeholder: '原因（会通知会员），如 师傅病假', fallback: '师傅请假' },
  };
}

/** 恢复接待: places grow and the waitlist moves up by itself. */
export function providerBackConfirmation(p: { name: string; when: string }): Confirmation {
  return {
    title: `${p.name} ${p.when} 恢复接待`,
    lines: ['名额随之增加，候补的会员将按先后自动约上。'],
    confirmText: '恢复接待',
  };
}

/** 取消预约 (the member's own): which booking, and that the place goes back to others. */
export function cancelBookingConfirmation(b: { serviceName: string; date: string; label: string }): Confirmation {
  return {
    title: '取消预约',
    lines: [`${b.date} ${b.label} 的${b.serviceName}预约将取消。`, '名额会立即释放给其他会员，之后如需再约请重新预约。'],
    confirmText: '取消预约',
    cancelText: '再想想',
    danger: true,
  };
}

/** 预约成功: when, the code to show on arrival and until when it can be cancelled. */
export function bookedNotice(b: {
  date: string;
  label: string;
  code: string;
  cancellableUntil: string;
  providerName?: string | null;
}): Confirmation {
  return {
    title: '预约成功',
    lines: [
      `${b.date} ${b.label}`,
      ...(b.providerName ? [`服务人员：${b.providerName}`] : []),
      `预约码 ${b.code}（到店时出示）`,
      `${b.cancellableUntil} 前可取消`,
    ],
    confirmText: '知道了',
    notice: true,
  };
}
