import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { AppError, errors } from '../errors';
import {
  ROSTER_CHUNK_BYTES,
  ROSTER_MAX_BYTES,
  type RosterEntryView,
  type RosterPreview,
  type RosterRowReport,
} from '@shared/contracts/membership';
import { maskId, maskPhone } from './identity-hash';
import { checkRows, readRoster } from './roster-file';
import { iso } from './common';

interface ImportRow {
  id: string;
  union_id: string;
  file_name: string;
  size: number;
  status: 'uploading' | 'previewed' | 'committed' | 'cancelled';
  total_rows: number;
  valid_rows: number;
}

/** The import's union (for authorization scope); NOT_FOUND when there is none. */
export async function importUnion(tx: Db, importId: string): Promise<string> {
  const [r] = await rows<{ union_id: string }>(tx, sql`SELECT union_id FROM roster_imports WHERE id = ${importId}`);
  if (!r) throw errors.notFound('导入记录');
  return r.union_id;
}

async function loadImport(tx: Db, importId: string, lock = false): Promise<ImportRow> {
  const [r] = await rows<ImportRow>(
    tx,
    lock
      ? sql`SELECT * FROM roster_imports WHERE id = ${importId} FOR UPDATE`
      : sql`SELECT * FROM roster_imports WHERE id = ${importId}`,
  );
  if (!r) throw errors.notFound('导入记录');
  return r;
}

/** How long an unfinished upload may keep its raw content (full ID numbers): long enough to finish one. */
export const ABANDONED_UPLOAD_MS = 2 * 3_600_000;
/** How long a preview nobody confirmed keeps its staged rows (names, hashes, last digits). */
export const STALE_PREVIEW_MS = 86_400_000;
/** Unfinished roster uploads one officer may have open at once. */
export const MAX_PENDING_IMPORTS_PER_PERSON = 3;

/**
 * Uploads abandoned for two hours, in any union, are cancelled and their raw content (the only place full
 * ID numbers ever sit) deleted. Run by the purge timer (core/purge.ts) and on every new import.
 */
export async function dropAbandonedUploads(tx: Db, now: Date): Promise<number> {
  const stale = await rows<{ id: string }>(
    tx,
    sql`UPDATE roster_imports SET status = 'cancelled'
        WHERE status = 'uploading' AND created_at < ${new Date(now.getTime() - ABANDONED_UPLOAD_MS)} RETURNING id`,
  );
  if (stale.length)
    await tx.execute(
      sql`DELETE FROM roster_import_chunks WHERE import_id IN (${sql.join(
        stale.map((r) => sql`${r.id}`),
        sql`, `,
      )})`,
    );
  return stale.length;
}

/** Previews left unconfirmed for a day are cancelled and their staged rows deleted (purge timer). */
export async function dropStalePreviews(tx: Db, now: Date): Promise<number> {
  const stale = await rows<{ id: string }>(
    tx,
    sql`UPDATE roster_imports SET status = 'cancelled'
        WHERE status = 'previewed' AND previewed_at < ${new Date(now.getTime() - STALE_PREVIEW_MS)} RETURNING id`,
  );
  if (stale.length)
    await tx.execute(
      sql`DELETE FROM roster_import_rows WHERE import_id IN (${sql.join(
        stale.map((r) => sql`${r.id}`),
        sql`, `,
      )})`,
    );
  return stale.length;
}

export async function startImport(tx: Db, unionId: string, personId: string, fileName: string, size: number, now: Date) {
  if (size === 0) throw new AppError('ROSTER_FILE_INVALID', '文件为空，请选择填好的花名册');
  if (size > ROSTER_MAX_BYTES) throw new AppError('ROSTER_FILE_INVALID', '文件超过 5 MB，请拆分后分批导入');
  if (!/\.(xlsx|csv)$/i.test(fileName))
    throw new AppError('ROSTER_FILE_INVALID', '仅支持 .xlsx 或 .csv 格式的花名册', { fileName: '文件：仅支持 .xlsx 或 .csv' });
  await dropAbandonedUploads(tx, now);
  const [open] = await rows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM roster_imports WHERE created_by = ${personId} AND status = 'uploading'`,
  );
  if (open.n >= MAX_PENDING_IMPORTS_PER_PERSON)
    throw new AppError('TOO_MANY_UPLOADS', `您已有 ${open.n} 份花名册未上传完成，请先完成或取消后再导入新的花名册`);
  const [r] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO roster_imports (union_id, created_by, file_name, size, created_at) VALUES (${unionId}, ${personId}, ${fileName}, ${size}, ${now}) RETURNING id`,
  );
  return { importId: r.id, chunkBytes: ROSTER_CHUNK_BYTES };
}

