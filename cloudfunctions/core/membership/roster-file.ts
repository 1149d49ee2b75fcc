import type ExcelJS from 'exceljs';
import { AppError } from '../errors';
import { Readable } from 'node:stream';
import { excel, excelStreaming } from '../excel';
import { ROSTER_HEADERS, ROSTER_MAX_BYTES, ROSTER_MAX_ROWS, idCheckChar, idNumberProblem } from '@shared/contracts/membership';
import { hashIdNumber, hashPhone, last4, normaliseIdNumber, normalisePhone } from './identity-hash';
import { normalizeText } from '@shared/contracts/text';

/** One data row of an uploaded roster as written (1-based row number as the officer sees it in the file). */
export interface RawRosterRow {
  row: number;
  name: string;
  mobile: string;
  idNumber: string;
  employeeNo: string;
  department: string;
  /** Problems found while reading the cell (e.g. an ID number stored as a number and rounded by Excel). */
  cellErrors?: string[];
}

/** A validated row, identifiers hashed; the raw ID number and mobile stop here. */
export interface CheckedRosterRow {
  row: number;
  name: string;
  phoneHash: string | null;
  phoneLast4: string | null;
  idHash: string | null;
  idLast4: string | null;
  employeeNo: string | null;
  department: string | null;
  valid: boolean;
  errors: string[];
}

const refuse = (message: string) => new AppError('ROSTER_FILE_INVALID', message);

const HEADER_ALIASES: Record<keyof Omit<RawRosterRow, 'row' | 'cellErrors'>, string[]> = {
  name: ['姓名', '名字', '职工姓名'],
  mobile: ['手机号', '手机', '手机号码', '联系电话', '电话'],
  idNumber: ['身份证号', '身份证', '身份证号码', '证件号码', '公民身份号码'],
  employeeNo: ['工号', '员工编号', '职工编号', '员工号'],
  department: ['部门', '所在部门', '部门名称'],
};

/** What the bytes are, by content (never by file name): xlsx is a zip; csv is text. */
export function detectFormat(buf: Buffer): 'xlsx' | 'csv' {
  if (buf.length === 0) throw refuse('文件为空，请选择填好的花名册');
  if (buf.length > ROSTER_MAX_BYTES) throw refuse('文件超过 5 MB，请拆分后分批导入');
  if (buf.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
  if (buf.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])))
    throw refuse('不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后上传');
  const head = buf.subarray(0, Math.min(buf.length, 4096));
  if (head.includes(0)) throw refuse('无法识别的文件格式，请上传 .xlsx 或 .csv 花名册');
  return 'csv';
}

/** UTF-8 (with or without BOM) first; Excel on Chinese Windows saves CSV as GBK, read as GB18030. */
export function decodeText(buf: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    text = new TextDecoder('gb18030').decode(buf);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** RFC 4180 CSV, one record at a time: quoted fields, doubled quotes, CRLF or LF line ends. */
export function* csvRecords(text: string): Generator<string[]> {
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      yield record;
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    yield record;
  }
}

/** The first `maxRecords + 1` records at most (all by default). */
export function parseCsv(text: string, maxRecords = Infinity): string[][] {
  const records: string[][] = [];
  for (const r of csvRecords(text)) {
    records.push(r);
    if (records.length > maxRecords) break;
  }
  return records;
}

function cellText(value: ExcelJS.CellValue): { text: string; numeric: boolean } {
  if (value === null || value === undefined) return { text: '', numeric: false };
  if (typeof value === 'number') return { text: Number.isInteger(value) ? value.toFixed(0) : String(value), numeric: true };
  if (typeof value === 'string') return { text: value, numeric: false };
  if (typeof value === 'boolean') return { text: String(value), numeric: false };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10), numeric: false };
  if ('richText' in value) return { text: value.richText.map((r) => r.text).join(''), numeric: false };
  if ('result' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
  if ('text' in value) return { text: String((value as { text: unknown }).text), numeric: false };
  return { text: '', numeric: false };
}

