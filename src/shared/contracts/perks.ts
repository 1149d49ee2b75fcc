import { z } from 'zod';
import { contract } from './contract';
import { empty, id, isoDateTime, personText, webUrl } from './common';

/**
 * Contracts of the 普惠 area: activities with sign-up (first come or a verifiable lottery), the points ledger
 * (积分), and coupon batches claimed in a rush (抢券) and redeemed by a merchant's scan.
 */

/** Readable codes (receipts, check-in codes, coupon codes): 8 characters without look-alikes (I/O/0/1). */
export const readableCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-HJ-NP-Z2-9]{8}$/, '应为 8 位编码');

const requestId = z.string().trim().min(8).max(64);

export const activityModes = ['first_come', 'lottery'] as const;
export type ActivityMode = (typeof activityModes)[number];
export const activityModeNames: Record<ActivityMode, string> = { first_come: '先到先得', lottery: '报名后抽签' };

export const signupStatuses = ['applied', 'confirmed', 'waitlisted', 'cancelled'] as const;
export type SignupStatus = (typeof signupStatuses)[number];
export const signupStatusNames: Record<SignupStatus, string> = {
  applied: '已报名，待抽签',
  confirmed: '已入选',
  waitlisted: '候补中',
  cancelled: '已取消',
};

export const activityField = z
  .object({
    key: z.string().regex(/^[a-z][a-zA-Z0-9]{0,19}$/, '字段名应为字母开头的英文'),
    label: personText(20),
    required: z.boolean(),
  })
  .strict();
export type ActivityFieldInput = z.infer<typeof activityField>;

export interface ActivitySummary {
  id: string;
  unionId: string;
  unionName: string;
  title: string;
  place: string | null;
  online: boolean;
  startsAt: string;
  endsAt: string;
  signupOpensAt: string;
  signupClosesAt: string;
  capacity: number;
  mode: ActivityMode;
  status: 'open' | 'drawn' | 'cancelled';
  /** Live sign-ups (not cancelled). */
  signups: number;
  /** The caller's own sign-up status, or null. */
  myStatus: SignupStatus | null;
}

export interface MySignup {
  id: string;
  status: SignupStatus;
  /** Public receipt on the lottery list. */
  receipt: string;
  /** Shown to the officer at the door. */
  checkinCode: string;
  /** The check-in code as a QR data URL (`perks.activity`, while confirmed and not yet checked in). */
  qr?: string | null;
  /** Place on the waitlist (1 = next), when waitlisted. */
  waitlistPosition: number | null;
  checkedIn: boolean;
}

/** One union's share of the places (名额分配), with how many of them are taken. */
export interface ActivityQuota {
  unionId: string;
  unionName: string;
  places: number;
  taken: number;
}

export interface ActivityDetail extends ActivitySummary {
  description: string | null;
  coverUrl: string | null;
  fields: ActivityFieldInput[];
  pointsOnCheckin: number;
  /** sha256(seed), published when sign-up opens. */
  seedHash: string;
  /** Revealed at the draw; null before. */
  seed: string | null;
  confirmed: number;
  waitlisted: number;
  checkedIn: number;
  mine: MySignup | null;
  /** 名额分配 by union (empty: one pool for everyone in the audience). */
  quotas: ActivityQuota[];
  /** The caller may manage it (draw, check in). */
  canManage: boolean;
}

/** The published list: receipts only, no names; with the seed anyone can recompute the draw order. */
export interface LotteryList {
  activityId: string;
  seedHash: string;
  seed: string | null;
  capacity: number;
  /** Every receipt that took part in the draw (sorted), or every live receipt before it. */
  receipts: string[];
  /** The draw order (winners first), after the draw. */
  order: string[] | null;
  /**
   * With 名额分配: each receipt's quota union and each union's places, so the confirmed set can be recomputed
   * (walk the order, confirm while the union and the activity have places); null without quotas.
   */
  quotas: { receiptUnions: Record<string, string>; places: Record<string, number> } | null;
}

export interface SignupRow {
  id: string;
  name: string;
  unionName: string;
  receipt: string;
  status: SignupStatus;
  checkedIn: boolean;
  answers: Record<string, string>;
}

export interface PointsEntryView {
  id: string;
  delta: number;
  kind: 'grant' | 'checkin' | 'coupon' | 'expiry';
  reason: string;
  createdAt: string;
}

export interface CouponBatchView {
  id: string;
  unionId: string;
  unionName: string;
  title: string;
  description: string | null;
  merchant: string | null;
  total: number;
  remaining: number;
  perPerson: number;
  pricePoints: number;
  startsAt: string;
  endsAt: string | null;
  /** How many the caller holds. */
  held: number;
  canManage: boolean;
}

export interface CouponView {
  id: string;
  batchId: string;
  title: string;
  merchant: string | null;
  code: string;
  issuedAt: string;
  redeemedAt: string | null;
  /** The batch's last moment of use, or null (no limit); given by `perks.myCoupons` and `perks.redeem`. */
  validUntil?: string | null;
  /** The code as a QR data URL for the merchant's scanner: `perks.myCoupons`, on unused coupons still valid. */
  qr?: string | null;
}

