import { excel } from '../excel';
import { aidCategoryNames, type AidCategory } from '@shared/domain/aid/benefit';

/** One payment of a batch, with the bank account already opened. */
export interface PayoutLine {
  claimNo: string;
  name: string;
  bankName: string;
  bankAccount: string;
  approvedFen: number;
  category: AidCategory;
}

/**
 * The spreadsheet cell is the one place money leaves fen: a number of yuan (so the bank's software and SUM()
 * read it) shown with the currency format below.
 */
const yuanCell = (fen: number) => fen / 100;
/** ¥12,345.67 in Excel, WPS and Numbers. */
export const YUAN_FORMAT = '"¥"#,##0.00';

/** The bank's payout sheet of one batch (.xlsx): one row per payment, then the total. No database, no keys. */
export async function payoutSheet(lines: PayoutLine[], totalFen: number): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  wb.creator = '掌上工会';
  const ws = wb.addWorksheet('互助金发放');
  ws.columns = [
    { header: '序号', key: 'i', width: 6 },
    { header: '申请编号', key: 'no', width: 16 },
    { header: '收款人', key: 'name', width: 10 },
    { header: '开户行', key: 'bank', width: 24 },
    { header: '银行账号', key: 'account', width: 24 },
    { header: '金额（元）', key: 'yuan', width: 14 },
    { header: '金额（分）', key: 'fen', width: 12 },
    { header: '用途', key: 'memo', width: 20 },
  ];
  let i = 0;
  for (const l of lines)
    ws.addRow({
      i: ++i,
      no: l.claimNo,
      name: l.name,
      bank: l.bankName,
      account: l.bankAccount,
      yuan: yuanCell(l.approvedFen),
      fen: l.approvedFen,
      memo: `职工医疗互助金-${aidCategoryNames[l.category]}`,
    });
  ws.getColumn('account').numFmt = '@';
  ws.getColumn('yuan').numFmt = YUAN_FORMAT;
  ws.getColumn('fen').numFmt = '0';
  ws.addRow({});
  ws.addRow({ name: '合计', yuan: yuanCell(totalFen), fen: totalFen });
  ws.getRow(1).font = { bold: true };
  // the header row keeps the general format (its text is not money)
  ws.getRow(1).getCell('yuan').numFmt = '@';
  ws.getRow(1).getCell('fen').numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
