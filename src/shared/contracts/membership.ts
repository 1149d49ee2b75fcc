import { z } from 'zod';
import { contract } from './contract';
import { id, mainlandMobile, personName } from './common';

/**
 * GB 11643-1999 citizen ID number: 17 digits + check character (0-9 or X), a real date of birth,
 * and the ISO 7064 MOD 11-2 check digit. Shared by client forms, the server contract and roster import.
 */
export function isValidChineseId(value: string): boolean {
  const v = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return false;
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  return idCheckChar(v.slice(0, 17)) === v[17];
}

/** The GB 11643 check character of the first 17 digits. */
export function idCheckChar(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i];
  return '10X98765432'[sum % 11];
}

/** Why an ID number is wrong, in Chinese, or null when it is right. */
export function idNumberProblem(value: string): string | null {
  const v = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return '身份证号应为 18 位（末位可为 X）';
  if (!isValidChineseId(v)) {
    return idCheckChar(v.slice(0, 17)) === v[17] ? '身份证号中的出生日期无效' : '身份证号校验位不正确，请核对';
  }
  return null;
}

export const idNumber = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .superRefine((v, ctx) => {
    const problem = idNumberProblem(v);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });
export const employeeNo = z.string().trim().min(1).max(32);
/** Signed invite code: `<invite id, 32 hex>.<signature>`. */
export const inviteCode = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{32}\.[A-Za-z0-9_-]{16,43}$/, '邀请码无效，请重新打开邀请卡片');
export const cardCode = z.string().trim().min(10).max(200);

export type MatchKind = 'union' | 'platform' | 'none';
export type ApplicationStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';
export type MembershipStatus = 'pending' | 'active' | 'rejected' | 'left' | 'transferred' | 'withdrawn';

export const matchKindNames: Record<MatchKind, string> = {
  union: '本会花名册匹配',
  platform: '平台花名册匹配',
  none: '花名册中未找到',
};
/** The same, as the applicant reads it (plain words, no internal states; issue 13). */
export const applicantMatchNames: Record<MatchKind, string> = {
  union: '信息与单位花名册一致，等待工会确认',
  platform: '信息与花名册一致，等待工会确认',
  none: '不在单位花名册中，由工会人工核实',
};
export const applicationStatusNames: Record<ApplicationStatus, string> = {
  pending: '待审核',
  approved: '已通过',
  rejected: '未通过',
  withdrawn: '已撤回',
};

/** Limits of a roster import (the file as uploaded, the rows it holds, one chunk per call). */
export const ROSTER_MAX_BYTES = 5 * 1024 * 1024;
export const ROSTER_MAX_ROWS = 20_000;
/** Decoded bytes per upload call; base64 of this stays well below the 256 KB gateway limit. */
export const ROSTER_CHUNK_BYTES = 180 * 1024;
export const ROSTER_HEADERS = ['姓名', '手机号', '身份证号', '工号', '部门'] as const;

export interface UnionRef {
  id: string;
  name: string;
  shortName: string;
  themeColor: string;
}

export interface InviteView {
  id: string;
  /** Signed code to put into a share path or link. */
  code: string;
  unionId: string;
  note: string | null;
  expiresAt: string;
  maxUses: number | null;
  usedCount: number;
  autoApprove: boolean;
  /** 仅限本群: only members of the WeCom group it is shared into may join through it. */
  groupOnly: boolean;
  /** The group is known (the first join through the card bound it). */
  groupBound: boolean;
  revoked: boolean;
  active: boolean;
  /** Joined (approved) through this invite / waiting for review. */
  joinedCount: number;
  pendingCount: number;
  /** Mini-program path for the share card. */
  path: string;
  /** Hash route for the h5 app (prefix with the site origin). */
  h5Path: string;
  createdAt: string;
}

export interface InviteInfo {
  union: UnionRef;
  valid: boolean;
  /** Why the invite cannot be used (Chinese), when not valid. */
  reason: string | null;
  expiresAt: string;
  autoApprove: boolean;
  /** Joining needs the WeCom group card it was shared as (the client sends `groupShare`). */
  groupOnly: boolean;
}

