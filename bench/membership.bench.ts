import { sql } from 'drizzle-orm';
import { rows } from '../cloudfunctions/core/db/client';
import { demoIdNumber } from '../cloudfunctions/core/membership/seed';
// exceljs through the server's loader: its package entry does not load under tsx on Node ≥ 20.19.
import { excel } from '../cloudfunctions/core/excel';
import { ROSTER_CHUNK_BYTES, ROSTER_MAX_ROWS } from '@shared/contracts/membership';
import { readRoster } from '../cloudfunctions/core/membership/roster-file';
import { withGateway, withPeakMemory } from './support';

/**
 * Import of a 20,000-row roster through the gateway (HTTP), as the officer's page does it: start,
 * upload in ≤180 KB chunks, preview (parse + validate + hash + stage + duplicate checks), confirm
 * (one INSERT … SELECT in one transaction). Once as .csv and once as .xlsx, into two unions.
 * Prints wall time per phase and the process's peak RSS (gateway and database are in this process).
 * PGlite by default; BENCH_DATABASE_URL=postgres://… runs it on PostgreSQL (in a scratch database).
 */
const ROWS = 20_000;

function rosterRows(prefix: string) {
  const out: string[][] = [];
  for (let i = 0; i < ROWS; i++) {
    const birth = `19${70 + (i % 30)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
    out.push([
      `${prefix}${i}`,
      `139${String(i).padStart(8, '0')}`,
      demoIdNumber(birth, i % 1000),
      `${prefix}${i}`,
      `部门${i % 40}`,
    ]);
  }
  // a few bad rows, as real files have
  out[10][1] = '12345';
  out[20][2] = out[20][2].slice(0, 17) + (out[20][2][17] === '0' ? '1' : '0');
  return out;
}

async function xlsxOf(data: string[][]) {
  const wb = new (excel().Workbook)();
  const s = wb.addWorksheet('花名册');
  s.addRow(['姓名', '手机号', '身份证号', '工号', '部门']);
  for (const r of data) s.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function run(): Promise<void> {
  await withGateway('membership', { poolSize: 10 }, async ({ db, engine, ok }) => {
    const officerOf = async (code: string) => {
      const [g] = await rows<{ person_id: string; union_id: string }>(
        db,
        sql`SELECT g.person_id, g.union_id FROM role_grants g JOIN unions u ON u.id = g.union_id WHERE u.code = ${code} AND g.role = 'chair'`,
      );
      return { unionId: g.union_id, personId: g.person_id };
    };
    const post = (personId: string, action: string, input: unknown) => ok('membership', personId, action, input);

    const importFile = async (label: string, code: string, file: Buffer, fileName: string) => {
      const { unionId, personId: officer } = await officerOf(code);
      const t0 = performance.now();
      const before = Math.round(process.memoryUsage().rss / 1048576);
      const { result, peakMiB } = await withPeakMemory(async () => {
        const { importId } = await post(officer, 'membership.startRosterImport', { unionId, fileName, size: file.length });
        let chunks = 0;
        for (let at = 0; at < file.length; at += ROSTER_CHUNK_BYTES, chunks++)
          await post(officer, 'membership.uploadRosterChunk', {
            importId,
            seq: chunks,
            data: file.subarray(at, at + ROSTER_CHUNK_BYTES).toString('base64'),
          });
        const t1 = performance.now();
        const preview = await post(officer, 'membership.previewRosterImport', { importId });
        const t2 = performance.now();
        const confirmed = await post(officer, 'membership.confirmRosterImport', { importId });
        const t3 = performance.now();
        return { chunks, preview, confirmed, upload: t1 - t0, previewMs: t2 - t1, confirmMs: t3 - t2 };
      });
      const total = performance.now() - t0;
      console.log(
        `${label}: ${(file.length / 1048576).toFixed(2)} MB, ${result.chunks} chunks — upload ${result.upload.toFixed(0)} ms, ` +
          `preview ${result.previewMs.toFixed(0)} ms (${result.preview.total} rows, ${result.preview.invalid} invalid), ` +
          `confirm ${result.confirmMs.toFixed(0)} ms (${result.confirmed.inserted} inserted); total ${(total / 1000).toFixed(1)} s; peak RSS ${peakMiB} MiB (+${peakMiB - before} MiB over the ${before} MiB before)`,
      );
    };

    const csvRows = rosterRows('C');
    const csv = Buffer.from('\uFEFF姓名,手机号,身份证号,工号,部门\r\n' + csvRows.map((r) => r.join(',')).join('\r\n'), 'utf8');
    const xlsx = await xlsxOf(rosterRows('X'));
    console.log(`engine: ${engine}; rows per file: ${ROWS}; RSS before: ${Math.round(process.memoryUsage().rss / 1048576)} MiB`);
    await importFile('csv ', 'xinghuo', csv, 'roster.csv');
    await importFile('xlsx', 'school', xlsx, 'roster.xlsx');
    const [n] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM roster_entries`);
    console.log(`roster_entries now: ${n.n}`);
  });
  await oversized();
}

/**
 * Issue 11.9: a small .xlsx with 100,000 rows (the reported file was 514 KB) must be refused at the row cap
 * without being read whole. Reads it as the preview does and prints time to refusal, rows read and peak RSS.
 */
async function oversized() {
  const wb = new (excel().Workbook)();
  const s = wb.addWorksheet('花名册');
  s.addRow(['姓名', '手机号', '工号']);
  for (let i = 0; i < 100_000; i++) s.addRow([`张${i}`, `139${String(i).padStart(8, '0')}`, `E${i}`]);
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  const csv = Buffer.from(
    ['姓名,手机号,工号', ...Array.from({ length: 100_000 }, (_, i) => `张${i},139${String(i).padStart(8, '0')},E${i}`)].join(
      '\r\n',
    ),
  );
  for (const [label, file] of [
    ['xlsx', xlsx],
    ['csv ', csv],
  ] as const) {
    let read = 0;
    const before = Math.round(process.memoryUsage().rss / 1048576);
    const t0 = performance.now();
    const { result, peakMiB } = await withPeakMemory(() =>
      readRoster(file, { onRow: () => read++ }).then(
        () => 'accepted',
        (e) => e.code as string,
      ),
    );
    console.log(
      `oversized ${label}: ${(file.length / 1024).toFixed(0)} KB, 100,000 rows — ${result} after ${read} rows (cap ${ROSTER_MAX_ROWS}) ` +
        `in ${(performance.now() - t0).toFixed(0)} ms; peak RSS ${peakMiB} MiB (+${peakMiB - before} MiB)`,
    );
  }
}
