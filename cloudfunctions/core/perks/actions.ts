import type { ActionDef } from '../action';
import { defineAction } from '../action';
import { personIdOf } from '../auth/caller';
import {
  ACTIVITY_MANAGERS,
  DOORKEEPERS,
  activityDetail,
  activityUnion,
  cancelSignup,
  checkIn,
  draw,
  listActivities,
  lotteryList,
  publishActivity,
  signUp,
  signups,
  signupsXlsx,
} from './activities';
import { PERK_OFFICERS, REDEEMERS, couponUnion, listBatches, myCoupons, publishBatch, redeem } from './coupons';
import { grab } from './grab';
import { grantPoints, myPoints, unionPoints } from './points';

/** Actions of the 普惠 area: who may call each, on which union, and the one function that does the work. */
export const perksActions: ActionDef[] = [
  defineAction('perks.activities', {
    readOnly: true,
    allow: 'signedIn',
    handler: async ({ tx, access, caller }) => ({ activities: await listActivities(tx, access, personIdOf(caller.personId)) }),
  }),

  defineAction('perks.activity', {
    readOnly: true,
    allow: 'signedIn',
    // eligibility (the activity's audience, or managing it) is checked by activityDetail: NOT_FOUND otherwise
    handler: ({ tx, input, access, caller }) => activityDetail(tx, access, personIdOf(caller.personId), input.activityId),
  }),

  defineAction('perks.publishActivity', {
    allow: ACTIVITY_MANAGERS,
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input, access, caller, audit }) {
      const actor = caller.personId;
      const id = await publishActivity(tx, actor, input);
      const detail = await activityDetail(tx, access, actor, id);
      await audit({
        action: 'perks.publishActivity',
        unionId: input.unionId,
        targetType: 'activity',
        targetId: id,
        detail: { title: input.title, mode: input.mode, capacity: input.capacity, seedHash: detail.seedHash },
      });
      return detail;
    },
  }),

  defineAction('perks.signUp', {
    allow: 'signedIn',
    scope: (tx, input) => activityUnion(tx, input.activityId),
    async handler({ tx, input, access, caller, now, audit, union }) {
      const s = await signUp(tx, access, personIdOf(caller.personId), input, now);
      await audit({
        action: 'perks.signUp',
        unionId: union?.id,
        targetType: 'activity_signup',
        targetId: s.id,
        detail: { status: s.status },
      });
      return s;
    },
  }),

  defineAction('perks.cancelSignup', {
    allow: 'signedIn',
    scope: (tx, input) => activityUnion(tx, input.activityId),
    async handler({ tx, input, caller, now, audit, union }) {
      const s = await cancelSignup(tx, personIdOf(caller.personId), input.activityId, now);
      await audit({ action: 'perks.cancelSignup', unionId: union?.id, targetType: 'activity_signup', targetId: s.id });
      return s;
    },
  }),

  defineAction('perks.draw', {
    allow: ACTIVITY_MANAGERS,
    scope: (tx, input) => activityUnion(tx, input.activityId),
    async handler({ tx, input, now, audit, union }) {
      const list = await draw(tx, input.activityId, now);
      await audit({
        action: 'perks.draw',
        unionId: union?.id,
        targetType: 'activity',
        targetId: input.activityId,
        detail: { seed: list.seed, entrants: list.receipts.length, capacity: list.capacity },
      });
      return list;
    },
  }),

  defineAction('perks.lotteryList', {
    readOnly: true,
    allow: 'signedIn',
    handler: ({ tx, input }) => lotteryList(tx, input.activityId),
  }),

  defineAction('perks.signups', {
    readOnly: true,
    allow: DOORKEEPERS,
    scope: (tx, input) => activityUnion(tx, input.activityId),
    handler: ({ tx, input }) => signups(tx, input.activityId),
  }),

  defineAction('perks.signupsXlsx', {
    readOnly: true,
    allow: ACTIVITY_MANAGERS,
    scope: (tx, input) => activityUnion(tx, input.activityId),
    handler: ({ tx, input }) => signupsXlsx(tx, input.activityId),
  }),

  defineAction('perks.checkIn', {
    allow: DOORKEEPERS,
    scope: (tx, input) => activityUnion(tx, input.activityId),
    async handler({ tx, input, caller, now, audit, union }) {
      const s = await checkIn(tx, caller.personId, input.activityId, input.code, now);
      await audit({ action: 'perks.checkIn', unionId: union?.id, targetType: 'activity_signup', targetId: s.id });
      return s;
    },
  }),

  defineAction('perks.myPoints', {
    readOnly: true,
    allow: 'signedIn',
    handler: ({ tx, caller }) => myPoints(tx, personIdOf(caller.personId)),
  }),

  defineAction('perks.grantPoints', {
    allow: PERK_OFFICERS,
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input, caller, now, audit }) {
      const r = await grantPoints(tx, caller.personId, input, now);
      if (r.outcome === 'POSTED')
        await audit({
          action: 'perks.grantPoints',
          unionId: input.unionId,
          targetType: 'person',
          targetId: r.personId,
          detail: { points: input.points, reason: input.reason, requestId: input.requestId },
        });
      return { balance: r.balance, posted: r.outcome === 'POSTED' };
    },
  }),

  defineAction('perks.unionPoints', {
    readOnly: true,
    allow: PERK_OFFICERS,
    scope: (_tx, input) => input.unionId,
    handler: ({ tx, input }) => unionPoints(tx, input.unionId),
  }),

  defineAction('perks.publishBatch', {
    allow: PERK_OFFICERS,
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input, access, caller, audit }) {
      const b = await publishBatch(tx, access, caller.personId, input);
      await audit({
        action: 'perks.publishBatch',
        unionId: input.unionId,
        targetType: 'coupon_batch',
        targetId: b.id,
        detail: { input },
      });
      return b;
    },
  }),

  defineAction('perks.batches', {
    readOnly: true,
    allow: 'signedIn',
    handler: async ({ tx, access, caller }) => ({ batches: await listBatches(tx, access, personIdOf(caller.personId)) }),
  }),

  defineAction('perks.grab', {
    // Eligibility, stock, limit, points and the audit row are all inside the one statement of `grab` (grab.ts):
    // no scope or role lookup and no transaction on the path of a rush (the booking.book shape).
    // One round trip in all: the session is checked inside that statement too (coupon_grab_v2).
    allow: 'signedIn',
    transaction: false,
    budget: 'inline',
    session: 'inline',
    handler: ({ tx: db, input, caller, check, now, writeBudget }) =>
      grab(db, {
        personId: personIdOf(caller.personId),
        sessionVersion: check?.sessionVersion ?? null,
        batchId: input.batchId,
        requestId: input.requestId ?? null,
        now,
        writeBudget,
      }),
  }),

  defineAction('perks.myCoupons', {
    readOnly: true,
    allow: 'signedIn',
    handler: async ({ tx, caller, now }) => ({ coupons: await myCoupons(tx, personIdOf(caller.personId), now) }),
  }),

  defineAction('perks.redeem', {
    allow: REDEEMERS,
    scope: (tx, input) => couponUnion(tx, input.code),
    async handler({ tx, input, caller, now, audit, union }) {
      const c = await redeem(tx, caller.personId, input.code, now);
      await audit({ action: 'perks.redeem', unionId: union?.id, targetType: 'coupon', targetId: c.id });
      return c;
    },
  }),
];
