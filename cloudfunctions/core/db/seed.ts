import { sql } from 'drizzle-orm';
import type { Db } from './client';
import { members, people, roleGrants, unions } from './schema';
import type { SeedBase } from './seed-base';
import { migrate } from './migrate';
import { isProduction } from '../local-data';
import { seedMembership } from '../membership/seed';
import { seedAid } from '../aid/seed';
import { seedCongress } from '../congress/seed';
import { seedBooking } from '../booking/seed';
import { SCHOOL_LOGO } from './seed-logos';

type UnionKey = keyof SeedBase['unions'];
type UnionRow = typeof unions.$inferSelect;
interface UnionSeed extends Pick<UnionRow, 'level' | 'name' | 'shortName' | 'themeColor'> {
  key: UnionKey;
  parent: UnionKey | null;
  slogan?: string;
  logoUrl?: string;
}

const UNION_TREE: UnionSeed[] = [
  {
    key: 'city',
    parent: null,
    level: 'city',
    name: '星城市总工会',
    shortName: '星城市总工会',
    themeColor: '#C8102E',
    slogan: '职工之家 温暖你我',
  },
  {
    key: 'east',
    parent: 'city',
    level: 'district',
    name: '星城市东湖区总工会',
    shortName: '东湖区总工会',
    themeColor: '#C8102E',
  },
  {
    key: 'west',
    parent: 'city',
    level: 'district',
    name: '星城市西山区总工会',
    shortName: '西山区总工会',
    themeColor: '#C8102E',
  },
  {
    key: 'eastStreet',
    parent: 'east',
    level: 'street',
    name: '东湖区湖滨街道总工会',
    shortName: '湖滨街道工会',
    themeColor: '#C8102E',
  },
  {
    key: 'westTown',
    parent: 'west',
    level: 'street',
    name: '西山区青石镇总工会',
    shortName: '青石镇工会',
    themeColor: '#C8102E',
  },
  {
    key: 'xinghuo',
    parent: 'eastStreet',
    level: 'grassroots',
    name: '星火电子科技有限公司工会委员会',
    shortName: '星火电子工会',
    themeColor: '#C8102E',
    slogan: '星火相传 匠心筑梦',
  },
  {
    key: 'school',
    parent: 'eastStreet',
    level: 'grassroots',
    name: '东湖区第一中学工会委员会',
    shortName: '东湖一中工会',
    themeColor: '#1E6FD9',
    slogan: '立德树人 幸福教工',
    logoUrl: SCHOOL_LOGO,
  },
  {
    key: 'logistics',
    parent: 'westTown',
    level: 'grassroots',
    name: '青石物流有限公司工会委员会',
    shortName: '青石物流工会',
    themeColor: '#0F9D58',
    slogan: '货畅其流 心向职工',
  },
];

/** Named people every demo and test refers to. */
const NAMED: {
  key: string;
  name: string;
  union: UnionKey;
  member?: boolean;
  roles?: (typeof roleGrants.$inferSelect)['role'][];
}[] = [
  { key: 'zhangWei', name: '张伟', union: 'xinghuo', member: true },
  { key: 'wangFang', name: '王芳', union: 'xinghuo', member: true, roles: ['chair'] },
  { key: 'liQiang', name: '李强', union: 'xinghuo', member: true, roles: ['vice_chair'] },
  { key: 'liNa', name: '李娜', union: 'xinghuo', member: true, roles: ['finance'] },
  { key: 'liuYang', name: '刘洋', union: 'xinghuo', member: true, roles: ['service_staff'] },
  { key: 'yangFan', name: '杨帆', union: 'school', member: true, roles: ['chair'] },
  { key: 'zhouJie', name: '周杰', union: 'logistics', member: true, roles: ['chair'] },
  { key: 'chenJing', name: '陈静', union: 'east', roles: ['federation_admin'] },
  { key: 'sunLi', name: '孙丽', union: 'west', roles: ['federation_admin'] },
  { key: 'zhaoLei', name: '赵磊', union: 'city', roles: ['federation_admin'] },
];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const GIVEN = [
  '建国',
  '秀英',
  '志强',
  '丽华',
  '海燕',
  '俊杰',
  '文博',
  '雨桐',
  '子涵',
  '浩然',
  '思远',
  '欣怡',
  '明辉',
  '晓梅',
  '国庆',
  '春梅',
  '永刚',
  '玉兰',
  '佳琪',
  '宇航',
  '梓萱',
  '嘉怡',
  '博文',
  '慧敏',
];

