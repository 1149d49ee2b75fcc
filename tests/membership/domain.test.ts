import ExcelJS from 'exceljs';
import { idNumberProblem, isValidChineseId, joinInput } from '@shared/contracts/membership';
import { toValidationError } from '@shared/contracts';
import { matchRoster, type RosterCandidate } from '../../cloudfunctions/core/membership/join';
import {
  checkRows,
  decodeText,
  detectFormat,
  parseCsv,
  readRoster,
  buildTemplate,
} from '../../cloudfunctions/core/membership/roster-file';
import { hashIdNumber, hashPhone } from '../../cloudfunctions/core/membership/identity-hash';
import { inviteCodeOf, inviteIdOf } from '../../cloudfunctions/core/membership/invites';
import { cardCodeOf, readCardCode } from '../../cloudfunctions/core/membership/card';
import { demoIdNumber } from '../../cloudfunctions/core/membership/seed';

process.env.PU_HASH_KEY = 'unit-test-hash-key';

describe('GB 11643 ID number', () => {
  test('accepts the standard example and an X check character', () => {
    expect(isValidChineseId('11010519491231002X')).toBe(true);
    expect(isValidChineseId('11010519491231002x')).toBe(true);
    expect(isValidChineseId('430102199203150244')).toBe(true);
  });
  test('refuses a wrong check digit, a bad date and wrong lengths, each with its reason', () => {
    expect(isValidChineseId('110105194912310021')).toBe(false);
    expect(idNumberProblem('110105194912310021')).toBe('身份证号校验位不正确，请核对');
    const badDate = '11010519490231' + '002';
    expect(isValidChineseId(badDate + '0')).toBe(false);
    expect(idNumberProblem('1101051949123100')).toBe('身份证号应为 18 位（末位可为 X）');
  });
  test('every demo number is valid', () => {
    for (let i = 0; i < 50; i++) expect(isValidChineseId(demoIdNumber('19900101', i))).toBe(true);
  });
  test('the join form names the wrong field in Chinese', () => {
    const r = joinInput.safeParse({ inviteCode: 'x', name: '', mobile: '123', idNumber: '110105194912310021' });
    if (r.success) throw new Error('expected a validation error');
    const e = toValidationError(r.error);
    expect(e.fields?.mobile).toBe('手机号：请输入 11 位大陆手机号');
    expect(e.fields?.idNumber).toBe('身份证号：身份证号校验位不正确，请核对');
    expect(e.fields?.name).toBe('姓名：不能为空');
    const none = joinInput.safeParse({ inviteCode: 'a'.repeat(32) + '.' + 'b'.repeat(16), name: '周敏', mobile: '13907310001' });
    if (none.success) throw new Error('expected a validation error');
    expect(toValidationError(none.error).fields?.idNumber).toBe('身份证号：请填写身份证号或工号');
  });
});

describe('roster matching', () => {
  const U = 'union-a';
  const entry = (over: Partial<RosterCandidate>): RosterCandidate => ({
    id: 'e1',
    union_id: U,
    name: '周敏',
    phone_hash: hashPhone('13907310001'),
    id_hash: hashIdNumber('430102199203150244'),
    employee_no: 'XH2001',
    matched_person_id: null,
    created_at: new Date('2025-01-01'),
    ...over,
  });
  const who = {
    name: '周敏',
    idHash: hashIdNumber('430102199203150244'),
    phoneHash: hashPhone('13907310001'),
    employeeNo: null,
    personId: null,
  };

  test('ID number + name in the inviting union is a union match', () => {
    expect(matchRoster([entry({})], who, U)).toMatchObject({ match: 'union', entry: { id: 'e1' }, mismatch: null });
  });
  test('a match elsewhere on the platform, and the inviting union preferred when both exist', () => {
    expect(matchRoster([entry({ union_id: 'other' })], who, U).match).toBe('platform');
    const r = matchRoster([entry({ id: 'e2', union_id: 'other', created_at: new Date('2026-01-01') }), entry({})], who, U);
    expect(r).toMatchObject({ match: 'union', entry: { id: 'e1' } });
  });
  test('the right ID number under another name is a failed proof naming the name field', () => {
    const r = matchRoster([entry({})], { ...who, name: '周小敏' }, U);
    expect(r.match).toBe('none');
    expect(r.mismatch).toEqual({ name: '姓名：与花名册中该身份证号登记的姓名不一致' });
  });
  test('employee number needs name and mobile, and only counts in the inviting union', () => {
    const byEmp = { ...who, idHash: null, employeeNo: 'XH2001' };
    expect(matchRoster([entry({})], byEmp, U).match).toBe('union');
    expect(matchRoster([entry({})], { ...byEmp, phoneHash: hashPhone('13800000000') }, U).mismatch).toHaveProperty('employeeNo');
    expect(matchRoster([entry({ union_id: 'other' })], byEmp, U)).toEqual({ match: 'none', entry: null, mismatch: null });
  });
  test('an entry claimed by someone else never matches', () => {
    const r = matchRoster([entry({ matched_person_id: 'p-other' })], { ...who, personId: 'p-me' }, U);
    expect(r.match).toBe('none');
    expect(r.mismatch).toHaveProperty('idNumber');
    expect(matchRoster([entry({ matched_person_id: 'p-me' })], { ...who, personId: 'p-me' }, U).match).toBe('union');
  });
  test('no entry at all is no match and no failure', () => {
    expect(matchRoster([], who, U)).toEqual({ match: 'none', entry: null, mismatch: null });
  });
});

