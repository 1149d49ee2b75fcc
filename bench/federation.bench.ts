import { sql } from 'drizzle-orm';
import { rows, type Db } from '../cloudfunctions/core/db/client';
import { refreshFederationStats } from '../cloudfunctions/core/federation/rollup';
import { loadAverage, summarize, withGateway, type BenchHost } from './support';
import { functionOf } from '@shared/contracts';

/**
 * `npm run bench -- federation` (BENCH_DATABASE_URL=postgres://… for the provincial figures; PGlite by default runs
 * a tenth of it): generates a province in SQL (generate_series, one statement per table) — 1 province, 16 cities,
 * 150 districts, 1,000 streets, 5,000 grassroots unions, 1,000,000 members with a year of joins, 50,000 claims,
 * 200,000 bookings, 500 congresses — rebuilds the rolled-up figures once (what the timer does), then times over
 * HTTP through the gateway: the province, a city and a district overview, a union's directory (search, filter,
 * page), a member's detail, and the export of a 10,000-member union.
 */
const SCALE = Number(process.env.BENCH_FEDERATION_SCALE ?? (process.env.BENCH_DATABASE_URL ? 1 : 0.1));
const N = {
  cities: 16,
  districts: 150,
  streets: 1000,
  unions: 5000,
  members: Math.round(1_000_000 * SCALE),
  claims: Math.round(50_000 * SCALE),
  bookings: Math.round(200_000 * SCALE),
  congresses: 500,
  bigUnion: Math.round(10_000 * SCALE),
};

const exec = (db: Db, q: ReturnType<typeof sql>) => db.execute(q);

async function level(db: Db, level: string, count: number, parentCode: string, prefix: string, parents: number) {
  await exec(
    db,
    sql`INSERT INTO unions (id, parent_id, level, code, name, short_name, path, created_at)
        SELECT x.id, p.id, ${level}, ${prefix} || x.g, ${prefix} || x.g || '工会', ${prefix} || x.g, p.path || x.id || '/',
               now() - (x.g % 700) * interval '1 day'
        FROM (SELECT gen_random_uuid() AS id, g FROM generate_series(0, ${count - 1}) g) x
        JOIN (SELECT id, path, row_number() OVER (ORDER BY code) - 1 AS rn FROM unions WHERE code LIKE ${parentCode + '%'}) p
          ON p.rn = x.g % ${parents}`,
  );
}