/** Store one chunk; re-sending the same chunk replaces it (retries are harmless). */
export async function uploadChunk(tx: Db, importId: string, seq: number, base64: string) {
  const imp = await loadImport(tx, importId, true);
  if (imp.status !== 'uploading') throw new AppError('IMPORT_CLOSED', '该导入已预览或已结束，请重新上传');
  const bytes = Buffer.from(base64, 'base64').length;
  if (bytes > ROSTER_CHUNK_BYTES) throw new AppError('CHUNK_TOO_LARGE', `每次上传不超过 ${ROSTER_CHUNK_BYTES / 1024} KB`);
  await tx.execute(sql`INSERT INTO roster_import_chunks (import_id, seq, bytes, data) VALUES (${importId}, ${seq}, ${bytes}, ${base64})
    ON CONFLICT (import_id, seq) DO UPDATE SET bytes = EXCLUDED.bytes, data = EXCLUDED.data`);
  const [t] = await rows<{ total: number }>(
    tx,
    sql`SELECT COALESCE(sum(bytes), 0)::int AS total FROM roster_import_chunks WHERE import_id = ${importId}`,
  );
  if (t.total > imp.size) throw new AppError('ROSTER_FILE_INVALID', '上传内容超过声明的文件大小（上限 5 MB），请重新上传');
  return { received: t.total, size: imp.size };
}

function reportOf(r: {
  row_no: number;
  name: string;
  phone_last4: string | null;
  id_last4: string | null;
  employee_no: string | null;
  department: string | null;
  valid: boolean;
  errors: string[];
}): RosterRowReport {
  return {
    row: r.row_no,
    name: r.name,
    phoneMasked: maskPhone(r.phone_last4),
    idMasked: maskId(r.id_last4),
    employeeNo: r.employee_no,
    department: r.department,
    valid: r.valid,
    errors: r.errors,
  };
}