describe('roster file', () => {
  const csv = (lines: string[], bom = true) => Buffer.from((bom ? '\uFEFF' : '') + lines.join('\r\n'), 'utf8');

  test('CSV with BOM, quotes and CRLF is read and checked row by row', async () => {
    const { format, rows } = await readRoster(
      csv([
        '姓名,手机号,身份证号,工号,部门',
        '周敏,13907310001,430102199203150244,XH2001,"生产一部,A 线"',
        '吴磊,1390731,110105194912310021,,品质部',
        '郑丽,13907310001,430102199203150244,XH2003,',
      ]),
    );
    expect(format).toBe('csv');
    expect(rows.map((r) => r.row)).toEqual([2, 3, 4]);
    expect(rows[0].department).toBe('生产一部,A 线');
    const checked = checkRows(rows);
    expect(checked[0]).toMatchObject({ valid: true, idLast4: '0244', phoneLast4: '0001' });
    expect(checked[1].valid).toBe(false);
    expect(checked[1].errors).toEqual(['手机号：请填写 11 位大陆手机号', '身份证号：身份证号校验位不正确，请核对']);
    expect(checked[2].errors).toEqual(['身份证号与第 2 行重复', '手机号与第 2 行重复']);
    // no raw identifiers survive checking
    expect(JSON.stringify(checked)).not.toContain('430102199203150244');
    expect(JSON.stringify(checked)).not.toContain('13907310001');
  });

  test('GBK-encoded CSV (Excel on Chinese Windows) is decoded', () => {
    const gbk = Buffer.from([0xd0, 0xd5, 0xc3, 0xfb]); // 姓名
    expect(decodeText(gbk)).toBe('姓名');
    expect(parseCsv('a,"b ""c""",d\n1,2,3')).toEqual([
      ['a', 'b "c"', 'd'],
      ['1', '2', '3'],
    ]);
  });

  test('empty, binary, old .xls and header-less files are refused with a clear message', async () => {
    const code = async (b: Buffer) =>
      readRoster(b).then(
        () => 'ok',
        (e) => `${e.code}:${e.message}`,
      );
    expect(await code(Buffer.alloc(0))).toBe('ROSTER_FILE_INVALID:文件为空，请选择填好的花名册');
    expect(await code(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2]))).toMatch(/旧版 \.xls/);
    expect(await code(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]))).toMatch(/无法识别的文件格式/);
    expect(await code(csv(['名字,电话', '周敏,13907310001']))).toMatch(/至少需要“身份证号”或“工号”/);
    expect(await code(csv(['foo,bar', '1,2']))).toMatch(/表头缺少“姓名”“手机号”列/);
    expect(await code(csv(['姓名,手机号,身份证号']))).toMatch(/没有数据行/);
    expect(await code(Buffer.from('PK\u0003\u0004garbage'))).toMatch(/无法读取该 Excel 文件/);
    expect(() => detectFormat(Buffer.alloc(5 * 1024 * 1024 + 1, 0x41))).toThrow('文件超过 5 MB，请拆分后分批导入');
  });

  test('more than 20,000 rows are refused', async () => {
    const lines = ['姓名,手机号,工号'];
    for (let i = 0; i < 20_001; i++) lines.push(`张${i},139${String(i).padStart(8, '0')},E${i}`);
    await expect(readRoster(csv(lines))).rejects.toMatchObject({
      code: 'ROSTER_FILE_INVALID',
      message: '花名册超过 20000 行，请拆分后分批导入',
    });
  });

  test('the template is an xlsx that reads back, and an ID typed as a number is flagged', async () => {
    const template = await buildTemplate();
    expect(detectFormat(template)).toBe('xlsx');
    const read = await readRoster(template);
    expect(read.rows).toHaveLength(1);
    // The example row has a well-formed ID number (it shows the format) but is never imported by mistake.
    expect(isValidChineseId(read.rows[0].idNumber)).toBe(true);
    expect(checkRows(read.rows)[0]).toMatchObject({ valid: false, errors: ['示例行：请删除模板中的示例行后再导入'] });
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet('s');
    s.addRow(['姓名', '手机号', '身份证号', '工号', '部门']);
    s.addRow(['周敏', 13907310001, '430102199203150244', 'XH2001', '生产一部']);
    s.addRow(['吴磊', '13907310002', Number('430102198807210135'), 'XH2002', '']); // an ID typed into a number cell: precision already lost
    const { format, rows } = await readRoster(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(format).toBe('xlsx');
    const checked = checkRows(rows);
    expect(checked[0].valid).toBe(true);
    expect(checked[1].errors[0]).toMatch(/被 Excel 存成了数字/);
  });
});

describe('signed codes', () => {
  const id = '0b6f3c1e-9a6e-4c1a-8f5e-2d9b7c3a1f00';
  test('an invite code round-trips and a tampered one is refused', () => {
    const code = inviteCodeOf(id);
    expect(code).toMatch(/^[0-9a-f]{32}\.[A-Za-z0-9_-]{16}$/);
    expect(inviteIdOf(code)).toBe(id);
    const other = inviteCodeOf('1b6f3c1e-9a6e-4c1a-8f5e-2d9b7c3a1f00');
    expect(() => inviteIdOf(code.split('.')[0] + '.' + other.split('.')[1])).toThrow(
      expect.objectContaining({ code: 'INVITE_INVALID' }),
    );
  });
  test('a card code carries its expiry and is refused after it or when altered', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const code = cardCodeOf(id, new Date(now.getTime() + 60_000));
    expect(readCardCode(code, now).memberId).toBe(id);
    expect(() => readCardCode(code, new Date(now.getTime() + 61_000))).toThrow(expect.objectContaining({ code: 'CARD_EXPIRED' }));
    const parts = code.split('.');
    parts[2] = (parseInt(parts[2], 36) + 86400).toString(36);
    expect(() => readCardCode(parts.join('.'), now)).toThrow(expect.objectContaining({ code: 'CARD_INVALID' }));
  });
});
