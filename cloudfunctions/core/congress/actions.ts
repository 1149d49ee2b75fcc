import { defineAction, type ActionDef } from '../action';
import type { BallotChoices } from '@shared/contracts/congress';
import { ballotForm, castBallot } from './ballot-box';
import {
  checkIn,
  createCongress,
  endCongress,
  listCongresses,
  listDelegates,
  memberChoices,
  saveDelegates,
  unionOfCongress,
} from './congresses';
import { createRunoff, liveView, openVote, unionOfVote } from './votes';
import { ballotList, closeVote, publishResult, resultOf, verifyReceipt } from './results';
import { congressView } from './views';

const READERS = ['member', 'chair', 'vice_chair', 'federation_admin'] as const;
const CHAIRS = ['chair', 'vice_chair'] as const;

/** Actions of the congress area (职代会). */
export const congressActions: ActionDef[] = [
  defineAction('congress.list', {
    readOnly: true,
    allow: READERS,
    scope: (_tx, input) => input.unionId,
    handler: ({ tx, input, caller }) => listCongresses(tx, input.unionId, caller.personId),
  }),

  defineAction('congress.memberChoices', {
    readOnly: true,
    allow: CHAIRS,
    scope: (_tx, input) => input.unionId,
    handler: ({ tx, input }) => memberChoices(tx, input.unionId),
  }),

  defineAction('congress.create', {
    allow: CHAIRS,
    scope: (_tx, input) => input.unionId,
    handler: ({ tx, input, caller, now, audit }) => createCongress(tx, caller.personId, input, now, audit),
  }),

  defineAction('congress.get', {
    readOnly: true,
    allow: READERS,
    scope: (tx, input) => unionOfCongress(tx, input.congressId),
    handler: ({ tx, input, access }) => congressView(tx, access, input.congressId),
  }),

  defineAction('congress.delegates', {
    readOnly: true,
    allow: READERS,
    scope: (tx, input) => unionOfCongress(tx, input.congressId),
    handler: ({ tx, input }) => listDelegates(tx, input.congressId),
  }),

  defineAction('congress.checkIn', {
    allow: ['member'],
    scope: (tx, input) => unionOfCongress(tx, input.congressId),
    handler: ({ tx, input, caller, now, audit }) => checkIn(tx, caller.personId, input.congressId, now, audit),
  }),

  defineAction('congress.saveDelegates', {
    allow: CHAIRS,
    scope: (tx, input) => unionOfCongress(tx, input.congressId),
    handler: ({ tx, input, audit }) => saveDelegates(tx, input, audit),
  }),

  defineAction('congress.checkInDelegate', {
    allow: CHAIRS,
    scope: (tx, input) => unionOfCongress(tx, input.congressId),
    handler: ({ tx, input, now, audit }) => checkIn(tx, input.personId, input.congressId, now, audit, true),
  }),

  defineAction('congress.openVote', {
    allow: CHAIRS,
    scope: (tx, input) => unionOfVote(tx, input.voteId),
    handler: ({ tx, input, caller, now, audit }) => openVote(tx, caller.personId, input.voteId, now, audit),
  }),

  defineAction('congress.castBallot', {
    allow: ['member'],
    // the vote's union (id and path) from the per-process form of the vote (fixed once it is open): no round trip
    scope: async (tx, input) => (await ballotForm(tx, input.voteId)).union,
    // One statement checks the caller (session, member of the vote's union), spends the write budget and writes
    // turnout and box together (migration 0771): one round trip in all, no transaction around it.
    transaction: false,
    session: 'inline',
    budget: 'inline',
    // Deliberately not audited per ballot: an audit row with voter and time would be a linkage channel.
    async handler({ tx, input, caller, check, union, writeBudget }) {
      const voter = check ?? { personId: caller.personId, sessionVersion: null, roles: null, union };
      const out = await castBallot(
        tx,
        { check: voter, budget: writeBudget },
        {
          voteId: input.voteId,
          choices: input.choices as BallotChoices,
          confirmInvalid: input.confirmInvalid,
        },
      );
      return {
        voteId: input.voteId,
        receiptCode: out.receiptCode,
        fingerprint: out.fingerprint,
        valid: out.valid,
        choices: out.choices,
      };
    },
  }),

  defineAction('congress.closeVote', {
    allow: CHAIRS,
    scope: (tx, input) => unionOfVote(tx, input.voteId),
    handler: ({ tx, input, access, now, audit }) => closeVote(tx, access, input.voteId, now, audit),
  }),

  defineAction('congress.publish', {
    allow: CHAIRS,
    scope: (tx, input) => unionOfVote(tx, input.voteId),
    handler: ({ tx, input, access, now, audit }) => publishResult(tx, access, input.voteId, now, audit),
  }),

  defineAction('congress.end', {
    allow: CHAIRS,
    scope: (tx, input) => unionOfCongress(tx, input.congressId),
    handler: ({ tx, input, now, audit }) => endCongress(tx, input.congressId, now, audit),
  }),

  defineAction('congress.createRunoff', {
    allow: CHAIRS,
    scope: (tx, input) => unionOfVote(tx, input.voteId),
    handler: ({ tx, input, caller, now, audit }) => createRunoff(tx, caller.personId, input.voteId, now, audit),
  }),

  defineAction('congress.live', {
    readOnly: true,
    allow: READERS,
    scope: (tx, input) => unionOfVote(tx, input.voteId),
    handler: ({ tx, input, access }) => liveView(tx, access, input.voteId),
  }),

  defineAction('congress.result', {
    readOnly: true,
    allow: READERS,
    scope: (tx, input) => unionOfVote(tx, input.voteId),
    handler: ({ tx, input, access }) => resultOf(tx, access, input.voteId),
  }),

  defineAction('congress.ballotList', {
    readOnly: true,
    allow: READERS,
    scope: (tx, input) => unionOfVote(tx, input.voteId),
    handler: ({ tx, input, access }) => ballotList(tx, access, input.voteId),
  }),

  defineAction('congress.verifyReceipt', {
    readOnly: true,
    allow: READERS,
    scope: (tx, input) => unionOfVote(tx, input.voteId),
    handler: ({ tx, input, access }) => verifyReceipt(tx, access, input.voteId, input.receiptCode),
  }),
];