/** Deterministic demo names, so a seed rebuilt is the same seed. */
function demoName(i: number): string {
  return SURNAMES[(i * 7) % SURNAMES.length] + GIVEN[(i * 5 + Math.floor(i / SURNAMES.length)) % GIVEN.length];
}

const MEMBER_COUNTS: Record<SeedBase['membersOf'] extends Record<infer K, unknown> ? K & string : never, number> = {
  xinghuo: 56,
  school: 18,
  logistics: 14,
};

async function seedFoundation(tx: Db): Promise<SeedBase> {
  const ids = {} as SeedBase['unions'];
  const paths = {} as Record<UnionKey, string>;
  for (const u of UNION_TREE) {
    const [row] = await tx
      .execute(sql`SELECT gen_random_uuid() AS id`)
      .then((r) => (r as unknown as { rows: { id: string }[] }).rows);
    ids[u.key] = row.id;
    paths[u.key] = (u.parent ? paths[u.parent] : '/') + row.id + '/';
    await tx.insert(unions).values({
      id: row.id,
      parentId: u.parent ? ids[u.parent] : null,
      level: u.level,
      code: u.key,
      name: u.name,
      shortName: u.shortName,
      path: paths[u.key],
      themeColor: u.themeColor,
      slogan: u.slogan ?? null,
      logoUrl: u.logoUrl ?? null,
    });
  }
  const base: SeedBase = { unions: ids, people: {}, membersOf: { xinghuo: [], school: [], logistics: [] } };
  let memberSeq = 0;
  const join = async (personId: string, unionKey: UnionKey) => {
    memberSeq++;
    await tx.insert(members).values({
      personId,
      unionId: ids[unionKey],
      memberNo: `XC${String(100000 + memberSeq)}`,
      status: 'active',
      joinedAt: new Date(Date.UTC(2020 + (memberSeq % 5), memberSeq % 12, 1 + (memberSeq % 27), 2)),
    });
    base.membersOf[unionKey as keyof SeedBase['membersOf']].push(personId);
  };
  for (const p of NAMED) {
    const [row] = await tx.insert(people).values({ name: p.name }).returning({ id: people.id });
    base.people[p.key] = row.id;
    if (p.member) await join(row.id, p.union);
    for (const role of p.roles ?? []) await tx.insert(roleGrants).values({ personId: row.id, unionId: ids[p.union], role });
  }
  let n = 0;
  for (const [unionKey, count] of Object.entries(MEMBER_COUNTS) as [keyof SeedBase['membersOf'], number][]) {
    for (let i = 0; i < count; i++, n++) {
      const [row] = await tx
        .insert(people)
        .values({ name: demoName(n) })
        .returning({ id: people.id });
      await join(row.id, unionKey);
    }
  }
  await tx.execute(sql`SELECT setval('member_no_seq', ${100001 + memberSeq})`);
  return base;
}

/** True when the database holds no union yet (first start). */
export async function isEmpty(db: Db): Promise<boolean> {
  const res = (await db.execute(sql`SELECT count(*)::int AS n FROM unions`)) as unknown as { rows: { n: number }[] };
  return Number(res.rows[0].n) === 0;
}

/** Drop everything in the current schema and re-apply the migrations. */
export async function resetDatabase(db: Db): Promise<void> {
  if (isProduction()) throw new Error('The database is never reset when NODE_ENV=production');
  const res = (await db.execute(sql`SELECT current_schema() AS s`)) as unknown as { rows: { s: string }[] };
  const schemaName = res.rows[0].s;
  await db.execute(sql.raw(`DROP SCHEMA "${schemaName}" CASCADE`));
  await db.execute(sql.raw(`CREATE SCHEMA "${schemaName}"`));
  await migrate(db);
}

/** The demo federation, in one transaction: all of it or none of it. */
export async function seedDemo(db: Db, now: Date = new Date()): Promise<SeedBase> {
  if (isProduction()) throw new Error('Demo data is never seeded when NODE_ENV=production');
  return db.transaction(async (tx) => {
    const base = await seedFoundation(tx);
    await seedMembership(tx, base, now);
    await seedAid(tx, base, now);
    await seedCongress(tx, base, now);
    await seedBooking(tx, base, now);
    return base;
  });
}