/** The province in SQL; returns seconds per step. */
async function generate(db: Db): Promise<Record<string, number>> {
  const took: Record<string, number> = {};
  const step = async (name: string, work: () => Promise<unknown>) => {
    const t = performance.now();
    await work();
    took[name] = Math.round(performance.now() - t) / 1000;
  };
  await step('tree', async () => {
    await exec(
      db,
      sql`INSERT INTO unions (id, level, code, name, short_name, path)
          SELECT id, 'province', 'P', '齐鲁省总工会', '省总工会', '/' || id || '/' FROM (SELECT gen_random_uuid() AS id) x`,
    );
    await level(db, 'city', N.cities, 'P', 'P-C', 1);
    await level(db, 'district', N.districts, 'P-C', 'P-D', N.cities);
    await level(db, 'street', N.streets, 'P-D', 'P-S', N.districts);
    await level(db, 'grassroots', N.unions, 'P-S', 'P-G', N.streets);
    await exec(
      db,
      sql`CREATE UNLOGGED TABLE bench_g AS SELECT id, row_number() OVER (ORDER BY code) - 1 AS rn FROM unions WHERE level = 'grassroots' AND code LIKE 'P-G%'`,
    );
    await exec(db, sql`CREATE INDEX ON bench_g (rn)`);
  });
  // union 0 is the big one (N.bigUnion members); the rest spread evenly over the other 4,999
  await step('people+members', async () => {
    await exec(
      db,
      sql`INSERT INTO people (id, name, phone_last4)
          SELECT md5('bench-p' || g)::uuid,
                 substr('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗', g % 20 + 1, 1) || substr('伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平', (g / 20) % 20 + 1, 1)
                   || substr('华建国英玉兰志红', (g / 400) % 8 + 1, 1),
                 lpad((g % 10000)::text, 4, '0')
          FROM generate_series(1, ${N.members}) g`,
    );
    await exec(
      db,
      sql`INSERT INTO members (person_id, union_id, member_no, status, joined_at, left_at)
          SELECT md5('bench-p' || g)::uuid,
                 (SELECT id FROM bench_g WHERE rn = CASE WHEN g <= ${N.bigUnion} THEN 0 ELSE 1 + g % ${N.unions - 1} END),
                 'P' || lpad(g::text, 8, '0'),
                 CASE WHEN g % 100 = 1 THEN 'pending' WHEN g % 100 = 2 THEN 'left' WHEN g % 100 = 3 THEN 'transferred' ELSE 'active' END,
                 CASE WHEN g % 100 = 1 THEN NULL ELSE now() - (g % 365) * interval '1 day' END,
                 CASE WHEN g % 100 IN (2, 3) THEN now() - (g % 30) * interval '1 day' END
          FROM generate_series(1, ${N.members}) g`,
    );
    await exec(
      db,
      sql`INSERT INTO applications (union_id, person_id, member_id, name, match, status, created_at)
          SELECT m.union_id, m.person_id, m.id, '申请人', 'union', 'pending', now() - (hashtext(m.member_no) & 15) * interval '1 day'
          FROM members m WHERE m.status = 'pending' AND m.member_no LIKE 'P%'`,
    );
  });
  await step('claims', async () => {
    await exec(
      db,
      sql`INSERT INTO aid_plans (union_id, year, name, enrol_starts_on, enrol_ends_on, contribution_fen)
          SELECT id, extract(year FROM now())::int, '省职工医疗互助', date_trunc('year', now())::date, date_trunc('year', now())::date + 60, 3000
          FROM unions WHERE code = 'P'`,
    );
    await exec(
      db,
      sql`INSERT INTO aid_payout_batches (batch_no, union_id, claim_count, total_fen, created_at)
          SELECT 'P-B1', id, 1, 0, now() FROM unions WHERE code = 'P'`,
    );
    await exec(
      db,
      sql`INSERT INTO aid_claims (claim_no, plan_id, person_id, union_id, status, approved_fen, batch_id, submitted_at, paid_at)
          SELECT 'P-HZ' || g, (SELECT id FROM aid_plans WHERE name = '省职工医疗互助'), m.person_id, m.union_id,
                 (ARRAY['submitted','returned','officer_approved','federation_approved','paid','paid','paid','rejected'])[g % 8 + 1],
                 CASE WHEN g % 8 BETWEEN 2 AND 6 THEN 100000 + g % 5000 END,
                 CASE WHEN g % 8 BETWEEN 4 AND 6 THEN (SELECT id FROM aid_payout_batches WHERE batch_no = 'P-B1') END,
                 now() - (g % 300) * interval '1 day',
                 CASE WHEN g % 8 BETWEEN 4 AND 6 THEN now() - (g % 200) * interval '1 day' END
          FROM generate_series(1, ${N.claims}) g
          JOIN members m ON m.member_no = 'P' || lpad((g * 19 % ${N.members} + 1)::text, 8, '0')`,
    );
  });
  await step('bookings', async () => {
    const services = Math.round(N.bookings / 400);
    await exec(
      db,
      sql`INSERT INTO booking_services (union_id, name, slot_minutes, capacity, template, release_weekday, release_time,
                                        weekly_limit, cancel_minutes_before, no_show_limit, no_show_window_days, suspend_days)
          SELECT (SELECT id FROM bench_g WHERE rn = g * 10), '理发屋', 30, 10, '[]'::jsonb, 1, '12:00', 2, 60, 2, 30, 14
          FROM generate_series(0, ${services - 1}) g`,
    );
    // 40 slots of 10 places per service, every place booked
    await exec(
      db,
      sql`INSERT INTO booking_slots (service_id, week_start, day, starts_at, ends_at, capacity, booked, released_at)
          SELECT s.id, (now() - k * interval '7 days')::date, (now() - k * interval '7 days')::date,
                 now() - k * interval '7 days', now() - k * interval '7 days' + interval '30 minutes', 10, 10, now() - interval '400 days'
          FROM booking_services s CROSS JOIN generate_series(1, 40) k WHERE s.name = '理发屋'`,
    );
    await exec(
      db,
      sql`INSERT INTO booking_bookings (slot_id, service_id, person_id, week_start, status, code)
          SELECT sl.id, sl.service_id, md5('bench-p' || (row_number() OVER () * 7 % ${N.members} + 1))::uuid, sl.week_start,
                 (ARRAY['attended','attended','attended','no_show','booked','cancelled'])[(row_number() OVER ()) % 6 + 1],
                 'PB' || row_number() OVER ()
          FROM booking_slots sl JOIN booking_services s ON s.id = sl.service_id CROSS JOIN generate_series(1, 10) p
          WHERE s.name = '理发屋'`,
    );
  });
  await step('congresses', async () => {
    await exec(
      db,
      sql`INSERT INTO congresses (union_id, title, starts_at, status, ended_at)
          SELECT (SELECT id FROM bench_g WHERE rn = g * 10 + 1), '职工代表大会', now() - (g % 300) * interval '1 day', 'ended', now()
          FROM generate_series(0, ${N.congresses - 1}) g`,
    );
    await exec(
      db,
      sql`INSERT INTO congress_delegates (congress_id, person_id, checked_in_at)
          SELECT c.id, m.person_id, CASE WHEN hashtext(m.member_no) % 10 <> 0 THEN c.starts_at END
          FROM congresses c CROSS JOIN LATERAL (SELECT person_id, member_no FROM members WHERE union_id = c.union_id LIMIT 20) m
          WHERE c.title = '职工代表大会'`,
    );
    await exec(
      db,
      sql`INSERT INTO congress_votes (congress_id, position, kind, title, seats, status)
          SELECT id, 1, 'election', '选举工会委员会', 5, 'published' FROM congresses WHERE title = '职工代表大会'`,
    );
  });
  await step('analyze', () => exec(db, sql`ANALYZE`));
  return took;
}

