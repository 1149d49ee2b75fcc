import { z } from 'zod';
import { contract } from './contract';
import { id, isoDateTime, normalizeText, personText, webUrl } from './common';
import type { CongressSettings, ElectionTally, ResolutionTally, Tally, DifferentialCheck } from './congress-rules';

export * from './congress-rules';

export const voteKinds = ['resolution', 'election'] as const;
export type VoteKind = (typeof voteKinds)[number];
export const voteKindNames: Record<VoteKind, string> = { resolution: '表决', election: '选举' };

export const voteStatuses = ['pending', 'open', 'closed', 'published'] as const;
export type VoteStatus = (typeof voteStatuses)[number];
export const voteStatusNames: Record<VoteStatus, string> = {
  pending: '未开始',
  open: '投票中',
  closed: '已结束',
  published: '已公布',
};

export const scrutineerRoles = ['monitor', 'counter'] as const;
export type ScrutineerRole = (typeof scrutineerRoles)[number];
export const scrutineerRoleNames: Record<ScrutineerRole, string> = { monitor: '监票人', counter: '计票人' };

export const congressStatuses = ['checkin', 'ended'] as const;
export type CongressStatus = (typeof congressStatuses)[number];
export const congressStatusNames: Record<CongressStatus, string> = { checkin: '进行中', ended: '已闭幕' };

const text = (max: number) => z.string().trim().min(1).max(max);
const url = webUrl;
const mark = z.enum(['for', 'against', 'abstain']);

const candidateInput = z
  .object({
    name: personText(40),
    /** Optional link to a person on the platform (a member standing for election). */
    personId: id.optional(),
    photoUrl: url.optional(),
    cv: z.string().trim().max(2000).default(''),
  })
  .strict();

const agendaItemInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('resolution'), title: text(100), description: z.string().trim().max(2000).default('') }).strict(),
  z
    .object({
      kind: z.literal('election'),
      title: text(100),
      description: z.string().trim().max(2000).default(''),
      seats: z.number().int().min(1).max(99),
      candidates: z.array(candidateInput).min(2).max(200),
    })
    .strict(),
]);

const settingsInput = z
  .object({
    quorumNum: z.number().int().min(1).max(99),
    quorumDen: z.number().int().min(1).max(100),
    thresholdBase: z.enum(['entitled', 'present']),
    differentialRatioPct: z.number().min(0).max(100),
    delegatesSeeLiveCount: z.boolean(),
  })
  .partial()
  .strict()
  .refine((s) => s.quorumNum === undefined || s.quorumDen === undefined || s.quorumNum < s.quorumDen, {
    message: '法定人数比例应小于 1',
  });

export const ballotChoicesInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('resolution'), mark }).strict(),
  z
    .object({
      kind: z.literal('election'),
      marks: z
        .array(
          z
            .object({
              candidateId: id,
              mark,
              writeIn: z.string().transform(normalizeText).pipe(z.string().max(40)).nullable().optional(),
            })
            .strict(),
        )
        .max(200),
    })
    .strict(),
]);

/**
 * 10 letters and digits. Codes are issued without I/O/0/1 (core/readable-code.ts); codes of votes cast before that
 * (A–Z, 2–7) still verify, so the pattern takes both.
 */
export const receiptCodePattern = /^[A-Z2-9]{10}$/;
const receiptCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
  .pipe(z.string().regex(receiptCodePattern, '选票核验码应为 10 位字母数字'));

export interface CongressSummary {
  id: string;
  title: string;
  startsAt: string;
  place: string | null;
  online: boolean;
  status: CongressStatus;
  /** 闭幕 time, when ended. */
  endedAt: string | null;
  delegates: number;
  checkedIn: number;
  /** Am I a delegate of it. */
  isDelegate: boolean;
}

export interface CandidateView {
  id: string;
  name: string;
  photoUrl: string | null;
  cv: string;
  sortKey: string;
}

export interface VoteView {
  id: string;
  position: number;
  round: number;
  kind: VoteKind;
  title: string;
  description: string;
  status: VoteStatus;
  seats: number | null;
  candidates: CandidateView[];
  /** For a run-off (另行选举): the vote it follows. */
  runoffOf: string | null;
  differential: DifferentialCheck | null;
  /** Have I (a delegate) voted in it. */
  voted: boolean;
  /** Can the chair open it now, and if not why. */
  canOpen: boolean;
  openBlockedReason: string | null;
  openedAt: string | null;
  closedAt: string | null;
  publishedAt: string | null;
}

export interface Attendance {
  entitled: number;
  checkedIn: number;
  quorumNeeded: number;
  quorumMet: boolean;
}

export interface CongressDetail {
  id: string;
  unionId: string;
  unionName: string;
  title: string;
  startsAt: string;
  place: string | null;
  online: boolean;
  streamUrl: string | null;
  status: CongressStatus;
  endedAt: string | null;
  documents: { title: string; url: string | null; body: string }[];
  settings: CongressSettings;
  attendance: Attendance;
  scrutineers: { personId: string; name: string; role: ScrutineerRole }[];
  agenda: VoteView[];
  me: { isDelegate: boolean; checkedIn: boolean; isScrutineer: boolean; isChair: boolean };
}