export interface JoinOutput {
  /** joined: active member now; pending: waiting for review; already: nothing new (idempotent repeat); mismatch: identity not confirmed. */
  outcome: 'joined' | 'pending' | 'already' | 'mismatch';
  match: MatchKind;
  union: UnionRef | null;
  memberNo: string | null;
  applicationId: string | null;
  message: string;
  /** Field path → Chinese message (mismatch). */
  fields?: Record<string, string>;
  /** Identity attempts left before the caller is rate-limited (mismatch). */
  attemptsLeft?: number;
  /** This sign-in was linked to the caller's existing person (WeCom ↔ WeChat): the session to use from now on. */
  session?: string;
}

export interface ApplicationView {
  id: string;
  kind: 'join' | 'transfer';
  status: ApplicationStatus;
  name: string;
  phoneMasked: string | null;
  idMasked: string | null;
  employeeNo: string | null;
  employer: string | null;
  match: MatchKind;
  /** Routed to a federation (the employer has no union yet): approving must name the grassroots union (assignUnionId). */
  needsUnion: boolean;
  union: UnionRef;
  /** The union the applicant is currently a member of (transfers). */
  fromUnion: UnionRef | null;
  inviteId: string | null;
  createdAt: string;
  decidedAt: string | null;
  decidedByName: string | null;
  rejectReason: string | null;
}

export interface CardQr {
  /** Signed payload an officer scans and passes to membership.verifyCard. */
  code: string;
  /** PNG data URL of the QR code. */
  dataUrl: string;
  expiresAt: string;
}

export interface MembershipHistoryItem {
  union: UnionRef;
  memberNo: string;
  status: MembershipStatus;
  joinedAt: string | null;
  leftAt: string | null;
}

export interface MyMembershipOutput {
  /** null: a WeChat user not yet on the platform (joining creates the person). */
  person: { id: string; name: string } | null;
  card: {
    memberId: string;
    memberNo: string;
    /** logoUrl: the union's logo (an https link, or a data URL in the demo), null for the initials badge. */
    union: UnionRef & { lineage: string[]; logoUrl: string | null };
    joinedAt: string | null;
    qr: CardQr;
  } | null;
  pending: ApplicationView | null;
  /** The last decided application (e.g. a rejection reason to show). */
  lastDecided: ApplicationView | null;
  history: MembershipHistoryItem[];
}

export interface VerifyCardOutput {
  valid: boolean;
  name: string;
  memberNo: string;
  union: UnionRef;
  status: MembershipStatus;
  joinedAt: string | null;
  expiresAt: string;
}

export interface RosterRowReport {
  row: number;
  name: string;
  phoneMasked: string | null;
  idMasked: string | null;
  employeeNo: string | null;
  department: string | null;
  valid: boolean;
  errors: string[];
}

export interface RosterPreview {
  importId: string;
  fileName: string;
  status: 'previewed' | 'committed' | 'cancelled';
  total: number;
  valid: number;
  invalid: number;
  rows: RosterRowReport[];
  page: number;
  pageSize: number;
}

export interface RosterEntryView {
  id: string;
  name: string;
  phoneMasked: string | null;
  idMasked: string | null;
  employeeNo: string | null;
  department: string | null;
  joined: boolean;
  createdAt: string;
}

const unionInput = z.object({ unionId: id });
const page = { page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(200).default(50) };

/** Who the worker says they are: name, mobile, and ID number or employee number. */
export const identityInput = {
  name: personName,
  mobile: mainlandMobile,
  idNumber: idNumber.optional(),
  employeeNo: employeeNo.optional(),
};

const needIdOrEmployeeNo = (v: { idNumber?: string; employeeNo?: string }, ctx: z.RefinementCtx) => {
  if (!v.idNumber && !v.employeeNo)
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['idNumber'], message: '请填写身份证号或工号' });
};

