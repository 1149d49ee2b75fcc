import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { xlsxTable } from '../../cloudfunctions/core/xlsx-out';

/** core/xlsx-out: a table written without a library opens in exceljs (and unzips cleanly) with its types kept. */
const load = async (buf: Buffer) => {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buf as never);
  return book.worksheets[0];
};

test('header, numbers with their formats, dates, text that looks like a formula, and characters XML cannot carry', async () => {
  const buf = xlsxTable(
    '报名/名单:2026',
    [
      { header: '姓名' },
      { header: '金额（元）', format: 'yuan' },
      { header: '人数', format: 'integer' },
      { header: '时间', format: 'datetime' },
      { header: '备注' },
    ],
    [
      ['张伟', 1234.5, 3, new Date('2026-12-04T01:30:00Z'), '=1+1'],
      ['<李娜> & "王芳"', 0, 0, null, 'a\u0001b\nc'],
    ],
  );
  const sheet = await load(buf);
  expect(sheet.name).toBe('报名 名单 2026');
  expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['姓名', '金额（元）', '人数', '时间', '备注']);
  expect(sheet.getRow(1).font?.bold ?? sheet.getRow(1).getCell(1).font?.bold).toBe(true);
  const r2 = sheet.getRow(2);
  expect([r2.getCell(1).value, r2.getCell(2).value, r2.getCell(3).value]).toEqual(['张伟', 1234.5, 3]);
  expect(r2.getCell(2).numFmt).toBe('#,##0.00');
  expect((r2.getCell(4).value as Date).toISOString()).toBe('2026-12-04T09:30:00.000Z'); // 09:30 on the Shanghai wall clock
  expect(r2.getCell(5).type).toBe(ExcelJS.ValueType.String);
  expect(r2.getCell(5).value).toBe('=1+1');
  const r3 = sheet.getRow(3);
  expect([r3.getCell(1).value, r3.getCell(2).value, r3.getCell(4).value, r3.getCell(5).value]).toEqual([
    '<李娜> & "王芳"',
    0,
    null,
    'ab\nc',
  ]);
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
});

test('the container is a valid zip: every part unzips with its CRC checked', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-xlsx-'));
  const file = path.join(dir, 't.xlsx');
  const rows = Array.from({ length: 2000 }, (_, i) => [`会员${i}`, i * 1.5]);
  fs.writeFileSync(file, xlsxTable('名单', [{ header: '姓名' }, { header: '金额', format: 'yuan' }], rows));
  // python's zipfile checks each part's CRC-32 and sizes against the headers
  const check = execFileSync('python3', [
    '-c',
    'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(z.testzip() or "ok"); print(",".join(sorted(z.namelist())))',
    file,
  ]).toString();
  fs.rmSync(dir, { recursive: true, force: true });
  expect(check.trim().split('\n')).toEqual([
    'ok',
    '[Content_Types].xml,_rels/.rels,xl/_rels/workbook.xml.rels,xl/styles.xml,xl/workbook.xml,xl/worksheets/sheet1.xml',
  ]);
});