async function time(label: string, n: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await fn(i); // warm up
  const lat: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    lat.push(performance.now() - t);
  }
  const s = [...lat].sort((a, b) => a - b);
  const p95 = s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
  const { p50, max } = summarize(lat);
  console.log(`${label.padEnd(34)} p50 ${p50.toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  max ${max.toFixed(1)} ms  (n=${n})`);
}

async function measure(host: BenchHost) {
  const { db, ok } = host;
  const pick = async (q: ReturnType<typeof sql>) => (await rows<{ id: string }>(db, q)).map((r) => r.id);
  const [province] = await pick(sql`SELECT id FROM unions WHERE code = 'P'`);
  const cities = await pick(sql`SELECT id FROM unions WHERE code LIKE 'P-C%' ORDER BY code`);
  const districts = await pick(sql`SELECT id FROM unions WHERE code LIKE 'P-D%' ORDER BY code`);
  const [big] = await pick(sql`SELECT id FROM bench_g WHERE rn = 0`);
  const [admin] = await pick(
    sql`WITH p AS (INSERT INTO people (name) VALUES ('省管理员') RETURNING id),
             g AS (INSERT INTO role_grants (person_id, union_id, role) SELECT p.id, ${province}, 'federation_admin' FROM p)
        SELECT id FROM p`,
  );
  const members = await pick(sql`SELECT id FROM members WHERE union_id = ${big} ORDER BY member_no LIMIT 200`);

  let t = performance.now();
  await db.transaction((tx) => refreshFederationStats(tx, new Date()));
  console.log(`rollup rebuild (the timer's work)   ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const call = (action: string, input: unknown) => ok(functionOf(action), admin, action, input);
  await time('province overview', 40, () => call('unions.overview', { unionId: province }));
  await time('city overview', 40, (i) => call('unions.overview', { unionId: cities[i % cities.length] }));
  await time('district drill-down', 40, (i) => call('unions.overview', { unionId: districts[(i * 7) % districts.length] }));
  const dir = (input: object) => call('unions.memberDirectory', { unionId: big, page: 1, pageSize: 20, ...input });
  await time('directory page (10k union)', 40, (i) => dir({ page: 1 + (i % 20), status: 'active' }));
  await time('directory search by name', 40, (i) => dir({ q: ['王伟', '李芳', '张', '陈静华'][i % 4] }));
  await time('directory search by member no.', 40, (i) => dir({ q: `P0000${String(100 + i * 37).padStart(4, '0')}` }));
  await time('member detail', 40, (i) => call('unions.memberDetail', { memberId: members[i % members.length] }));
  t = performance.now();
  const x = await call('membership.exportMembers', { unionId: big });
  console.log(
    `export ${x.rows} members (.xlsx)`.padEnd(34),
    `${Math.round(performance.now() - t)} ms, ${Math.round(x.contentBase64.length / 1024)} KB base64`,
  );
}

export async function run(): Promise<void> {
  console.log(`load average ${loadAverage()}`);
  await withGateway('federation', { poolSize: 10 }, async (host) => {
    console.log(`engine ${host.engine}, scale ${SCALE}: ${JSON.stringify(N)}`);
    const t = performance.now();
    const took = await generate(host.db);
    console.log(`generation ${((performance.now() - t) / 1000).toFixed(1)} s`, took);
    await measure(host);
  });
}
