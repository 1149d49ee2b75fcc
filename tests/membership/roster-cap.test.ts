import ExcelJS from 'exceljs';
import { readRoster } from '../../cloudfunctions/core/membership/roster-file';
import { ROSTER_MAX_ROWS } from '@shared/contracts/membership';

/**
 * Issue 11.9: a 514 KB .xlsx with 100,000 rows was parsed whole (6 s, +135 MB) before the row cap refused it.
 * Rows are now read one at a time and reading stops at row cap + 1: counted, not timed.
 */
const OVER = ROSTER_MAX_ROWS + 5_000;
const row = (i: number) => [`张${i}`, `139${String(i).padStart(8, '0')}`, `E${i}`];

async function refusedAfter(file: Buffer) {
  let read = 0;
  const outcome = await readRoster(file, { onRow: () => read++ }).then(
    () => 'accepted',
    (e) => `${e.code}:${e.message}`,
  );
  return { outcome, read };
}

test(`an .xlsx over the cap is refused after reading ${ROSTER_MAX_ROWS + 1} rows, not all ${OVER}`, async () => {
  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet('花名册');
  s.addRow(['姓名', '手机号', '工号']);
  for (let i = 0; i < OVER; i++) s.addRow(row(i));
  const file = Buffer.from(await wb.xlsx.writeBuffer());
  expect(await refusedAfter(file)).toEqual({
    outcome: `ROSTER_FILE_INVALID:花名册超过 ${ROSTER_MAX_ROWS} 行，请拆分后分批导入`,
    read: ROSTER_MAX_ROWS + 1,
  });
});

test(`a .csv over the cap is refused after reading ${ROSTER_MAX_ROWS + 1} rows`, async () => {
  const file = Buffer.from(
    ['姓名,手机号,工号', ...Array.from({ length: OVER }, (_, i) => row(i).join(','))].join('\r\n'),
    'utf8',
  );
  expect(await refusedAfter(file)).toEqual({
    outcome: `ROSTER_FILE_INVALID:花名册超过 ${ROSTER_MAX_ROWS} 行，请拆分后分批导入`,
    read: ROSTER_MAX_ROWS + 1,
  });
});

test('a file at the cap is read whole, every row counted once', async () => {
  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet('花名册');
  s.addRow(['姓名', '手机号', '工号']);
  for (let i = 0; i < ROSTER_MAX_ROWS; i++) s.addRow(row(i));
  let read = 0;
  const { rows } = await readRoster(Buffer.from(await wb.xlsx.writeBuffer()), { onRow: () => read++ });
  expect([rows.length, read, rows[0].row, rows.at(-1)!.row]).toEqual([ROSTER_MAX_ROWS, ROSTER_MAX_ROWS, 2, ROSTER_MAX_ROWS + 1]);
});