export const joinInput = z
  .object({
    inviteCode,
    ...identityInput,
    employer: z.string().trim().min(2).max(100).optional(),
    /** The worker says their employer has no union yet: the district federation reviews. */
    employerHasNoUnion: z.boolean().default(false),
    /**
     * A group-only invite: a fresh `wx.qy.login` code and what `wx.qy.getShareInfo` gave for the card's shareTicket
     * (encrypted under the session key that code yields).
     */
    groupShare: z
      .object({
        code: z.string().trim().min(1).max(128),
        encryptedData: z.string().trim().min(1).max(4096),
        iv: z.string().trim().min(1).max(64),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine(needIdOrEmployeeNo);

export const membershipContracts = {
  // Roster import (officers)
  'membership.rosterTemplate': contract<{ fileName: string; base64: string }>()(unionInput.strict()),
  'membership.startRosterImport': contract<{ importId: string; chunkBytes: number }>()(
    z
      .object({
        unionId: id,
        fileName: z.string().trim().min(1).max(120),
        size: z.number().int().min(0),
      })
      .strict(),
  ),
  'membership.uploadRosterChunk': contract<{ received: number; size: number }>()(
    z
      .object({
        importId: id,
        seq: z.number().int().min(0).max(1000),
        data: z
          .string()
          .max(Math.ceil(ROSTER_CHUNK_BYTES / 3) * 4)
          .regex(/^[A-Za-z0-9+/]*={0,2}$/, '应为 base64 内容'),
      })
      .strict(),
  ),
  'membership.previewRosterImport': contract<RosterPreview>()(z.object({ importId: id }).strict()),
  'membership.rosterImportRows': contract<RosterPreview>()(
    z.object({ importId: id, onlyInvalid: z.boolean().default(false), ...page }).strict(),
  ),
  'membership.confirmRosterImport': contract<{ importId: string; inserted: number; skipped: number }>()(
    z.object({ importId: id }).strict(),
  ),
  'membership.cancelRosterImport': contract<{ importId: string }>()(z.object({ importId: id }).strict()),
  'membership.listRoster': contract<{ total: number; entries: RosterEntryView[] }>()(
    z.object({ unionId: id, q: z.string().trim().max(40).optional(), ...page }).strict(),
  ),

  // Invites (officers create; anyone may read one)
  'membership.createInvite': contract<InviteView>()(
    z
      .object({
        unionId: id,
        expiresInDays: z.number().int().min(1).max(365).default(7),
        maxUses: z.number().int().min(1).max(100_000).nullable().default(null),
        autoApprove: z.boolean().default(true),
        /** 仅限本群: share it as a WeCom 私密消息 card; only that group's members can join through it. */
        groupOnly: z.boolean().default(false),
        note: z.string().trim().max(60).optional(),
      })
      .strict(),
  ),
  'membership.listInvites': contract<{ invites: InviteView[] }>()(unionInput.strict()),
  'membership.revokeInvite': contract<InviteView>()(z.object({ inviteId: id }).strict()),
  /** PNG QR of an h5 join link (the page passes its own origin + invite.h5Path). */
  'membership.inviteQr': contract<{ dataUrl: string }>()(
    z.object({ inviteId: id, link: z.string().trim().url('链接格式不正确').max(500) }).strict(),
  ),
  'membership.inviteInfo': contract<InviteInfo>()(z.object({ inviteCode }).strict()),

  // Worker
  'membership.join': contract<JoinOutput>()(joinInput),
  'membership.transfer': contract<JoinOutput>()(z.object({ inviteCode, reason: z.string().trim().max(200).optional() }).strict()),
  'membership.leave': contract<{ memberId: string; status: 'left' }>()(
    z.object({ reason: z.string().trim().min(2).max(200) }).strict(),
  ),
  'membership.myMembership': contract<MyMembershipOutput>()(z.object({}).strict()),
  /** The applicant takes back their own pending application (issue 13). */
  'membership.withdrawApplication': contract<ApplicationView>()(z.object({ applicationId: id }).strict()),

  // Approval queue (officers)
  'membership.listApplications': contract<{ total: number; applications: ApplicationView[] }>()(
    z.object({ unionId: id, status: z.enum(['pending', 'approved', 'rejected']).default('pending'), ...page }).strict(),
  ),
  'membership.approve': contract<ApplicationView>()(z.object({ applicationId: id, assignUnionId: id.optional() }).strict()),
  'membership.reject': contract<ApplicationView>()(
    z.object({ applicationId: id, reason: z.string().trim().min(2).max(200) }).strict(),
  ),
  'membership.approveBatch': contract<{ approved: string[]; failed: { id: string; code: string; message: string }[] }>()(
    z.object({ unionId: id, applicationIds: z.array(id).min(1).max(100) }).strict(),
  ),
  'membership.verifyCard': contract<VerifyCardOutput>()(z.object({ code: cardCode }).strict()),
};
