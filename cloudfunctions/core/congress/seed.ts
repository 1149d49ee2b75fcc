import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import type { SeedBase } from '../db/seed-base';

const CVS = [
  '1985年生，中共党员，本科学历。2009年入职，历任生产一部班组长、工段长，现任生产一部副经理。连续三年获公司优秀员工，牵头成立“星火创新工作室”。',
  '1990年生，本科学历。2013年入职，质量部工程师，负责来料检验与质量改进，主持完成QC小组课题3项，获市级质量管理小组成果二等奖。',
  '1982年生，中共党员，大专学历。2005年入职，仓储物流部主管，长期负责职工互助保障联络工作，热心为职工办实事。',
  '1988年生，硕士研究生。2014年入职，研发中心高级工程师，获授权发明专利5项，兼任公司青年职工联谊会会长。',
  '1979年生，中共党员，本科学历。2002年入职，人力资源部经理，参与制定公司集体合同和工资专项集体合同。',
  '1993年生，本科学历。2016年入职，SMT车间技术员，市级“技术能手”，多次参加职工技能竞赛并获奖。',
];

/**
 * Demo: the 2026 worker congress of 星火电子工会, ready for check-in. 30 delegates (张伟, 王芳, 李强, 李娜 and 26
 * members); 20 of the others already checked in so one more check-in meets the quorum (> 2/3 of 30).
 * Agenda: a resolution, then an election of 5 committee members from 6 candidates (listed on the ballot by
 * 姓氏笔画 whatever the order here: see inStrokeOrder).
 */
export async function seedCongress(tx: Db, base: SeedBase, now: Date): Promise<void> {
  const unionId = base.unions.xinghuo;
  const p = base.people;
  const named = [p.zhangWei, p.wangFang, p.liQiang, p.liNa];
  const scrutineers = [p.liuYang];
  const others = base.membersOf.xinghuo.filter((id) => !named.includes(id) && !scrutineers.includes(id));
  const candidates = others.slice(0, 6);
  const counter = others[6];
  const delegates = [...named, ...others.slice(0, 26)];
  const starts = new Date(now);
  starts.setUTCHours(1, 30, 0, 0); // 09:30 in Shanghai, today

  const [c] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO congresses (union_id, title, starts_at, place, online, stream_url, documents, created_by)
        VALUES (${unionId}, '星火电子科技有限公司第三届职工代表大会第一次会议', ${starts.toISOString()}, '公司二楼大会议室（线上同步直播）', true,
          'https://live.example.com/xinghuo/zhidaihui-2026',
          ${JSON.stringify([
            {
              title: '工会工作报告',
              url: null,
              body: '过去一年，公司工会在上级工会和公司党委的领导下，围绕职工最关心的工资、安全和技能成长，开展了集体协商、技能竞赛、困难帮扶等工作……',
            },
            {
              title: '2026年度集体合同（草案）',
              url: null,
              body: '第一条 为维护职工合法权益，促进企业健康发展，依据《劳动法》《劳动合同法》《工会法》，经平等协商，订立本合同……',
            },
          ])}::jsonb,
          ${p.wangFang})
        RETURNING id`,
  );
  await tx.execute(
    sql`INSERT INTO congress_delegates (congress_id, person_id, checked_in_at)
        SELECT ${c.id}::uuid, d.id, CASE WHEN d.ord > 4 AND d.ord <= 24 THEN ${now.toISOString()}::timestamptz END
        FROM unnest(${`{${delegates.join(',')}}`}::uuid[]) WITH ORDINALITY AS d(id, ord)`,
  );
  await tx.execute(
    sql`INSERT INTO congress_scrutineers (congress_id, person_id, role) VALUES (${c.id}, ${p.liuYang}, 'monitor'), (${c.id}, ${counter}, 'counter')`,
  );
  await tx.execute(
    sql`INSERT INTO congress_votes (congress_id, position, kind, title, description)
        VALUES (${c.id}, 1, 'resolution', '审议通过《2026年度集体合同（草案）》', '请各位代表审阅会议文件后表决：赞成、反对或弃权。')`,
  );
  const [e] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO congress_votes (congress_id, position, kind, title, description, seats)
        VALUES (${c.id}, 2, 'election', '选举工会委员会委员', '应选 5 名，候选人 6 名，差额选举。每位代表赞成与另选他人合计不得超过 5 人。', 5)
        RETURNING id`,
  );
  const names = await rows<{ id: string; name: string }>(
    tx,
    sql`SELECT id, name FROM people WHERE id IN (${sql.join(
      candidates.map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  let i = 0;
  for (const id of candidates) {
    await tx.execute(
      sql`INSERT INTO congress_candidates (vote_id, person_id, name, cv, sort_key)
          VALUES (${e.id}, ${id}, ${nameOf.get(id)}, ${CVS[i]}, ${String(i + 1).padStart(3, '0')})`,
    );
    i++;
  }
}