/** Map the header row to our columns; name and mobile are required, ID number or employee number too. */
function mapHeader(header: string[]): Record<string, number> {
  const index: Record<string, number> = {};
  header.forEach((h, i) => {
    const label = h.replace(/[\s*＊（(].*$/, '').trim();
    for (const [key, aliases] of Object.entries(HEADER_ALIASES)) if (aliases.includes(label) && !(key in index)) index[key] = i;
  });
  const missing = [!('name' in index) && '姓名', !('mobile' in index) && '手机号'].filter(Boolean);
  if (missing.length) throw refuse(`表头缺少“${missing.join('”“')}”列，请使用下载的模板（${ROSTER_HEADERS.join('、')}）`);
  if (!('idNumber' in index) && !('employeeNo' in index)) throw refuse('表头至少需要“身份证号”或“工号”其中一列');
  return index;
}

interface SheetRecord {
  cells: string[];
  numeric?: boolean[];
  row: number;
}

/**
 * Header first, then data rows, read one at a time from the file: the row cap refuses the file as soon as
 * row cap + 1 is read, so an oversized sheet is never read (or held) whole. `onRow` sees every data row read.
 */
async function toRows(records: AsyncIterable<SheetRecord> | Iterable<SheetRecord>, onRow?: () => void): Promise<RawRosterRow[]> {
  let index: Record<string, number> | null = null;
  const out: RawRosterRow[] = [];
  for await (const r of records) {
    if (r.cells.every((c) => c.trim() === '')) continue;
    if (!index) {
      index = mapHeader(r.cells.map((c) => c.trim()));
      continue;
    }
    onRow?.();
    const at = index;
    const get = (k: string) => (k in at ? (r.cells[at[k]] ?? '').trim() : '');
    const row: RawRosterRow = {
      row: r.row,
      name: get('name'),
      mobile: get('mobile'),
      idNumber: get('idNumber'),
      employeeNo: get('employeeNo'),
      department: get('department'),
    };
    if ('idNumber' in at && r.numeric?.[at.idNumber] && row.idNumber.length >= 15)
      row.cellErrors = ['身份证号被 Excel 存成了数字（末几位可能已丢失），请把该列设为文本后重新填写'];
    out.push(row);
    if (out.length > ROSTER_MAX_ROWS) throw refuse(`花名册超过 ${ROSTER_MAX_ROWS} 行，请拆分后分批导入`);
  }
  if (!index) throw refuse('文件中没有任何内容');
  if (out.length === 0) throw refuse('花名册中没有数据行，请在表头下方填写职工信息');
  return out;
}

function* numbered(records: Iterable<string[]>): Generator<SheetRecord> {
  let row = 0;
  for (const cells of records) yield { cells, row: ++row };
}

/**
 * The rows of the first worksheet that has any, streamed from the zip (exceljs WorkbookReader): rows are
 * parsed as they are read, and the caller stopping ends the reading.
 */
async function* xlsxRecords(buf: Buffer): AsyncGenerator<SheetRecord> {
  const reader = new (excelStreaming().WorkbookReader)(Readable.from([buf]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  const unreadable = () => refuse('无法读取该 Excel 文件，请确认是 .xlsx 格式且未加密');
  const sheets = reader[Symbol.asyncIterator]();
  for (;;) {
    let sheet: IteratorResult<ExcelJS.stream.xlsx.WorksheetReader>;
    try {
      sheet = await sheets.next();
    } catch {
      throw unreadable();
    }
    if (sheet.done) return;
    const rowsOf = sheet.value[Symbol.asyncIterator]();
    let any = false;
    for (;;) {
      let next: IteratorResult<ExcelJS.Row>;
      try {
        next = await rowsOf.next();
      } catch {
        throw unreadable();
      }
      if (next.done) break;
      const r = next.value;
      const cells: string[] = [];
      const numeric: boolean[] = [];
      const values = (r.values ?? []) as ExcelJS.CellValue[];
      for (let c = 1; c < values.length; c++) {
        const t = cellText(values[c]);
        cells[c - 1] = t.text;
        numeric[c - 1] = t.numeric;
      }
      for (let c = 0; c < cells.length; c++) if (cells[c] === undefined) cells[c] = '';
      if (cells.some((c) => c.trim() !== '')) any = true;
      yield { cells, numeric, row: r.number };
    }
    if (any) return;
  }
}

/**
 * Read an uploaded roster (.xlsx or .csv, by content) into raw rows; refuses empty, oversized or unknown
 * files. Rows are read one by one and reading stops at the row cap (`onRow` counts the data rows read).
 */
export async function readRoster(
  buf: Buffer,
  opts: { onRow?: () => void } = {},
): Promise<{ format: 'xlsx' | 'csv'; rows: RawRosterRow[] }> {
  const format = detectFormat(buf);
  if (format === 'csv') return { format, rows: await toRows(numbered(csvRecords(decodeText(buf))), opts.onRow) };
  try {
    return { format, rows: await toRows(xlsxRecords(buf), opts.onRow) };
  } catch (e) {
    if (e instanceof AppError && e.message === '文件中没有任何内容') throw refuse('Excel 文件中没有任何内容');
    throw e;
  }
}

/**
 * Validate every row (name, mainland mobile, GB 11643 ID number, ID or employee number present,
 * duplicates within the file) and hash the identifiers. Duplicates against the database are
 * checked afterwards in SQL.
 */
export function checkRows(raw: RawRosterRow[]): CheckedRosterRow[] {
  const seenId = new Map<string, number>();
  const seenPhone = new Map<string, number>();
  const seenEmp = new Map<string, number>();
  return raw.map((r) => {
    const errors: string[] = [...(r.cellErrors ?? [])];
    const name = normalizeText(r.name).replace(/\s+/g, '');
    if (!name) errors.push('姓名：不能为空');
    else if (name.length > 40) errors.push('姓名：不能超过 40 个字符');
    if (name.includes(TEMPLATE_EXAMPLE_MARK)) errors.push('示例行：请删除模板中的示例行后再导入');
    const mobile = normalisePhone(r.mobile);
    if (!r.mobile) errors.push('手机号：不能为空');
    else if (!/^1[3-9]\d{9}$/.test(mobile)) errors.push('手机号：请填写 11 位大陆手机号');
    const id = normaliseIdNumber(r.idNumber);
    if (id && !r.cellErrors?.length) {
      const problem = idNumberProblem(id);
      if (problem) errors.push(`身份证号：${problem}`);
    }
    const employeeNo = r.employeeNo.trim() || null;
    if (employeeNo && employeeNo.length > 32) errors.push('工号：不能超过 32 个字符');
    if (!id && !employeeNo) errors.push('身份证号、工号至少填写一项');
    const department = r.department.trim().slice(0, 60) || null;
    const idOk = !!id && !errors.some((e) => e.startsWith('身份证号'));
    const phoneOk = !!r.mobile && !errors.some((e) => e.startsWith('手机号'));
    const dup = (seen: Map<string, number>, key: string | null, label: string) => {
      if (!key) return;
      const first = seen.get(key);
      if (first !== undefined) errors.push(`${label}与第 ${first} 行重复`);
      else seen.set(key, r.row);
    };
    if (idOk) dup(seenId, id, '身份证号');
    if (phoneOk) dup(seenPhone, mobile, '手机号');
    dup(seenEmp, employeeNo, '工号');
    return {
      row: r.row,
      name: name.slice(0, 40) || '（空）',
      phoneHash: phoneOk ? hashPhone(mobile) : null,
      phoneLast4: phoneOk ? last4(mobile) : null,
      idHash: idOk ? hashIdNumber(id) : null,
      idLast4: idOk ? last4(id) : null,
      employeeNo,
      department,
      valid: errors.length === 0,
      errors,
    };
  });
}

/** The template's example row carries this in its name, so a forgotten example is never imported. */
const TEMPLATE_EXAMPLE_MARK = '示例';
const EXAMPLE_ID_17 = '11010119900307002';

/** The downloadable template: the five columns as text (so Excel keeps all 18 digits), one example row, notes. */
export async function buildTemplate(): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  const sheet = wb.addWorksheet('花名册');
  sheet.columns = ROSTER_HEADERS.map((h, i) => ({
    header: h,
    key: String(i),
    width: [12, 16, 24, 14, 18][i],
    style: { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow([
    `张三（${TEMPLATE_EXAMPLE_MARK}，请删除）`,
    '13800000000',
    EXAMPLE_ID_17 + idCheckChar(EXAMPLE_ID_17),
    'E0001',
    '生产部',
  ]);
  const notes = wb.addWorksheet('填写说明');
  [
    '1. 第一行为表头，请勿修改；每位职工一行。',
    '2. 姓名、手机号必填；身份证号、工号至少填写一项。',
    '3. 身份证号为 18 位（末位可为 X），请保持该列为“文本”格式，避免 Excel 把号码改成科学计数法。',
    `4. 单个文件不超过 5 MB、${ROSTER_MAX_ROWS} 行；支持 .xlsx 和 .csv（UTF-8 或 GBK 编码）。`,
    '5. 身份证号、手机号仅以加密摘要保存，系统中不会显示完整号码。',
  ].forEach((t) => notes.addRow([t]));
  notes.getColumn(1).width = 90;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
