/**
 * CSV that Excel opens as it is: UTF-8 with a BOM (else Excel on Chinese Windows reads GBK), CRLF, RFC 4180 quoting.
 * A cell starting with = + - @ (or a tab / CR) is prefixed with ' so a spreadsheet never runs it as a formula.
 */
const cell = (v: string | number | boolean | null | undefined): string => {
  let s = v == null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const excelCsv = (rows: (string | number | boolean | null | undefined)[][]): string =>
  `\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
