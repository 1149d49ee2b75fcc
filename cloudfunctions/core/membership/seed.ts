import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import type { SeedBase } from '../db/seed-base';
import { idCheckChar } from '@shared/contracts/membership';
import { hashIdNumber, hashPhone, last4 } from './identity-hash';

/** A valid (check digit included) demo ID number; region 430102, so obviously a 星城 demo. */
export const demoIdNumber = (birth: string, seq: number) => {
  const first17 = `430102${birth}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
};

/** Workers on 星火电子工会's roster who have not joined yet: the README's demo join uses the first. */
export const DEMO_ROSTER = [
  { name: '周敏', mobile: '13907310001', idNumber: demoIdNumber('19920315', 24), employeeNo: 'XH2001', department: '生产一部' },
  { name: '吴磊', mobile: '13907310002', idNumber: demoIdNumber('19880721', 13), employeeNo: 'XH2002', department: '生产一部' },
  { name: '郑丽', mobile: '13907310003', idNumber: demoIdNumber('19950102', 46), employeeNo: 'XH2003', department: '品质部' },
  { name: '冯涛', mobile: '13907310004', idNumber: demoIdNumber('19901109', 35), employeeNo: 'XH2004', department: '研发中心' },
  { name: '何静', mobile: '13907310005', idNumber: demoIdNumber('19970826', 28), employeeNo: 'XH2005', department: '财务部' },
  { name: '孙浩', mobile: '13907310006', idNumber: demoIdNumber('19860430', 17), employeeNo: 'XH2006', department: '仓储物流部' },
  { name: '韩雪', mobile: '13907310007', idNumber: demoIdNumber('19931212', 62), employeeNo: 'XH2007', department: '人力资源部' },
  { name: '曹阳', mobile: '13907310008', idNumber: demoIdNumber('19990305', 51), employeeNo: 'XH2008', department: '生产二部' },
  { name: '许婷', mobile: '13907310009', idNumber: demoIdNumber('19960618', 84), employeeNo: 'XH2009', department: '研发中心' },
  { name: '邓辉', mobile: '13907310010', idNumber: demoIdNumber('19851027', 39), employeeNo: 'XH2010', department: '设备部' },
];

/** People who applied and wait for 王芳 (chair of 星火电子工会) to decide. */
const DEMO_PENDING = [
  {
    name: '高远',
    mobile: '13907310011',
    idNumber: demoIdNumber('19910214', 55),
    employeeNo: 'XH2011',
    department: '生产二部',
    onRoster: true,
    employer: null,
  },
  {
    name: '林峰',
    mobile: '13907310012',
    idNumber: demoIdNumber('19940509', 71),
    employeeNo: null,
    department: null,
    onRoster: false,
    employer: '星火电子科技有限公司 售后服务部（外包转正）',
  },
  {
    name: '马丽',
    mobile: '13907310013',
    idNumber: demoIdNumber('20000117', 26),
    employeeNo: null,
    department: null,
    onRoster: false,
    employer: '星火电子科技有限公司 行政部',
  },
];

async function addRosterEntry(
  tx: Db,
  unionId: string,
  w: { name: string; mobile: string; idNumber: string; employeeNo: string | null; department: string | null },
  now: Date,
) {
  const [e] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO roster_entries (union_id, name, phone_hash, phone_last4, id_hash, id_last4, employee_no, department, created_at)
        VALUES (${unionId}, ${w.name}, ${hashPhone(w.mobile)}, ${last4(w.mobile)}, ${hashIdNumber(w.idNumber)}, ${last4(w.idNumber)}, ${w.employeeNo}, ${w.department}, ${now})
        RETURNING id`,
  );
  return e.id;
}

/** Demo data of the membership area, built on the foundation seed. */
export async function seedMembership(tx: Db, base: SeedBase, now: Date): Promise<void> {
  const xinghuo = base.unions.xinghuo;
  const chair = base.people.wangFang;
  for (const w of DEMO_ROSTER) await addRosterEntry(tx, xinghuo, w, now);
  const days = (n: number) => new Date(now.getTime() + n * 86_400_000);
  await tx.execute(sql`INSERT INTO invites (union_id, created_by, note, expires_at, max_uses, auto_approve, created_at)
    VALUES (${xinghuo}, ${chair}, '职工入会（花名册自动通过）', ${days(30)}, 500, true, ${days(-2)})`);
  const [review] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO invites (union_id, created_by, note, expires_at, max_uses, auto_approve, used_count, created_at)
        VALUES (${xinghuo}, ${chair}, '新员工入职群（人工审核）', ${days(14)}, 100, false, ${DEMO_PENDING.length}, ${days(-5)}) RETURNING id`,
  );
  let i = 0;
  for (const p of DEMO_PENDING) {
    i++;
    const entryId = p.onRoster ? await addRosterEntry(tx, xinghuo, p, now) : null;
    const [person] = await rows<{ id: string }>(
      tx,
      sql`INSERT INTO people (name, phone_hash, phone_last4, id_hash, id_last4)
          VALUES (${p.name}, ${hashPhone(p.mobile)}, ${last4(p.mobile)}, ${hashIdNumber(p.idNumber)}, ${last4(p.idNumber)}) RETURNING id`,
    );
    const [n] = await rows<{ n: string }>(tx, sql`SELECT nextval('member_no_seq')::text AS n`);
    const at = new Date(now.getTime() - i * 3_600_000);
    const [m] = await rows<{ id: string }>(
      tx,
      sql`INSERT INTO members (person_id, union_id, member_no, status, created_at) VALUES (${person.id}, ${xinghuo}, ${'XC' + n.n}, 'pending', ${at}) RETURNING id`,
    );
    await tx.execute(sql`INSERT INTO applications (kind, union_id, invite_id, person_id, member_id, name, phone_last4, id_last4, employee_no, employer, match, roster_entry_id, status, created_at)
      VALUES ('join', ${xinghuo}, ${review.id}, ${person.id}, ${m.id}, ${p.name}, ${last4(p.mobile)}, ${last4(p.idNumber)}, ${p.employeeNo}, ${p.employer},
              ${p.onRoster ? 'union' : 'none'}, ${entryId}, 'pending', ${at})`);
  }
}