export async function importRows(
  tx: Db,
  importId: string,
  onlyInvalid: boolean,
  page: number,
  pageSize: number,
): Promise<RosterPreview> {
  const imp = await loadImport(tx, importId);
  if (imp.status === 'uploading') throw new AppError('IMPORT_NOT_PREVIEWED', '请先完成上传并生成预览');
  const list = await rows<Parameters<typeof reportOf>[0]>(
    tx,
    sql`SELECT row_no, name, phone_last4, id_last4, employee_no, department, valid, errors FROM roster_import_rows
        WHERE import_id = ${importId} ${onlyInvalid ? sql`AND NOT valid` : sql``}
        ORDER BY valid, row_no LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
  );
  return {
    importId,
    fileName: imp.file_name,
    status: imp.status,
    total: imp.total_rows,
    valid: imp.valid_rows,
    invalid: imp.total_rows - imp.valid_rows,
    rows: list.map(reportOf),
    page,
    pageSize,
  };
}

const BATCH = 1000;

/**
 * Assemble the chunks, read and check every row, check duplicates against the union's roster and
 * active members, and stage the per-row report. The raw file (the only place full ID numbers ever
 * were) is deleted here.
 */
export async function previewImport(tx: Db, importId: string, now: Date): Promise<RosterPreview> {
  const imp = await loadImport(tx, importId, true);
  if (imp.status !== 'uploading') return importRows(tx, importId, false, 1, 50);
  const chunks = await rows<{ seq: number; data: string }>(
    tx,
    sql`SELECT seq, data FROM roster_import_chunks WHERE import_id = ${importId} ORDER BY seq`,
  );
  if (chunks.some((c, i) => c.seq !== i)) throw new AppError('UPLOAD_INCOMPLETE', '文件未完整上传，请重新上传');
  const buf = Buffer.concat(chunks.map((c) => Buffer.from(c.data, 'base64')));
  if (buf.length !== imp.size)
    throw new AppError('UPLOAD_INCOMPLETE', `文件未完整上传（已收到 ${buf.length} / ${imp.size} 字节），请重新上传`);
  const { rows: raw } = await readRoster(buf);
  const checked = checkRows(raw);
  for (let i = 0; i < checked.length; i += BATCH) {
    const part = checked.slice(i, i + BATCH);
    const values = sql.join(
      part.map(
        (r) =>
          sql`(${importId}, ${r.row}, ${r.name}, ${r.phoneHash}, ${r.phoneLast4}, ${r.idHash}, ${r.idLast4}, ${r.employeeNo}, ${r.department}, ${r.valid}, ${JSON.stringify(r.errors)}::jsonb)`,
      ),
      sql`, `,
    );
    await tx.execute(
      sql`INSERT INTO roster_import_rows (import_id, row_no, name, phone_hash, phone_last4, id_hash, id_last4, employee_no, department, valid, errors) VALUES ${values}`,
    );
  }
  // Against the database: the union's roster and its active members.
  const mark = (cond: ReturnType<typeof sql>, message: string) =>
    tx.execute(sql`UPDATE roster_import_rows r SET valid = false, errors = r.errors || ${JSON.stringify([message])}::jsonb
      WHERE r.import_id = ${importId} AND ${cond}`);
  await mark(
    sql`r.id_hash IS NOT NULL AND EXISTS (SELECT 1 FROM roster_entries e WHERE e.union_id = ${imp.union_id} AND e.id_hash = r.id_hash)`,
    '身份证号已在本会花名册中',
  );
  await mark(
    sql`r.employee_no IS NOT NULL AND EXISTS (SELECT 1 FROM roster_entries e WHERE e.union_id = ${imp.union_id} AND e.employee_no = r.employee_no)`,
    '工号已在本会花名册中',
  );
  await mark(
    sql`r.id_hash IS NOT NULL AND EXISTS (SELECT 1 FROM people p JOIN members m ON m.person_id = p.id AND m.status = 'active' AND m.union_id = ${imp.union_id} WHERE p.id_hash = r.id_hash)`,
    '已是本会会员，无需导入',
  );
  // Rows without an ID number: the same name and mobile as an active member of this union is that member.
  await mark(
    sql`r.id_hash IS NULL AND r.phone_hash IS NOT NULL AND EXISTS (SELECT 1 FROM people p JOIN members m ON m.person_id = p.id AND m.status = 'active' AND m.union_id = ${imp.union_id}
        WHERE p.phone_hash = r.phone_hash AND p.name = r.name)`,
    '已是本会会员（姓名、手机号与会员一致），无需导入',
  );
  await tx.execute(sql`DELETE FROM roster_import_chunks WHERE import_id = ${importId}`);
  const [c] = await rows<{ total: number; valid: number }>(
    tx,
    sql`SELECT count(*)::int AS total, count(*) FILTER (WHERE valid)::int AS valid FROM roster_import_rows WHERE import_id = ${importId}`,
  );
  await tx.execute(
    sql`UPDATE roster_imports SET status = 'previewed', total_rows = ${c.total}, valid_rows = ${c.valid}, previewed_at = ${now} WHERE id = ${importId}`,
  );
  return importRows(tx, importId, false, 1, 50);
}

/**
 * Commit all valid rows in this one transaction. A conditional status change makes a second confirm
 * (or one racing with it) a refusal rather than a double import; rows a concurrent import already
 * added are skipped by the unique indexes.
 */
export async function confirmImport(tx: Db, importId: string, now: Date) {
  const [imp] = await rows<{ union_id: string; valid_rows: number }>(
    tx,
    sql`UPDATE roster_imports SET status = 'committed', committed_at = ${now} WHERE id = ${importId} AND status = 'previewed' RETURNING union_id, valid_rows`,
  );
  if (!imp) {
    const cur = await loadImport(tx, importId);
    throw new AppError(
      'IMPORT_CLOSED',
      cur.status === 'uploading'
        ? '请先生成预览并核对后再确认'
        : cur.status === 'committed'
          ? '该花名册已导入，请勿重复确认'
          : '该导入已取消',
    );
  }
  const [ins] = await rows<{ n: number }>(
    tx,
    sql`WITH ins AS (
          INSERT INTO roster_entries (union_id, import_id, name, phone_hash, phone_last4, id_hash, id_last4, employee_no, department, created_at)
          SELECT ${imp.union_id}, ${importId}, name, phone_hash, phone_last4, id_hash, id_last4, employee_no, department, ${now}
          FROM roster_import_rows WHERE import_id = ${importId} AND valid ORDER BY row_no
          ON CONFLICT DO NOTHING RETURNING 1)
        SELECT count(*)::int AS n FROM ins`,
  );
  await tx.execute(sql`UPDATE roster_imports SET inserted_rows = ${ins.n} WHERE id = ${importId}`);
  return { importId, inserted: ins.n, skipped: imp.valid_rows - ins.n, unionId: imp.union_id };
}

export async function cancelImport(tx: Db, importId: string) {
  const [r] = await rows<{ id: string }>(
    tx,
    sql`UPDATE roster_imports SET status = 'cancelled' WHERE id = ${importId} AND status IN ('uploading', 'previewed') RETURNING id`,
  );
  if (!r) throw new AppError('IMPORT_CLOSED', '该导入已结束，无法取消');
  await tx.execute(sql`DELETE FROM roster_import_chunks WHERE import_id = ${importId}`);
  await tx.execute(sql`DELETE FROM roster_import_rows WHERE import_id = ${importId}`);
  return { importId };
}

export async function listRoster(tx: Db, unionId: string, q: string | undefined, page: number, pageSize: number) {
  const filter = q
    ? sql`AND (e.name LIKE ${'%' + q + '%'} OR e.employee_no = ${q} OR e.department LIKE ${'%' + q + '%'})`
    : sql``;
  const [t] = await rows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM roster_entries e WHERE e.union_id = ${unionId} ${filter}`,
  );
  const list = await rows<{
    id: string;
    name: string;
    phone_last4: string | null;
    id_last4: string | null;
    employee_no: string | null;
    department: string | null;
    matched_person_id: string | null;
    created_at: Date;
  }>(
    tx,
    sql`SELECT e.id, e.name, e.phone_last4, e.id_last4, e.employee_no, e.department, e.matched_person_id, e.created_at
        FROM roster_entries e WHERE e.union_id = ${unionId} ${filter}
        ORDER BY e.created_at DESC, e.name LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
  );
  const entries: RosterEntryView[] = list.map((e) => ({
    id: e.id,
    name: e.name,
    phoneMasked: maskPhone(e.phone_last4),
    idMasked: maskId(e.id_last4),
    employeeNo: e.employee_no,
    department: e.department,
    joined: !!e.matched_person_id,
    createdAt: iso(e.created_at)!,
  }));
  return { total: t.n, entries };
}
