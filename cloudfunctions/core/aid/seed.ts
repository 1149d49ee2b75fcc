import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import type { SeedBase } from '../db/seed-base';
import { shanghai } from '../clock';
import { calculateBenefit, defaultRules, yuan, type AidCategory, type HospitalLevel } from '@shared/domain/aid/benefit';
import type { ClaimStatus } from '@shared/contracts/aid';
import { encryptText, maskBankAccount } from './storage';
import { sealText } from './sealed-text';

/** Stand-in bytes for the demo invoices' metadata. */
const TINY_JPEG =
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=';

interface DemoClaim {
  person: string;
  status: ClaimStatus;
  category: AidCategory;
  hospital: string;
  level: HospitalLevel;
  admitted: string;
  days: number;
  total: number;
  insurance: number;
  selfPaid: number;
  diagnosis: string;
  note?: string;
}

/**
 * Demo data: the 东湖区总工会 runs the year's 职工医疗互助 plan for its whole subtree; every 星火电子工会
 * member is enrolled; a handful of claims sit in each state (张伟 has only a draft, to file himself).
 */
export async function seedAid(tx: Db, base: SeedBase, now: Date): Promise<void> {
  const year = shanghai(now).year();
  const rules = defaultRules();
  const [plan] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO aid_plans (union_id, year, name, enrol_starts_on, enrol_ends_on, contribution_fen, created_at)
        VALUES (${base.unions.east}, ${year}, ${`${year} 年度职工医疗互助计划`}, ${`${year}-01-01`}, ${`${year}-12-31`}, 3000, ${now.toISOString()}) RETURNING id`,
  );
  const [v] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO aid_plan_versions (plan_id, version, rules, created_by, created_at)
        VALUES (${plan.id}, 1, ${JSON.stringify(rules)}::jsonb, ${base.people.chenJing}, ${now.toISOString()}) RETURNING id`,
  );
  await tx.execute(sql`UPDATE aid_plans SET current_version_id = ${v.id} WHERE id = ${plan.id}`);
  await tx.execute(sql`INSERT INTO aid_enrolments (plan_id, year, person_id, union_id, enrolled_on, contribution_fen, enrolled_by)
    SELECT ${plan.id}, ${year}, person_id, union_id, ${`${year}-01-05`}, 3000, ${base.people.wangFang}
    FROM members WHERE union_id = ${base.unions.xinghuo} AND status = 'active'`);

  const others = base.membersOf.xinghuo.filter((id) => !Object.values(base.people).includes(id));
  const m = (month: number, day: number) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const demo: DemoClaim[] = [
    {
      person: others[0],
      status: 'submitted',
      category: 'inpatient',
      hospital: '星城市第一人民医院',
      level: '3',
      admitted: m(6, 3),
      days: 9,
      total: 3_860_000,
      insurance: 2_420_000,
      selfPaid: 1_200_000,
      diagnosis: '急性阑尾炎（阑尾切除术后）',
    },
    {
      person: others[1],
      status: 'submitted',
      category: 'outpatient_special',
      hospital: '东湖区人民医院',
      level: '2',
      admitted: m(7, 12),
      days: 1,
      total: 420_000,
      insurance: 260_000,
      selfPaid: 150_000,
      diagnosis: '2 型糖尿病（门诊特殊病）',
    },
    {
      person: others[2],
      status: 'officer_approved',
      category: 'inpatient',
      hospital: '东湖区人民医院',
      level: '2',
      admitted: m(5, 20),
      days: 6,
      total: 1_650_000,
      insurance: 1_050_000,
      selfPaid: 520_000,
      diagnosis: '社区获得性肺炎',
    },
    {
      person: others[3],
      status: 'officer_approved',
      category: 'inpatient',
      hospital: '星城市中心医院',
      level: '3',
      admitted: m(8, 2),
      days: 14,
      total: 6_800_000,
      insurance: 4_300_000,
      selfPaid: 2_100_000,
      diagnosis: '腰椎间盘突出症（手术）',
    },
    {
      person: others[4],
      status: 'federation_approved',
      category: 'inpatient',
      hospital: '星城市第一人民医院',
      level: '3',
      admitted: m(4, 18),
      days: 12,
      total: 5_200_000,
      insurance: 3_400_000,
      selfPaid: 1_600_000,
      diagnosis: '冠心病（支架植入术）',
    },
    {
      person: others[5],
      status: 'paid',
      category: 'accident',
      hospital: '湖滨街道社区卫生服务中心',
      level: '1',
      admitted: m(3, 9),
      days: 1,
      total: 180_000,
      insurance: 0,
      selfPaid: 180_000,
      diagnosis: '左手指骨折',
    },
    {
      person: others[6],
      status: 'returned',
      category: 'inpatient',
      hospital: '东湖区人民医院',
      level: '2',
      admitted: m(9, 1),
      days: 5,
      total: 980_000,
      insurance: 640_000,
      selfPaid: 300_000,
      diagnosis: '胆囊结石',
      note: '请补充出院小结（需加盖医院公章）',
    },
    {
      person: others[7],
      status: 'rejected',
      category: 'outpatient_special',
      hospital: '东湖区人民医院',
      level: '2',
      admitted: m(2, 10),
      days: 1,
      total: 120_000,
      insurance: 60_000,
      selfPaid: 55_000,
      diagnosis: '高血压',
      note: '就诊日期在等待期内，不在互助范围',
    },
  ];
  let batch: string | null = null;
  for (const d of demo) {
    const b = calculateBenefit(
      rules,
      {
        category: d.category,
        hospitalLevel: d.level,
        totalCostFen: d.total,
        insuranceCoveredFen: d.insurance,
        selfPaidFen: d.selfPaid,
      },
      0,
    );
    const approved = ['officer_approved', 'federation_approved', 'paid'].includes(d.status) ? b.payableFen : null;
    const needsFed = approved !== null && approved > rules.federationThresholdFen;
    const status = d.status === 'officer_approved' && needsFed ? 'officer_approved' : d.status;
    const account = `62220219${String(10000000000 + demo.indexOf(d) * 7919).slice(-11)}`;
    const discharged = shanghai(`${d.admitted}T00:00:00+08:00`).add(d.days, 'day').format('YYYY-MM-DD');
    const submittedAt = shanghai(`${discharged}T10:00:00+08:00`).add(3, 'day').toDate();
    if (status === 'paid' && !batch) {
      const [pb] = await rows<{ id: string }>(
        tx,
        sql`INSERT INTO aid_payout_batches (batch_no, union_id, claim_count, total_fen, created_by, created_at,
              bank_paid_on, bank_reference, confirmed_by, confirmed_at)
            VALUES (${`ZF${year}0420DEMO`}, ${base.unions.xinghuo}, 1, ${approved}, ${base.people.liNa}, ${submittedAt.toISOString()},
              ${shanghai(submittedAt).format('YYYY-MM-DD')}, 'HD20260420001', ${base.people.liNa}, ${submittedAt.toISOString()}) RETURNING id`,
      );
      batch = pb.id;
    }
    const [c] = await rows<{ id: string }>(
      tx,
      sql`INSERT INTO aid_claims (claim_no, plan_id, plan_version_id, person_id, union_id, status, category, hospital, hospital_level, admitted_on, discharged_on,
            total_cost_fen, insurance_covered_fen, self_paid_fen, diagnosis, bank_name, bank_account_enc, bank_account_masked, claimed_fen, approved_fen,
            breakdown, needs_federation, return_reason, reject_reason, batch_id, submitted_at, paid_at, created_at, updated_at)
          VALUES ('HZ' || ${year} || '-' || nextval('aid_claim_no_seq'), ${plan.id}, ${v.id}, ${d.person}, ${base.unions.xinghuo}, ${status}, ${d.category}, ${await sealText(d.hospital)},
            ${d.level}, ${d.admitted}, ${discharged}, ${d.total}, ${d.insurance}, ${d.selfPaid}, ${await sealText(d.diagnosis)}, '中国工商银行星城东湖支行',
            ${await encryptText(account)}, ${maskBankAccount(account)}, ${b.payableFen}, ${approved}, ${JSON.stringify(b)}::jsonb, ${needsFed},
            ${status === 'returned' ? d.note! : null}, ${status === 'rejected' ? d.note! : null}, ${status === 'paid' ? batch : null},
            ${submittedAt.toISOString()}, ${status === 'paid' ? submittedAt.toISOString() : null}, ${submittedAt.toISOString()}, ${submittedAt.toISOString()})
          RETURNING id`,
    );
    const at = submittedAt.toISOString();
    const ev = async (from: ClaimStatus | null, to: ClaimStatus, actor: string, note: string | null) =>
      tx.execute(
        sql`INSERT INTO aid_claim_events (claim_id, at, actor_id, from_status, to_status, note) VALUES (${c.id}, ${at}, ${actor}, ${from}, ${to}, ${note})`,
      );
    await ev('draft', 'submitted', d.person, `申请互助金 ${yuan(b.payableFen)} 元`);
    if (status === 'returned' || status === 'rejected') await ev('submitted', status, base.people.wangFang, d.note!);
    if (approved !== null) {
      await ev(
        'submitted',
        'officer_approved',
        base.people.wangFang,
        `核定互助金 ${yuan(approved)} 元${needsFed ? '，报上级总工会审批' : ''}`,
      );
      if (needsFed && status !== 'officer_approved')
        await ev('officer_approved', 'federation_approved', base.people.chenJing, '总工会审批同意');
      if (status === 'paid')
        await ev(needsFed ? 'federation_approved' : 'officer_approved', 'paid', base.people.liNa, `已发放 ${yuan(approved)} 元`);
      await tx.execute(sql`INSERT INTO aid_usage (plan_id, person_id, category, approved_fen) VALUES (${plan.id}, ${d.person}, ${d.category}, ${approved})
        ON CONFLICT (plan_id, person_id, category) DO UPDATE SET approved_fen = aid_usage.approved_fen + EXCLUDED.approved_fen`);
    }
    // Metadata only: the demo file itself is not written anywhere (its link answers 404 文件不存在).
    const bytes = Buffer.from(TINY_JPEG, 'base64');
    await tx.execute(sql`INSERT INTO aid_attachments (claim_id, kind, file_name, mime, size_bytes, sha256, storage_key)
      VALUES (${c.id}, 'invoice', '医疗费用发票.jpg', 'image/jpeg', ${bytes.length}, ${crypto.createHash('sha256').update(bytes).digest('hex')}, ${`demo/${c.id}.jpg`})`);
  }
  // 张伟: one unfinished draft of his own (a recent stay, when it falls after the waiting period).
  const admitted = shanghai(now).subtract(20, 'day');
  const inPlan = admitted.year() === year && admitted.format('YYYY-MM-DD') >= m(4, 5);
  const [z] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO aid_claims (claim_no, plan_id, person_id, union_id, status, category, hospital, hospital_level, admitted_on, discharged_on, created_at, updated_at)
        VALUES ('HZ' || ${year} || '-' || nextval('aid_claim_no_seq'), ${plan.id}, ${base.people.zhangWei}, ${base.unions.xinghuo}, 'draft', 'inpatient',
                ${await sealText('星城市第一人民医院')}, '3', ${inPlan ? admitted.format('YYYY-MM-DD') : null}, ${inPlan ? admitted.add(9, 'day').format('YYYY-MM-DD') : null},
                ${now.toISOString()}, ${now.toISOString()}) RETURNING id`,
  );
  await tx.execute(
    sql`INSERT INTO aid_claim_events (claim_id, at, actor_id, from_status, to_status, note) VALUES (${z.id}, ${now.toISOString()}, ${base.people.zhangWei}, NULL, 'draft', '创建申请草稿')`,
  );
}