export interface DelegateView {
  personId: string;
  name: string;
  checkedIn: boolean;
}

export interface LiveView {
  voteId: string;
  status: VoteStatus;
  attendance: Attendance;
  /** Ballots returned so far (turnout); never who. */
  voted: number;
  /** Running count: chair and scrutineers always; delegates only if the congress allows it; everyone after the close. */
  tally: Tally | null;
}

export interface CastReceipt {
  voteId: string;
  /** 选票核验码: shown once; the server keeps no link between it and the voter. */
  receiptCode: string;
  /** 选票指纹: the published list shows it beside the receipt code; the voter compares the two. */
  fingerprint: string;
  valid: boolean;
  /** The ballot as counted — returned to this session only, once; the published list never shows it. */
  choices: z.infer<typeof ballotChoicesInput>;
}

export interface ResultView {
  vote: VoteView;
  congressId: string;
  congressTitle: string;
  /** When and where the congress met, and when this vote was closed (the report's header). */
  congressStartsAt: string;
  place: string | null;
  closedAt: string | null;
  /** The caller is the chair, the election needs a run-off and none was created yet. */
  canCreateRunoff: boolean;
  unionName: string;
  tally: ElectionTally | ResolutionTally;
  /** Why more-returned-than-issued cannot happen here, in words for the report (no technical terms). */
  integrityNote: string;
  scrutineers: { name: string; role: ScrutineerRole }[];
}

/**
 * One line of the published receipt list: a receipt code and its fingerprint, never the choices (receipt-freeness:
 * cloudfunctions/core/congress/README.md). `fingerprint` is null for ballots counted before fingerprints existed.
 */
export interface PublishedReceipt {
  receiptCode: string;
  fingerprint: string | null;
}

/** A member the chair may pick as delegate or scrutineer (names only: no phone, no ID number). */
export interface MemberChoice {
  personId: string;
  name: string;
  memberNo: string;
}

export const congressContracts = {
  'congress.list': contract<{ congresses: CongressSummary[] }>()(z.object({ unionId: id }).strict()),
  'congress.memberChoices': contract<{ members: MemberChoice[] }>()(z.object({ unionId: id }).strict()),
  'congress.create': contract<{ congressId: string }>()(
    z
      .object({
        unionId: id,
        title: text(100),
        startsAt: isoDateTime,
        place: z.string().trim().max(200).nullable().default(null),
        online: z.boolean().default(true),
        streamUrl: url.nullable().default(null),
        documents: z
          .array(
            z.object({ title: text(100), url: url.nullable().default(null), body: z.string().max(20000).default('') }).strict(),
          )
          .max(30)
          .default([]),
        delegates: z.array(id).min(1).max(5000),
        scrutineers: z
          .array(z.object({ personId: id, role: z.enum(scrutineerRoles) }).strict())
          .max(30)
          .default([]),
        agenda: z.array(agendaItemInput).min(1).max(50),
        settings: settingsInput.default({}),
      })
      .strict(),
  ),
  'congress.get': contract<CongressDetail>()(z.object({ congressId: id }).strict()),
  'congress.delegates': contract<{ delegates: DelegateView[] }>()(z.object({ congressId: id }).strict()),
  'congress.checkIn': contract<{ attendance: Attendance }>()(z.object({ congressId: id }).strict()),
  /** 调整代表名单 until the first vote opens: the whole list, as chosen (the quorum follows it). */
  'congress.saveDelegates': contract<{ delegates: DelegateView[]; attendance: Attendance }>()(
    z.object({ congressId: id, delegates: z.array(id).min(1).max(5000) }).strict(),
  ),
  /** 现场代签到: the chair checks in a delegate who is in the hall without a phone (audited with who did it). */
  'congress.checkInDelegate': contract<{ attendance: Attendance }>()(z.object({ congressId: id, personId: id }).strict()),
  'congress.openVote': contract<VoteView>()(z.object({ voteId: id }).strict()),
  'congress.closeVote': contract<ResultView>()(z.object({ voteId: id }).strict()),
  'congress.publish': contract<ResultView>()(z.object({ voteId: id }).strict()),
  'congress.createRunoff': contract<VoteView>()(z.object({ voteId: id }).strict()),
  /** 闭幕: once no vote is open; afterwards nothing can be opened. Items never voted on stay unheld (notHeld). */
  'congress.end': contract<{ congressId: string; status: 'ended'; endedAt: string; notHeld: number }>()(
    z.object({ congressId: id }).strict(),
  ),
  'congress.castBallot': contract<CastReceipt>()(
    z
      .object({
        voteId: id,
        choices: ballotChoicesInput,
        /** The delegate saw the over-vote warning and submits anyway: counted as cast but invalid. */
        confirmInvalid: z.boolean().default(false),
      })
      .strict(),
  ),
  'congress.live': contract<LiveView>()(z.object({ voteId: id }).strict()),
  'congress.result': contract<ResultView>()(z.object({ voteId: id }).strict()),
  'congress.ballotList': contract<{ voteId: string; receipts: PublishedReceipt[] }>()(z.object({ voteId: id }).strict()),
  'congress.verifyReceipt': contract<{ found: boolean; receipt: PublishedReceipt | null }>()(
    z.object({ voteId: id, receiptCode }).strict(),
  ),
};