const activityInput = z
  .object({
    unionId: id,
    audience: z.enum(['members', 'subtree']),
    title: personText(60),
    description: z.string().trim().max(2000).optional(),
    coverUrl: webUrl.optional(),
    place: personText(100).optional(),
    online: z.boolean().default(false),
    startsAt: isoDateTime,
    endsAt: isoDateTime,
    capacity: z.number().int().min(1).max(100000),
    signupOpensAt: isoDateTime,
    signupClosesAt: isoDateTime,
    mode: z.enum(activityModes),
    fields: z.array(activityField).max(10).default([]),
    pointsOnCheckin: z.number().int().min(0).max(10000).default(0),
    /** 名额分配: places shared out among unions of the subtree; with quotas, only their members may sign up. */
    quotas: z
      .array(z.object({ unionId: id, places: z.number().int().min(1).max(100000) }).strict())
      .max(200)
      .default([]),
  })
  .strict()
  .refine((a) => a.quotas.length === 0 || a.audience === 'subtree', {
    message: '仅用于发布到下级工会的活动',
    path: ['quotas'],
  })
  .refine((a) => new Set(a.quotas.map((q) => q.unionId)).size === a.quotas.length, {
    message: '同一工会只能分配一次',
    path: ['quotas'],
  })
  .refine((a) => a.quotas.every((q) => q.places <= a.capacity), { message: '单个工会的名额不能超过活动总名额', path: ['quotas'] })
  .refine((a) => Date.parse(a.signupOpensAt) < Date.parse(a.signupClosesAt), {
    message: '报名截止应晚于报名开始',
    path: ['signupClosesAt'],
  })
  .refine((a) => Date.parse(a.startsAt) < Date.parse(a.endsAt), { message: '结束时间应晚于开始时间', path: ['endsAt'] });

export const perksContracts = {
  /** Activities the caller may join: published by their union or by a federation above it to its subtree. */
  'perks.activities': contract<{ activities: ActivitySummary[] }>()(empty),
  'perks.activity': contract<ActivityDetail>()(z.object({ activityId: id }).strict()),
  /** An officer publishes an activity; the lottery seed is committed (its hash published) at once. */
  'perks.publishActivity': contract<ActivityDetail>()(activityInput),
  'perks.signUp': contract<MySignup>()(
    z.object({ activityId: id, answers: z.record(z.string().trim().max(100)).default({}) }).strict(),
  ),
  'perks.cancelSignup': contract<MySignup>()(z.object({ activityId: id }).strict()),
  /** After sign-up closes: reveal the seed, order the sign-ups, confirm the first `capacity`, waitlist the rest. */
  'perks.draw': contract<LotteryList>()(z.object({ activityId: id }).strict()),
  'perks.lotteryList': contract<LotteryList>()(z.object({ activityId: id }).strict()),
  'perks.signups': contract<{ signups: SignupRow[]; byUnion: { unionName: string; signups: number; checkedIn: number }[] }>()(
    z.object({ activityId: id }).strict(),
  ),
  /** The sign-up list as .xlsx (officers): names and answers, so officers only. */
  'perks.signupsXlsx': contract<{ fileName: string; contentBase64: string; rows: number }>()(
    z.object({ activityId: id }).strict(),
  ),
  'perks.checkIn': contract<SignupRow>()(z.object({ activityId: id, code: readableCode }).strict()),

  'perks.myPoints': contract<{ balance: number; entries: PointsEntryView[] }>()(empty),
  /** An officer grants (or, negative, deducts) points to a member of the union, with a reason. */
  'perks.grantPoints': contract<{ balance: number; posted: boolean }>()(
    z
      .object({
        unionId: id,
        memberNo: z.string().trim().min(1).max(40),
        points: z
          .number()
          .int()
          .min(-100000)
          .max(100000)
          .refine((n) => n !== 0, '积分不能为 0'),
        reason: personText(200),
        requestId,
      })
      .strict(),
  ),
  'perks.unionPoints': contract<{ granted: number; spent: number; members: number }>()(z.object({ unionId: id }).strict()),

  'perks.publishBatch': contract<CouponBatchView>()(
    z
      .object({
        unionId: id,
        eligibleUnionId: id.optional(),
        title: personText(60),
        description: z.string().trim().max(500).optional(),
        merchant: personText(60).optional(),
        total: z.number().int().min(1).max(1000000),
        perPerson: z.number().int().min(1).max(20),
        pricePoints: z.number().int().min(0).max(1000000).default(0),
        startsAt: isoDateTime,
        endsAt: isoDateTime.optional(),
        /** Coupons may be redeemed until then (none: no limit). */
        validUntil: isoDateTime.optional(),
      })
      .strict(),
  ),
  'perks.batches': contract<{ batches: CouponBatchView[] }>()(empty),
  /** The rush: one statement, idempotent on requestId; exactly the stock is issued. */
  'perks.grab': contract<CouponView>()(z.object({ batchId: id, requestId: requestId.optional() }).strict()),
  'perks.myCoupons': contract<{ coupons: CouponView[] }>()(empty),
  /** A merchant (the union's service staff or officers) scans a coupon: used once. */
  'perks.redeem': contract<CouponView>()(z.object({ code: readableCode }).strict()),
};
