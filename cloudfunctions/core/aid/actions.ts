import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { defineAction, type ActionDef } from '../action';
import { rows } from '../db/client';
import { AppError, errors } from '../errors';
import { unionRef } from '../auth/access';
import { shanghai } from '../clock';
import {
  MAX_CLOUD_ATTACHMENT_BYTES,
  claimStatusNames,
  type BatchView,
  type ClaimStatus,
  type EnrolChoice,
} from '../../../src/contracts/aid';
import { aidCategoryNames, yuan, type ClaimAmounts } from '../../../src/domain/aid/benefit';
import {
  EDITABLE,
  canonicalJson,
  REVIEWERS,
  UNION_READERS,
  attachmentClaim,
  benefit,
  canSee,
  claimDetail,
  claimUnion,
  enrolmentOf,
  isPayable,
  listItems,
  loadClaim,
  loadPlan,
  num,
  planView,
  plansFor,
  recordEvent,
  seesMedical,
  NON_MEDICAL_KINDS,
  todayIn,
  transition,
  usageOf,
  uuidList,
  type ClaimRow,
} from './service';
import { excel } from '../excel';
import { fieldLabels } from '../../../src/contracts/labels';
import { sealText } from './sealed-text';
import { SEALED_MEDICAL_COLUMNS } from './reseal';
import { appendChunk, cancelUpload, claimOpenForFiles, finishUpload, startUpload, storeAttachment, uploadUnion } from './uploads';
import {
  attachmentStorage,
  checkUpload,
  decodeBase64,
  decryptText,
  encryptText,
  maskBankAccount,
  signAttachmentToken,
  LINK_TTL_SECONDS,
} from './storage';

/** A CloudBase fileID in the caller's own upload folder: cloud://<env>/aid-uploads/<personId>/<name>. */
const clientUploadPattern = (personId: string) => new RegExp(`^cloud://[^/]+/aid-uploads/${personId}/[A-Za-z0-9._-]+$`);

const mustRef = async (tx: Parameters<typeof unionRef>[0], id: string) => {
  const u = await unionRef(tx, id);
  if (!u) throw errors.notFound('工会');
  return u;
};

/** Owner-only actions: the caller must be the applicant (the role check already put them in the claim's union). */
function ownClaim(claim: ClaimRow, personId: string | null) {
  if (claim.person_id !== personId) throw errors.forbidden();
}

/** The one enrolment-window rule, for members enrolling themselves and officers enrolling a list; returns today. */
function enrolmentOpen(plan: { enrol_starts_on: string; enrol_ends_on: string }, now: Date): string {
  const today = todayIn(now);
  if (today < plan.enrol_starts_on || today > plan.enrol_ends_on)
    throw new AppError('ENROLMENT_CLOSED', `参保时间为 ${plan.enrol_starts_on} 至 ${plan.enrol_ends_on}`);
  return today;
}

function amountsOf(c: ClaimRow): ClaimAmounts {
  return {
    category: c.category!,
    hospitalLevel: c.hospital_level!,
    totalCostFen: Number(c.total_cost_fen),
    insuranceCoveredFen: Number(c.insurance_covered_fen),
    selfPaidFen: Number(c.self_paid_fen),
  };
}

async function rulesOfVersion(tx: Parameters<typeof rows>[0], versionId: string) {
  const [v] = await rows<{ rules: import('../../../src/contracts/aid').PlanRules; plan_year: number; version: number }>(
    tx,
    sql`SELECT v.rules, v.version, p.year AS plan_year FROM aid_plan_versions v JOIN aid_plans p ON p.id = v.plan_id WHERE v.id = ${versionId}`,
  );
  return v;
}

