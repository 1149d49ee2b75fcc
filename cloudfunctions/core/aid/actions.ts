import { defineAction, type ActionDef } from '../action';
import { REVIEWERS, UNION_READERS } from './common';
import { claimUnion } from './claim-record';
import { savePlan } from './plans';
import { enrol, enrolChoices, enrolMembers, estimate, plansWithEnrolment } from './enrolments';
import { saveDraft, submit } from './claims';
import { federationReview, review } from './reviews';
import { attachmentClaim, attachmentUrl, removeAttachment, uploadAttachment } from './attachments';
import { appendChunk, cancelUpload, finishUpload, startUpload, uploadUnion } from './uploads';
import { batchUnion, confirmBatchPaid, exportBatch, listBatches, pay } from './payouts';
import { claimSummary, listClaims, myClaims, viewClaim } from './views';

/** Actions of the aid area: who may call each, on which union, and the one domain function that does the work. */
export const aidActions: ActionDef[] = [
  defineAction('aid.plans', {
    readOnly: true,
    allow: ['member', 'chair', 'vice_chair', 'finance', 'federation_admin'],
    scope: (_tx, input, access) => input.unionId ?? access.memberUnionId(),
    handler: plansWithEnrolment,
  }),

  defineAction('aid.savePlan', {
    allow: ['chair', 'federation_admin'],
    scope: (_tx, input) => input.unionId,
    handler: savePlan,
  }),

  defineAction('aid.enrol', {
    allow: ['member'],
    scope: (_tx, _input, access) => access.memberUnionId(),
    handler: enrol,
  }),

  defineAction('aid.enrolMembers', {
    allow: ['chair', 'vice_chair'],
    scope: (_tx, input) => input.unionId,
    handler: enrolMembers,
  }),

  defineAction('aid.enrolChoices', {
    readOnly: true,
    allow: ['chair', 'vice_chair'],
    scope: (_tx, input) => input.unionId,
    handler: enrolChoices,
  }),

  defineAction('aid.estimate', {
    readOnly: true,
    allow: ['member'],
    scope: (_tx, _input, access) => access.memberUnionId(),
    handler: estimate,
  }),

  defineAction('aid.saveDraft', {
    allow: ['member'],
    scope: (_tx, _input, access) => access.memberUnionId(),
    handler: saveDraft,
  }),

  defineAction('aid.uploadAttachment', {
    allow: ['member'],
    scope: (tx, input) => claimUnion(tx, input.claimId),
    handler: uploadAttachment,
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
    handler: removeAttachment,
  }),

  defineAction('aid.attachmentUrl', {
    allow: 'signedIn',
    scope: async (tx, input) => (await attachmentClaim(tx, input.attachmentId)).union_id,
    handler: attachmentUrl,
  }),

  defineAction('aid.submit', {
    allow: ['member'],
    scope: (tx, input) => claimUnion(tx, input.claimId),
    handler: submit,
  }),

  defineAction('aid.myClaims', {
    readOnly: true,
    allow: 'signedIn',
    handler: myClaims,
  }),

  defineAction('aid.claim', {
    allow: 'signedIn',
    scope: (tx, input) => claimUnion(tx, input.claimId),
    handler: viewClaim,
  }),

  defineAction('aid.claims', {
    readOnly: true,
    allow: [...UNION_READERS, 'federation_admin'],
    scope: (_tx, input) => input.unionId,
    handler: listClaims,
  }),

  defineAction('aid.review', {
    allow: REVIEWERS,
    scope: (tx, input) => claimUnion(tx, input.claimId),
    handler: review,
  }),

  defineAction('aid.federationReview', {
    allow: ['federation_admin'],
    scope: (tx, input) => claimUnion(tx, input.claimId),
    handler: federationReview,
  }),

  defineAction('aid.pay', {
    allow: ['finance'],
    scope: (_tx, input) => input.unionId,
    handler: pay,
  }),

  defineAction('aid.confirmBatchPaid', {
    allow: ['finance'],
    scope: (tx, input) => batchUnion(tx, input.batchId),
    handler: confirmBatchPaid,
  }),

  defineAction('aid.batches', {
    readOnly: true,
    allow: ['finance', 'chair'],
    scope: (_tx, input) => input.unionId,
    handler: listBatches,
  }),

  defineAction('aid.exportBatch', {
    allow: ['finance'],
    scope: (tx, input) => batchUnion(tx, input.batchId),
    handler: exportBatch,
  }),

  defineAction('aid.summary', {
    readOnly: true,
    allow: [...UNION_READERS, 'federation_admin'],
    scope: (_tx, input) => input.unionId,
    handler: claimSummary,
  }),
];
