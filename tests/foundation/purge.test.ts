import { sql } from 'drizzle-orm';
import { createHarness, type Harness } from '../support/harness';
import { rows } from '../../cloudfunctions/core/db/client';
import { purgeStalePersonalData } from '../../cloudfunctions/core/purge';
import { main as retention } from '../../cloudfunctions/retention';
import { JPEG, plainMembers, planId } from '../aid/helpers';

/**
 * Issue 11.8: raw roster uploads stayed in the database until the next import; abandoned aid pieces until a
 * later upload. A timer purges them; nobody may pile up unfinished uploads.
 */
let h: Harness;
const NOW = new Date('2026-10-15T02:00:00Z');
const hours = (n: number) => new Date(NOW.getTime() + n * 3_600_000);

beforeAll(async () => {
  h = await createHarness({ now: NOW });
});
afterAll(() => h.close());
afterEach(() => h.setNow(NOW));

const count = async (table: 'roster_import_chunks' | 'roster_import_rows' | 'aid_uploads' | 'aid_upload_chunks') =>
  (await rows<{ n: number }>(h.database.db, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`))[0].n;

async function rosterUpload(officer: string, unionId: string, text: string) {
  const file = Buffer.from(text, 'utf8');
  const { importId } = await h.ok(officer, 'membership.startRosterImport', { unionId, fileName: 'r.csv', size: file.length });
  await h.ok(officer, 'membership.uploadRosterChunk', { importId, seq: 0, data: file.toString('base64') });
  return importId;
}

async function aidUpload(member: string) {
  const draft = await h.ok(member, 'aid.saveDraft', { planId: await planId(h, member), category: 'inpatient' });
  const big = Buffer.concat([JPEG, Buffer.alloc(300_000, 3)]);
  return h.ok(member, 'aid.startUpload', {
    claimId: draft.id,
    kind: 'invoice',
    fileName: 'a.jpg',
    size: big.length,
    data: big.subarray(0, 100_000).toString('base64'),
  });
}

test('the timer purge deletes abandoned roster files, stale previews and aid pieces with nobody starting a new upload', async () => {
  const { wangFang, yangFan } = h.base.people;
  const { xinghuo, school } = h.base.unions;
  const abandoned = await rosterUpload(wangFang, xinghuo, '姓名,手机号,身份证号\n周敏,13907310001,430102199203150244');
  const previewed = await rosterUpload(yangFan, school, '姓名,手机号,工号\n吴磊,13907310002,E1');
  await h.ok(yangFan, 'membership.previewRosterImport', { importId: previewed });
  await aidUpload(plainMembers(h)[0]);
  expect([
    await count('roster_import_chunks'),
    await count('roster_import_rows'),
    await count('aid_uploads'),
    await count('aid_upload_chunks'),
  ]).toEqual([1, 1, 1, 1]);

  // Still in use an hour later: nothing goes.
  expect(await purgeStalePersonalData(h.database.db, hours(1))).toEqual({ rosterUploads: 0, rosterPreviews: 0, aidUploads: 0 });
  // Three hours: unfinished uploads go; the preview (staged rows, no raw identifiers) waits a day.
  expect(await purgeStalePersonalData(h.database.db, hours(3))).toEqual({ rosterUploads: 1, rosterPreviews: 0, aidUploads: 1 });
  expect([await count('roster_import_chunks'), await count('aid_uploads'), await count('aid_upload_chunks')]).toEqual([0, 0, 0]);
  expect(await count('roster_import_rows')).toBe(1);
  expect(await purgeStalePersonalData(h.database.db, hours(25))).toEqual({ rosterUploads: 0, rosterPreviews: 1, aidUploads: 0 });
  expect(await count('roster_import_rows')).toBe(0);

  const status = await rows<{ id: string; status: string }>(
    h.database.db,
    sql`SELECT id, status FROM roster_imports WHERE id IN (${abandoned}, ${previewed})`,
  );
  expect(Object.fromEntries(status.map((s) => [s.id, s.status]))).toEqual({ [abandoned]: 'cancelled', [previewed]: 'cancelled' });
  const [a] = await rows<{ n: number }>(
    h.database.db,
    sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'system.purgeStaleUploads'`,
  );
  expect(a.n).toBe(2);
  // The officer is told the import is over, not shown stale rows.
  const late = await h.call(yangFan, 'membership.confirmRosterImport', { importId: previewed });
  expect(late.ok ? 'ok' : late.error.code).toBe('IMPORT_CLOSED');
});

test('the retention function purges only when the platform marks a timer call', async () => {
  const member = plainMembers(h)[1];
  await aidUpload(member);
  h.setNow(hours(3));
  // An event claiming to be the timer, from anyone: refused, nothing purged.
  expect(await retention({ Type: 'Timer', TriggerName: 'purgeStaleUploads' }, { local: true })).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN' },
  });
  expect(await count('aid_uploads')).toBe(1);
  const marked = { environment: JSON.stringify({ TRIGGER_SRC: 'timer' }) };
  expect(await retention({ Type: 'Timer', TriggerName: 'purgeStaleUploads' }, marked)).toEqual({
    ok: true,
    data: { rosterUploads: 0, rosterPreviews: 0, aidUploads: 1 },
  });
  expect(await count('aid_uploads')).toBe(0);
});

test('pending uploads per person are capped with a clear refusal', async () => {
  const member = plainMembers(h)[2];
  for (let i = 0; i < 3; i++) await aidUpload(member);
  const fourth = await aidUpload(member).then(
    () => 'ok',
    (e) => `${e.code}`,
  );
  expect(fourth).toBe('TOO_MANY_UPLOADS');
  const r = await h.call(member, 'aid.startUpload', {
    claimId: (await h.ok(member, 'aid.saveDraft', { planId: await planId(h, member), category: 'inpatient' })).id,
    kind: 'invoice',
    fileName: 'a.jpg',
    size: 1000,
    data: JPEG.toString('base64'),
  });
  expect(r.ok ? '' : r.error.message).toBe('您已有 3 个文件未上传完成，请先完成或取消后再上传新文件');

  const { zhouJie } = h.base.people;
  const { logistics } = h.base.unions;
  for (let i = 0; i < 3; i++) await rosterUpload(zhouJie, logistics, '姓名,手机号,工号');
  const more = await h.call(zhouJie, 'membership.startRosterImport', { unionId: logistics, fileName: 'r.csv', size: 10 });
  expect(more.ok ? 'ok' : [more.error.code, more.error.message]).toEqual([
    'TOO_MANY_UPLOADS',
    '您已有 3 份花名册未上传完成，请先完成或取消后再导入新的花名册',
  ]);
  // Once the abandoned ones are purged, the officer can start again.
  h.setNow(hours(3));
  expect((await h.call(zhouJie, 'membership.startRosterImport', { unionId: logistics, fileName: 'r.csv', size: 10 })).ok).toBe(
    true,
  );
});
