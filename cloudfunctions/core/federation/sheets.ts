import { excel } from '../excel';
import { yuan } from '@shared/domain/aid/benefit';
import type { DirectoryMember, OverviewOutput, Suppressed } from '@shared/contracts/federation';
import { unionLevelNames } from '@shared/contracts/unions';
import { membershipStatusNames } from '@shared/domain/federation/labels';

const shown = (n: Suppressed) => (n === null ? '<5' : n);
const yuanCell = (fen: Suppressed) => (fen === null ? '<5笔' : yuan(fen).replace(/,/g, ''));

async function bookOf(fill: (wb: InstanceType<ReturnType<typeof excel>['Workbook']>) => void): Promise<string> {
  const wb = new (excel().Workbook)();
  wb.creator = '掌上工会';
  fill(wb);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

/** 数据驾驶舱 as .xlsx: the figures of the node, then the league table of the unions directly below it. */
export function overviewSheet(o: OverviewOutput): Promise<string> {
  return bookOf((wb) => {
    const s = wb.addWorksheet('概览');
    s.columns = [
      { header: '指标', key: 'k', width: 24 },
      { header: '数值', key: 'v', width: 16 },
    ];
    const lines: [string, string | number][] = [
      ['工会', o.union.name],
      ['数据截至', o.refreshedAt],
      ['工会组织数（含本级）', o.unions.total],
      ['本年新建工会', o.unions.newThisYear],
      ['在会会员', o.members.active],
      ['本年入会', o.members.joinedThisYear],
      ['本年转入', o.members.transfersIn],
      ['本年转出', o.members.transfersOut],
      ['待审入会申请', o.members.pendingApplications],
      ['互助金审核中', shown(o.aid.claims.inReview)],
      ['互助金已批准', shown(o.aid.claims.approved)],
      ['互助金已打款', shown(o.aid.claims.paid)],
      ['互助金未通过', shown(o.aid.claims.rejected)],
      ['本年批准金额（元）', yuanCell(o.aid.approvedFen)],
      ['本年打款金额（元）', yuanCell(o.aid.paidFen)],
      ['本年互助金收缴（元）', yuanCell(o.aid.contributionsFen)],
      ['本年职代会', o.congress.held],
      ['职代会出席率（%）', o.congress.turnoutPct ?? '-'],
      ['完成选举', o.congress.elections],
      ['服务时段名额', o.booking.slotsOffered],
      ['预约', o.booking.booked],
      ['到场', o.booking.attended],
      ['爽约', o.booking.noShows],
    ];
    for (const [k, v] of lines) s.addRow({ k, v });
    const t = wb.addWorksheet('下级工会');
    t.columns = [
      { header: '工会', key: 'name', width: 24 },
      { header: '层级', key: 'level', width: 14 },
      { header: '在会会员', key: 'active', width: 10 },
      { header: '本年入会', key: 'joined', width: 10 },
      { header: '待审申请', key: 'pending', width: 10 },
      { header: '互助金审核中', key: 'claims', width: 12 },
      { header: '职代会出席率（%）', key: 'turnout', width: 16 },
      { header: '爽约', key: 'noShows', width: 8 },
    ];
    for (const c of o.children)
      t.addRow({
        name: c.name,
        level: unionLevelNames[c.level],
        active: c.activeMembers,
        joined: c.joinedThisYear,
        pending: c.pendingApplications,
        claims: shown(c.claimsInReview),
        turnout: c.turnoutPct ?? '-',
        noShows: c.noShows,
      });
    s.getRow(1).font = t.getRow(1).font = { bold: true };
  });
}

/** 会员花名册 as .xlsx: the masked directory rows. */
export function membersSheet(list: DirectoryMember[]): Promise<string> {
  return bookOf((wb) => {
    const s = wb.addWorksheet('会员花名册');
    s.columns = [
      { header: '会员编号', key: 'no', width: 12 },
      { header: '姓名', key: 'name', width: 10 },
      { header: '部门', key: 'dept', width: 16 },
      { header: '手机', key: 'phone', width: 12 },
      { header: '状态', key: 'status', width: 8 },
      { header: '入会日期', key: 'joined', width: 12 },
    ];
    for (const m of list)
      s.addRow({
        no: m.memberNo,
        name: m.name,
        dept: m.department ?? '',
        phone: m.phone ?? '',
        status: membershipStatusNames[m.status],
        joined: m.joinedAt?.slice(0, 10) ?? '',
      });
    s.getRow(1).font = { bold: true };
    s.getColumn('no').numFmt = '@';
  });
}