export const aidActions: ActionDef[] = [
  defineAction('aid.plans', {
    readOnly: true,
    allow: ['member', 'chair', 'vice_chair', 'finance', 'federation_admin'],
    scope: (_tx, input, access) => input.unionId ?? access.memberUnionId(),
    async handler({ tx, union, caller }) {
      const list = await plansFor(tx, union!.path);
      const plans = [];
      for (const p of list) {
        const view = planView(p);
        const e = caller.personId ? await enrolmentOf(tx, p.id, caller.personId) : null;
        view.enrolled = e ? { enrolledOn: e.enrolled_on, usedFen: await usageOf(tx, p.id, caller.personId!) } : null;
        const [n] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM aid_enrolments WHERE plan_id = ${p.id}`);
        view.enrolledCount = Number(n.n);
        plans.push(view);
      }
      return { plans };
    },
  }),

  defineAction('aid.savePlan', {
    allow: ['chair', 'federation_admin'],
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input, caller, now, audit }) {
      if (input.enrolEndsOn < input.enrolStartsOn)
        throw new AppError('INVALID_INPUT', '参保截止日期不能早于开始日期', { enrolEndsOn: '参保截止日期：不能早于开始日期' });
      // enrolment for a plan year runs in that year or the one before it
      const [windowFrom, windowTo] = [`${input.year - 1}-01-01`, `${input.year}-12-31`];
      for (const f of ['enrolStartsOn', 'enrolEndsOn'] as const)
        if (input[f] < windowFrom || input[f] > windowTo)
          throw new AppError('INVALID_INPUT', `参保日期应在 ${windowFrom} 至 ${windowTo} 之间`, {
            [f]: `${fieldLabels[f]}：应在 ${windowFrom} 至 ${windowTo} 之间`,
          });
      let planId = input.planId;
      if (planId) {
        const [p] = await rows<{ union_id: string; year: number; current_version_id: string }>(
          tx,
          sql`SELECT union_id, year, current_version_id FROM aid_plans WHERE id = ${planId} FOR UPDATE`,
        );
        if (!p || p.union_id !== input.unionId) throw errors.notFound('互助计划');
        if (p.year !== input.year) throw new AppError('INVALID_INPUT', '计划年度不可修改', { year: '年度：不可修改' });
        await tx.execute(sql`UPDATE aid_plans SET name = ${input.name}, enrol_starts_on = ${input.enrolStartsOn},
          enrol_ends_on = ${input.enrolEndsOn}, contribution_fen = ${input.contributionFen} WHERE id = ${planId}`);
        const current = await rulesOfVersion(tx, p.current_version_id);
        if (canonicalJson(current.rules) !== canonicalJson(input.rules)) {
          const [v] = await rows<{ id: string; version: number }>(
            tx,
            sql`INSERT INTO aid_plan_versions (plan_id, version, rules, created_by, created_at)
                SELECT ${planId}, max(version) + 1, ${JSON.stringify(input.rules)}::jsonb, ${caller.personId}, ${now.toISOString()}
                FROM aid_plan_versions WHERE plan_id = ${planId} RETURNING id, version`,
          );
          await tx.execute(sql`UPDATE aid_plans SET current_version_id = ${v.id} WHERE id = ${planId}`);
        }
      } else {
        const [p] = await rows<{ id: string }>(
          tx,
          sql`INSERT INTO aid_plans (union_id, year, name, enrol_starts_on, enrol_ends_on, contribution_fen, created_at)
              VALUES (${input.unionId}, ${input.year}, ${input.name}, ${input.enrolStartsOn}, ${input.enrolEndsOn}, ${input.contributionFen}, ${now.toISOString()})
              ON CONFLICT (union_id, year) DO NOTHING RETURNING id`,
        );
        if (!p) throw new AppError('PLAN_EXISTS', `本工会 ${input.year} 年度已有互助计划，请修改原计划`);
        planId = p.id;
        const [v] = await rows<{ id: string }>(
          tx,
          sql`INSERT INTO aid_plan_versions (plan_id, version, rules, created_by, created_at)
              VALUES (${planId}, 1, ${JSON.stringify(input.rules)}::jsonb, ${caller.personId}, ${now.toISOString()}) RETURNING id`,
        );
        await tx.execute(sql`UPDATE aid_plans SET current_version_id = ${v.id} WHERE id = ${planId}`);
      }
      const plan = planView(await loadPlan(tx, planId));
      await audit({
        action: 'aid.savePlan',
        unionId: input.unionId,
        targetType: 'aid_plan',
        targetId: planId,
        detail: { version: plan.version },
      });
      return plan;
    },
  }),

  defineAction('aid.enrol', {
    allow: ['member'],
    scope: (_tx, _input, access) => access.memberUnionId(),
    async handler({ tx, input, caller, union, now, audit }) {
      const plan = await loadPlan(tx, input.planId);
      if (!union!.path.startsWith(plan.union_path)) throw new AppError('NOT_ELIGIBLE', '您所在工会不在该互助计划范围内');
      const today = enrolmentOpen(plan, now);
      const inserted = await rows(
        tx,
        sql`INSERT INTO aid_enrolments (plan_id, year, person_id, union_id, enrolled_on, contribution_fen, enrolled_by)
            VALUES (${plan.id}, ${plan.year}, ${caller.personId}, ${union!.id}, ${today}, ${plan.contribution_fen}, ${caller.personId})
            ON CONFLICT DO NOTHING RETURNING id`,
      );
      if (inserted.length === 0) throw new AppError('ALREADY_ENROLLED', `您已参加 ${plan.year} 年度互助计划`);
      await audit({ action: 'aid.enrol', unionId: union!.id, targetType: 'aid_plan', targetId: plan.id });
      const view = planView(plan);
      view.enrolled = { enrolledOn: today, usedFen: await usageOf(tx, plan.id, caller.personId!) };
      return view;
    },
  }),

  defineAction('aid.enrolMembers', {
    allow: ['chair', 'vice_chair'],
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input, caller, union, now, audit }) {
      const plan = await loadPlan(tx, input.planId);
      if (!union!.path.startsWith(plan.union_path)) throw new AppError('NOT_ELIGIBLE', '本工会不在该互助计划范围内');
      enrolmentOpen(plan, now);
      const ids = [...new Set(input.personIds)];
      const active = await rows<{ person_id: string }>(
        tx,
        sql`SELECT person_id FROM members WHERE union_id = ${union!.id} AND status = 'active' AND person_id IN ${uuidList(ids)}`,
      );
      if (active.length !== ids.length)
        throw new AppError('NOT_MEMBER', '名单中有人不是本工会在册会员', { personIds: '人员：含非本工会会员' });
      const inserted = await rows(
        tx,
        sql`INSERT INTO aid_enrolments (plan_id, year, person_id, union_id, enrolled_on, contribution_fen, enrolled_by)
            SELECT ${plan.id}, ${plan.year}, m.person_id, ${union!.id}, ${todayIn(now)}, ${plan.contribution_fen}, ${caller.personId}
            FROM members m WHERE m.union_id = ${union!.id} AND m.status = 'active' AND m.person_id IN ${uuidList(ids)}
            ON CONFLICT DO NOTHING RETURNING id`,
      );
      await audit({
        action: 'aid.enrolMembers',
        unionId: union!.id,
        targetType: 'aid_plan',
        targetId: plan.id,
        detail: { enrolled: inserted.length },
      });
      return { enrolled: inserted.length, already: ids.length - inserted.length };
    },
  }),

  defineAction('aid.enrolChoices', {
    readOnly: true,
    allow: ['chair', 'vice_chair'],
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input, union }) {
      const plan = await loadPlan(tx, input.planId);
      if (!union!.path.startsWith(plan.union_path)) throw new AppError('NOT_ELIGIBLE', '本工会不在该互助计划范围内');
      const members = await rows<EnrolChoice>(
        tx,
        sql`SELECT m.person_id AS "personId", p.name, m.member_no AS "memberNo", (e.id IS NOT NULL) AS enrolled, op.name AS "otherPlan"
            FROM members m JOIN people p ON p.id = m.person_id
            LEFT JOIN aid_enrolments e ON e.plan_id = ${plan.id} AND e.person_id = m.person_id
            LEFT JOIN aid_enrolments oe ON oe.person_id = m.person_id AND oe.year = ${plan.year} AND oe.plan_id <> ${plan.id}
            LEFT JOIN aid_plans op ON op.id = oe.plan_id
            WHERE m.union_id = ${union!.id} AND m.status = 'active' ORDER BY m.member_no`,
      );
      return { members: members.map((m) => ({ ...m, enrolled: Boolean(m.enrolled), otherPlan: m.otherPlan ?? null })) };
    },
  }),

  defineAction('aid.estimate', {
    readOnly: true,
    allow: ['member'],
    scope: (_tx, _input, access) => access.memberUnionId(),
    async handler({ tx, input, caller }) {
      const plan = await loadPlan(tx, input.planId);
      const e = await enrolmentOf(tx, plan.id, caller.personId!);
      if (!e) throw new AppError('NOT_ENROLLED', '您尚未参加该互助计划');
      const used = await usageOf(tx, plan.id, caller.personId!);
      return benefit(
        plan.rules,
        {
          category: input.category,
          hospitalLevel: input.hospitalLevel,
          totalCostFen: input.totalCost,
          insuranceCoveredFen: input.insuranceCovered,
          selfPaidFen: input.selfPaid,
        },
        used[input.category],
      );
    },
  }),

  defineAction('aid.saveDraft', {
    allow: ['member'],
    scope: (_tx, _input, access) => access.memberUnionId(),
    async handler({ tx, input, caller, access, union, now, audit }) {
      const { claimId, planId, bankAccount, ...f } = input;
      let id = claimId;
      if (id) {
        const claim = await loadClaim(tx, id, true);
        ownClaim(claim, caller.personId);
        if (!EDITABLE.includes(claim.status)) throw new AppError('INVALID_STATE', '申请已提交，不能再修改');
        if (claim.plan_id !== planId) throw new AppError('INVALID_INPUT', '不能更换互助计划', { planId: '互助计划：不能更换' });
      } else {
        const e = await enrolmentOf(tx, planId, caller.personId!);
        if (!e) throw new AppError('NOT_ENROLLED', '您尚未参加该互助计划，不能申请');
        const [plan] = await rows<{ year: number }>(tx, sql`SELECT year FROM aid_plans WHERE id = ${planId}`);
        const [c] = await rows<{ id: string }>(
          tx,
          sql`INSERT INTO aid_claims (claim_no, plan_id, person_id, union_id, status, created_at, updated_at)
              VALUES ('HZ' || ${plan.year} || '-' || nextval('aid_claim_no_seq'), ${planId}, ${caller.personId}, ${union!.id}, 'draft',
                      ${now.toISOString()}, ${now.toISOString()}) RETURNING id`,
        );
        id = c.id;
        await recordEvent(tx, { claimId: id, now, actorId: caller.personId, from: null, to: 'draft', note: '创建申请草稿' });
        await audit({ action: 'aid.createDraft', unionId: union!.id, targetType: 'aid_claim', targetId: id });
      }
      const sets = [];
      const col = {
        category: 'category',
        hospital: 'hospital',
        hospitalLevel: 'hospital_level',
        admittedOn: 'admitted_on',
        dischargedOn: 'discharged_on',
        totalCost: 'total_cost_fen',
        insuranceCovered: 'insurance_covered_fen',
        selfPaid: 'self_paid_fen',
        diagnosis: 'diagnosis',
        bankName: 'bank_name',
      } as const;
      for (const [k, v] of Object.entries(f) as [keyof typeof col, unknown][]) {
        if (v === undefined) continue;
        // Medical free text is sealed at rest, like the bank account.
        const stored = (SEALED_MEDICAL_COLUMNS as readonly string[]).includes(col[k]) ? await sealText(v as string | null) : v;
        sets.push(sql`${sql.identifier(col[k])} = ${stored}`);
      }
      if (bankAccount !== undefined) {
        sets.push(
          sql`bank_account_enc = ${await encryptText(bankAccount)}`,
          sql`bank_account_masked = ${maskBankAccount(bankAccount)}`,
        );
      }
      if (sets.length)
        await tx.execute(
          sql`UPDATE aid_claims SET ${sql.join(sets, sql`, `)}, updated_at = ${now.toISOString()} WHERE id = ${id}`,
        );
      return claimDetail(tx, id, access, union!);
    },
  }),

  defineAction('aid.uploadAttachment', {
    allow: ['member'],
    scope: (tx, input) => claimUnion(tx, input.claimId),
    async handler({ tx, input, caller, union, audit }) {
      const storage = attachmentStorage();
      // CloudBase: the client uploaded with Taro.cloud.uploadFile under aid-uploads/<personId>/. Only a file in
      // the caller's own folder is touched at all; once it is theirs, any refusal deletes it (nothing kept).
      const cloudId = input.cloudFileId;
      if (cloudId && !clientUploadPattern(caller.personId!).test(cloudId)) throw errors.forbidden();
      const refuse = async (e: unknown): Promise<never> => {
        if (cloudId) await storage.remove(cloudId).catch(() => undefined);
        throw e;
      };
      const claim = await claimOpenForFiles(tx, input.claimId, caller.personId).catch(refuse);
      if (cloudId) {
        if (!storage.fetchClientUpload) throw errors.badRequest('本环境请直接上传文件内容');
        const bytes = await storage.fetchClientUpload(cloudId);
        let mime: string;
        try {
          mime = checkUpload(bytes, input.fileName, MAX_CLOUD_ATTACHMENT_BYTES);
        } catch (e) {
          return refuse(e);
        }
        return storeAttachment(tx, {
          claim,
          kind: input.kind,
          fileName: input.fileName,
          mime,
          bytes,
          personId: caller.personId,
          key: cloudId,
          audit,
          storage,
        });
      }
      const bytes = decodeBase64(input.contentBase64!);
      const mime = checkUpload(bytes, input.fileName);
      return storeAttachment(tx, {
        claim,
        kind: input.kind,
        fileName: input.fileName,
        mime,
        bytes,
        personId: caller.personId,
        audit,
        storage,
      });
    },
  }),

  defineAction('aid.startUpload', {
    allow: ['member'],
    scope: (tx, input) => claimUnion(tx, input.claimId),
    handler: ({ tx, input, caller, now }) => startUpload(tx, input, caller.personId, now),
  }),

  defineAction('aid.uploadChunk', {
    allow: ['member'],
    scope: (tx, input) => uploadUnion(tx, input.uploadId),
    handler: ({ tx, input, caller }) => appendChunk(tx, input, caller.personId),
  }),

  defineAction('aid.finishUpload', {
    allow: ['member'],
    scope: (tx, input) => uploadUnion(tx, input.uploadId),
    handler: ({ tx, input, caller, audit }) => finishUpload(tx, input.uploadId, caller.personId, audit),
  }),

  defineAction('aid.cancelUpload', {
    allow: ['member'],
    scope: (tx, input) => uploadUnion(tx, input.uploadId),
    handler: ({ tx, input, caller }) => cancelUpload(tx, input.uploadId, caller.personId),
  }),

  defineAction('aid.removeAttachment', {
    allow: ['member'],
    scope: async (tx, input) => (await attachmentClaim(tx, input.attachmentId)).union_id,
    async handler({ tx, input, caller, union, audit }) {
      const a = await attachmentClaim(tx, input.attachmentId);
      const claim = await loadClaim(tx, a.claim_id, true);
      ownClaim(claim, caller.personId);
      if (!EDITABLE.includes(claim.status)) throw new AppError('INVALID_STATE', '申请已提交，不能再修改材料');
      await tx.execute(sql`DELETE FROM aid_attachments WHERE id = ${input.attachmentId}`);
      await audit({
        action: 'aid.removeAttachment',
        unionId: union!.id,
        targetType: 'aid_claim',
        targetId: claim.id,
        detail: { attachmentId: input.attachmentId },
      });
      await attachmentStorage().remove(a.storage_key);
      return { removed: true as const };
    },
  }),

  defineAction('aid.attachmentUrl', {
    allow: 'signedIn',
    scope: async (tx, input) => (await attachmentClaim(tx, input.attachmentId)).union_id,
    async handler({ tx, input, access, union, now, audit }) {
      const a = await attachmentClaim(tx, input.attachmentId);
      const claim = await loadClaim(tx, a.claim_id);
      if (!canSee(access, claim, union!)) throw errors.forbidden();
      if (!NON_MEDICAL_KINDS.includes(a.kind) && !seesMedical(access, claim, union!)) throw errors.forbidden();
      if (claim.person_id !== access.personId)
        await audit({
          action: 'aid.viewAttachment',
          unionId: union!.id,
          targetType: 'aid_claim',
          targetId: claim.id,
          detail: { attachmentId: input.attachmentId },
        });
      const storage = attachmentStorage();
      if (storage.tempUrl) {
        return {
          url: await storage.tempUrl(a.storage_key, LINK_TTL_SECONDS),
          expiresAt: new Date(now.getTime() + LINK_TTL_SECONDS * 1000).toISOString(),
        };
      }
      const { token, expiresAt } = await signAttachmentToken(input.attachmentId, now);
      return { url: `/files/${token}`, expiresAt: expiresAt.toISOString() };
    },
  }),

  defineAction('aid.submit', {
    allow: ['member'],
    scope: (tx, input) => claimUnion(tx, input.claimId),
    async handler({ tx, input, caller, access, union, now, audit }) {
      const claim = await loadClaim(tx, input.claimId, true);
      ownClaim(claim, caller.personId);
      if (!EDITABLE.includes(claim.status))
        throw new AppError('INVALID_STATE', `申请当前状态为「${claimStatusNames[claim.status]}」，不能提交`);
      const missing: Record<string, string> = {};
      const need = {
        category: '类别',
        hospital: '医院',
        hospital_level: '医院等级',
        admitted_on: '入院日期',
        discharged_on: '出院日期',
        total_cost_fen: '总费用',
        insurance_covered_fen: '医保统筹支付',
        self_paid_fen: '个人自付',
        diagnosis: '诊断',
        bank_name: '开户行',
        bank_account_enc: '银行账号',
      } as const;
      const field = {
        hospital_level: 'hospitalLevel',
        admitted_on: 'admittedOn',
        discharged_on: 'dischargedOn',
        total_cost_fen: 'totalCost',
        insurance_covered_fen: 'insuranceCovered',
        self_paid_fen: 'selfPaid',
        bank_name: 'bankName',
        bank_account_enc: 'bankAccount',
      } as Record<string, string>;
      for (const [k, label] of Object.entries(need))
        if (claim[k as keyof ClaimRow] == null) missing[field[k] ?? k] = `${label}：必填`;
      if (Object.keys(missing).length)
        throw new AppError(
          'INCOMPLETE',
          `请填写：${Object.values(missing)
            .map((m) => m.split('：')[0])
            .join('、')}`,
          missing,
        );
      const [inv] = await rows<{ n: number }>(
        tx,
        sql`SELECT count(*)::int AS n FROM aid_attachments WHERE claim_id = ${claim.id} AND kind = 'invoice'`,
      );
      if (Number(inv.n) === 0) throw new AppError('INCOMPLETE', '请上传医疗费用发票', { attachments: '发票：至少上传一张' });
      const plan = await loadPlan(tx, claim.plan_id);
      // A returned claim is held to the rules version it was first filed under, not the plan's current one.
      const pinned = claim.plan_version_id ? await rulesOfVersion(tx, claim.plan_version_id) : null;
      const rules = pinned?.rules ?? plan.rules;
      const versionId = claim.plan_version_id ?? plan.version_id;
      const rule = rules.categories[claim.category!];
      if (!rule?.enabled) throw new AppError('INVALID_INPUT', '该互助计划不含此类别', { category: '类别：本计划不含此类别' });
      const today = todayIn(now);
      if (claim.discharged_on! < claim.admitted_on!)
        throw new AppError('INVALID_INPUT', '出院日期不能早于入院日期', { dischargedOn: '出院日期：不能早于入院日期' });
      if (claim.discharged_on! > today)
        throw new AppError('INVALID_INPUT', '出院日期不能晚于今天', { dischargedOn: '出院日期：不能晚于今天' });
      if (!claim.admitted_on!.startsWith(String(plan.year)))
        throw new AppError('OUT_OF_PLAN_YEAR', `就医日期不在 ${plan.year} 年度计划内`, {
          admittedOn: '入院日期：不在计划年度内',
        });
      const e = await enrolmentOf(tx, plan.id, claim.person_id);
      if (!e) throw new AppError('NOT_ENROLLED', '您尚未参加该互助计划');
      const waitingEnds = shanghai(`${e.enrolled_on}T00:00:00+08:00`).add(rule.waitingDays, 'day').format('YYYY-MM-DD');
      if (claim.admitted_on! < waitingEnds)
        throw new AppError(
          'WAITING_PERIOD',
          `${aidCategoryNames[claim.category!]}等待期至 ${waitingEnds}，此前发生的费用不在互助范围内`,
          { admittedOn: '入院日期：在等待期内' },
        );
      const used = await usageOf(tx, plan.id, claim.person_id);
      const b = benefit(rules, amountsOf(claim), used[claim.category!]);
      if (b.payableFen === 0)
        throw new AppError(
          b.remainingAnnualFen === 0 ? 'ANNUAL_CAP_REACHED' : 'NOTHING_PAYABLE',
          b.remainingAnnualFen === 0 ? '本类别年度互助额度已用完' : '按计划规则本次费用未达到起付线，无可申请的互助金',
        );
      await transition(
        tx,
        claim,
        EDITABLE,
        'submitted',
        sql`, plan_version_id = ${versionId}, claimed_fen = ${b.payableFen}, breakdown = ${JSON.stringify(b)}::jsonb,
            submitted_at = ${now.toISOString()}, return_reason = NULL`,
        { now, actorId: caller.personId, note: `申请互助金 ${yuan(b.payableFen)} 元` },
      );
      await audit({
        action: 'aid.submit',
        unionId: union!.id,
        targetType: 'aid_claim',
        targetId: claim.id,
        detail: { claimedFen: b.payableFen, planVersion: pinned?.version ?? plan.version },
      });
      return claimDetail(tx, claim.id, access, union!);
    },
  }),

  defineAction('aid.myClaims', {
    readOnly: true,
    allow: 'signedIn',
    async handler({ tx, caller }) {
      if (!caller.personId) throw errors.unauthenticated();
      return { claims: await listItems(tx, sql`c.person_id = ${caller.personId}`) };
    },
  }),

  defineAction('aid.claim', {
    allow: 'signedIn',
    scope: (tx, input) => claimUnion(tx, input.claimId),
    async handler({ tx, input, access, union, audit }) {
      const claim = await loadClaim(tx, input.claimId);
      if (!canSee(access, claim, union!)) throw errors.forbidden();
      if (claim.person_id !== access.personId)
        await audit({ action: 'aid.viewClaim', unionId: union!.id, targetType: 'aid_claim', targetId: claim.id });
      return claimDetail(tx, claim.id, access, union!);
    },
  }),

  defineAction('aid.claims', {
    readOnly: true,
    allow: [...UNION_READERS, 'federation_admin'],
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input, union }) {
      const where = sql`u.path LIKE ${union!.path + '%'} AND c.status <> 'draft'
        ${input.status ? sql`AND c.status = ${input.status}` : sql``}
        ${input.awaitingFederation ? sql`AND c.status = 'officer_approved' AND c.needs_federation` : sql``}`;
      const [t] = await rows<{ n: number }>(
        tx,
        sql`SELECT count(*)::int AS n FROM aid_claims c JOIN unions u ON u.id = c.union_id WHERE ${where}`,
      );
      return { claims: await listItems(tx, where, input.pageSize, (input.page - 1) * input.pageSize), total: Number(t.n) };
    },
  }),

  defineAction('aid.review', {
    allow: REVIEWERS,
    scope: (tx, input) => claimUnion(tx, input.claimId),
    async handler({ tx, input, caller, access, union, now, audit }) {
      const claim = await loadClaim(tx, input.claimId, true);
      if (claim.person_id === caller.personId) throw new AppError('SELF_REVIEW', '不能审核本人的申请');
      if (claim.status !== 'submitted')
        throw new AppError('INVALID_STATE', `申请当前状态为「${claimStatusNames[claim.status]}」，不能审核`);
      const actor = { now, actorId: caller.personId };
      if (input.decision === 'return') {
        await transition(tx, claim, ['submitted'], 'returned', sql`, return_reason = ${input.reason}`, {
          ...actor,
          note: input.reason,
        });
      } else if (input.decision === 'reject') {
        await transition(tx, claim, ['submitted'], 'rejected', sql`, reject_reason = ${input.reason}`, {
          ...actor,
          note: input.reason,
        });
      } else {
        // The annual limit: lock this member's usage row for the category, recompute against what is left, book it.
        const version = await rulesOfVersion(tx, claim.plan_version_id!);
        await tx.execute(sql`INSERT INTO aid_usage (plan_id, person_id, category, approved_fen)
          VALUES (${claim.plan_id}, ${claim.person_id}, ${claim.category}, 0) ON CONFLICT DO NOTHING`);
        const [u] = await rows<{ approved_fen: string }>(
          tx,
          sql`SELECT approved_fen FROM aid_usage WHERE plan_id = ${claim.plan_id} AND person_id = ${claim.person_id} AND category = ${claim.category} FOR UPDATE`,
        );
        const b = benefit(version.rules, amountsOf(claim), Number(u.approved_fen));
        if (b.payableFen === 0) throw new AppError('ANNUAL_CAP_REACHED', '该会员本类别年度互助额度已用完，请作不通过处理');
        const cap = version.rules.categories[claim.category!].annualCapFen;
        const booked = await rows(
          tx,
          sql`UPDATE aid_usage SET approved_fen = approved_fen + ${b.payableFen}
              WHERE plan_id = ${claim.plan_id} AND person_id = ${claim.person_id} AND category = ${claim.category}
                AND approved_fen + ${b.payableFen} <= ${cap} RETURNING approved_fen`,
        );
        if (booked.length !== 1) throw new AppError('ANNUAL_CAP_REACHED', '年度互助额度已变化，请刷新后重试');
        const needsFederation = b.payableFen > version.rules.federationThresholdFen;
        await transition(
          tx,
          claim,
          ['submitted'],
          'officer_approved',
          sql`, approved_fen = ${b.payableFen}, breakdown = ${JSON.stringify(b)}::jsonb, needs_federation = ${needsFederation}`,
          {
            ...actor,
            note: `核定互助金 ${yuan(b.payableFen)} 元${needsFederation ? '，报上级总工会审批' : ''}${input.reason ? `；${input.reason}` : ''}`,
          },
        );
      }
      await audit({
        action: `aid.review.${input.decision}`,
        unionId: union!.id,
        targetType: 'aid_claim',
        targetId: claim.id,
        detail: { reason: input.reason ?? null },
      });
      return claimDetail(tx, claim.id, access, union!);
    },
  }),

  defineAction('aid.federationReview', {
    allow: ['federation_admin'],
    scope: (tx, input) => claimUnion(tx, input.claimId),
    async handler({ tx, input, caller, access, union, now, audit }) {
      const claim = await loadClaim(tx, input.claimId, true);
      if (claim.status !== 'officer_approved' || !claim.needs_federation)
        throw new AppError(
          'INVALID_STATE',
          claim.status === 'officer_approved'
            ? '该申请无需总工会审批'
            : `申请当前状态为「${claimStatusNames[claim.status]}」，不能审批`,
        );
      if (input.decision === 'approve') {
        await transition(tx, claim, ['officer_approved'], 'federation_approved', sql``, {
          now,
          actorId: caller.personId,
          note: input.reason ?? '总工会审批同意',
        });
      } else {
        await transition(tx, claim, ['officer_approved'], 'rejected', sql`, reject_reason = ${input.reason}`, {
          now,
          actorId: caller.personId,
          note: input.reason,
        });
        // Give the booked amount back to the member's annual limit.
        await tx.execute(sql`UPDATE aid_usage SET approved_fen = approved_fen - ${claim.approved_fen}
          WHERE plan_id = ${claim.plan_id} AND person_id = ${claim.person_id} AND category = ${claim.category}`);
      }
      await audit({
        action: `aid.federationReview.${input.decision}`,
        unionId: union!.id,
        targetType: 'aid_claim',
        targetId: claim.id,
        detail: { reason: input.reason ?? null },
      });
      return claimDetail(tx, claim.id, access, union!);
    },
  }),

  defineAction('aid.pay', {
    allow: ['finance'],
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input, caller, union, now, audit }) {
      const ids = [...new Set(input.claimIds)];
      const list = await rows<ClaimRow>(
        tx,
        sql`SELECT id, claim_no, union_id, status, needs_federation, approved_fen FROM aid_claims WHERE id IN ${uuidList(ids)} ORDER BY id FOR UPDATE`,
      );
      if (list.length !== ids.length || list.some((c) => c.union_id !== union!.id)) throw errors.notFound('互助金申请');
      const notReady = list.filter((c) => !isPayable(c));
      if (notReady.length)
        throw new AppError('NOT_PAYABLE', `以下申请尚未完成审批或已发放：${notReady.map((c) => c.claim_no).join('、')}`);
      const total = list.reduce((s, c) => s + Number(c.approved_fen), 0);
      const batchNo = `ZF${shanghai(now).format('YYYYMMDDHHmmss')}${crypto.randomBytes(2).toString('hex').toUpperCase()}`;
      const [b] = await rows<{ id: string }>(
        tx,
        sql`INSERT INTO aid_payout_batches (batch_no, union_id, claim_count, total_fen, created_by, created_at)
            VALUES (${batchNo}, ${union!.id}, ${list.length}, ${total}, ${caller.personId}, ${now.toISOString()}) RETURNING id`,
      );
      for (const c of list)
        await transition(
          tx,
          c,
          ['officer_approved', 'federation_approved'],
          'paid',
          sql`, batch_id = ${b.id}, paid_at = ${now.toISOString()}`,
          {
            now,
            actorId: caller.personId,
            note: `已发放 ${yuan(Number(c.approved_fen))} 元（批次 ${batchNo}）`,
          },
        );
      await audit({
        action: 'aid.pay',
        unionId: union!.id,
        targetType: 'aid_payout_batch',
        targetId: b.id,
        detail: { batchNo, count: list.length, totalFen: total },
      });
      return { id: b.id, batchNo, unionId: union!.id, count: list.length, totalFen: total, createdAt: now.toISOString() };
    },
  }),

  defineAction('aid.batches', {
    readOnly: true,
    allow: ['finance', 'chair'],
    scope: (_tx, input) => input.unionId,
    async handler({ tx, union }) {
      const list = await rows<{
        id: string;
        batch_no: string;
        union_id: string;
        claim_count: number;
        total_fen: string;
        created_at: Date | string;
      }>(
        tx,
        sql`SELECT id, batch_no, union_id, claim_count, total_fen, created_at FROM aid_payout_batches WHERE union_id = ${union!.id} ORDER BY created_at DESC LIMIT 100`,
      );
      const batches: BatchView[] = list.map((b) => ({
        id: b.id,
        batchNo: b.batch_no,
        unionId: b.union_id,
        count: Number(b.claim_count),
        totalFen: Number(b.total_fen),
        createdAt: new Date(b.created_at).toISOString(),
      }));
      return { batches };
    },
  }),

  defineAction('aid.exportBatch', {
    allow: ['finance'],
    scope: async (tx, input) => {
      const [b] = await rows<{ union_id: string }>(tx, sql`SELECT union_id FROM aid_payout_batches WHERE id = ${input.batchId}`);
      if (!b) throw errors.notFound('发放批次');
      return b.union_id;
    },
    async handler({ tx, input, union, audit }) {
      const [batch] = await rows<{ batch_no: string; total_fen: string; created_at: Date | string }>(
        tx,
        sql`SELECT batch_no, total_fen, created_at FROM aid_payout_batches WHERE id = ${input.batchId}`,
      );
      const list = await rows<{
        claim_no: string;
        name: string;
        bank_name: string;
        bank_account_enc: string;
        approved_fen: string;
        category: keyof typeof aidCategoryNames;
      }>(
        tx,
        sql`SELECT c.claim_no, p.name, c.bank_name, c.bank_account_enc, c.approved_fen, c.category
            FROM aid_claims c JOIN people p ON p.id = c.person_id WHERE c.batch_id = ${input.batchId} ORDER BY c.claim_no`,
      );
      const wb = new (excel().Workbook)();
      wb.creator = '掌上工会';
      const ws = wb.addWorksheet('互助金发放');
      ws.columns = [
        { header: '序号', key: 'i', width: 6 },
        { header: '申请编号', key: 'no', width: 16 },
        { header: '收款人', key: 'name', width: 10 },
        { header: '开户行', key: 'bank', width: 24 },
        { header: '银行账号', key: 'account', width: 24 },
        { header: '金额（元）', key: 'yuan', width: 14 },
        { header: '金额（分）', key: 'fen', width: 12 },
        { header: '用途', key: 'memo', width: 20 },
      ];
      let i = 0;
      for (const c of list)
        ws.addRow({
          i: ++i,
          no: c.claim_no,
          name: c.name,
          bank: c.bank_name,
          account: await decryptText(c.bank_account_enc),
          yuan: yuan(Number(c.approved_fen)).replace(/,/g, ''),
          fen: Number(c.approved_fen),
          memo: `职工医疗互助金-${aidCategoryNames[c.category]}`,
        });
      ws.getColumn('account').numFmt = '@';
      ws.addRow({});
      ws.addRow({ name: '合计', yuan: yuan(Number(batch.total_fen)).replace(/,/g, ''), fen: Number(batch.total_fen) });
      ws.getRow(1).font = { bold: true };
      const buf = Buffer.from(await wb.xlsx.writeBuffer());
      await audit({
        action: 'aid.exportBatch',
        unionId: union!.id,
        targetType: 'aid_payout_batch',
        targetId: input.batchId,
        detail: { rows: list.length },
      });
      return { fileName: `互助金发放-${batch.batch_no}.xlsx`, contentBase64: buf.toString('base64') };
    },
  }),

  defineAction('aid.summary', {
    readOnly: true,
    allow: [...UNION_READERS, 'federation_admin'],
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input, union }) {
      const list = await rows<{
        month: string;
        category: keyof typeof aidCategoryNames;
        status: ClaimStatus;
        count: number;
        claimed: string;
        approved: string;
      }>(
        tx,
        sql`SELECT to_char(c.submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, c.category, c.status,
                   count(*)::int AS count, coalesce(sum(c.claimed_fen), 0)::bigint AS claimed, coalesce(sum(c.approved_fen), 0)::bigint AS approved
            FROM aid_claims c JOIN unions u ON u.id = c.union_id
            WHERE u.path LIKE ${union!.path + '%'} AND c.submitted_at IS NOT NULL
              AND to_char(c.submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY') = ${String(input.year)}
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      );
      return {
        rows: list.map((r) => ({
          month: r.month,
          category: r.category,
          status: r.status,
          count: Number(r.count),
          claimedFen: Number(r.claimed),
          approvedFen: Number(r.approved),
        })),
      };
    },
  }),
];

export { num };
