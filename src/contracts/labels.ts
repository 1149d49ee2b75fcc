/**
 * Chinese names of input fields, so a validation message can name the field ("手机号：格式不正确").
 * Field names are shared across areas on purpose; add a name here when a contract introduces one.
 */
export const fieldLabels: Record<string, string> = {
  action: '操作',
  input: '参数',
  unionId: '工会',
  personId: '人员',
  memberId: '会员',
  name: '姓名',
  displayName: '名称',
  phone: '手机号',
  mobile: '手机号',
  idNumber: '身份证号',
  employeeNo: '工号',
  department: '部门',
  employer: '工作单位',
  reason: '原因',
  themeColor: '主题色',
  logoUrl: '标志',
  title: '标题',
  startsAt: '开始时间',
  endsAt: '结束时间',
  date: '日期',
  weekStart: '周起始日',
  slotId: '时段',
  serviceId: '服务项目',
  bookingId: '预约',
  claimId: '申请',
  planId: '互助计划',
  category: '类别',
  hospital: '医院',
  hospitalLevel: '医院等级',
  totalCost: '总费用',
  insuranceCovered: '医保统筹支付',
  selfPaid: '个人自付',
  diagnosis: '诊断',
  bankAccount: '银行账号',
  bankName: '开户行',
  congressId: '职代会',
  voteId: '表决事项',
  choices: '选票内容',
  candidateId: '候选人',
  writeIn: '另选他人',
  receiptCode: '选票核验码',
  code: '编码',
  inviteCode: '邀请码',
  expiresAt: '有效期',
  maxUses: '最多使用次数',
  page: '页码',
  pageSize: '每页条数',
  ids: '选择项',
  note: '备注',
};

export function labelOf(path: (string | number)[]): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i];
    if (typeof key === 'string') {
      const label = fieldLabels[key] ?? key;
      const index = typeof path[i + 1] === 'number' ? `第${(path[i + 1] as number) + 1}项` : '';
      return label + index;
    }
  }
  return '参数';
}
