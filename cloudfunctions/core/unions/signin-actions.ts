import { defineAction, type ActionDef } from '../action';
import { wecomWebLogin } from './wecom-login';
import { authorizeUrl, jsapiSignatureFor } from './wecom-web';
import { listCorps, saveCorp } from '../platform/wecom-corps';
import { listProblems, resolveProblem } from '../platform/problem-views';

/**
 * Sign-in on h5 inside WeCom (OAuth2, JS-SDK) and the federation's platform setup (corps, setup problems).
 * Hosted by the unions function.
 */
export const signinActions: ActionDef[] = [
  defineAction('unions.wecomAuthorizeUrl', {
    readOnly: true,
    allow: 'public',
    handler: authorizeUrl,
  }),

  defineAction('unions.wecomWebLogin', {
    allow: 'public',
    handler: ({ tx, input, audit }) => wecomWebLogin(tx, input.code, audit),
  }),

  defineAction('unions.wecomJsapiSignature', {
    readOnly: true,
    allow: 'signedIn',
    handler: jsapiSignatureFor,
  }),

  defineAction('unions.platformProblems', {
    readOnly: true,
    allow: ['federation_admin'],
    scope: (_tx, input) => input.unionId,
    handler: listProblems,
  }),

  defineAction('unions.wecomCorps', {
    readOnly: true,
    allow: ['federation_admin'],
    scope: (_tx, input) => input.unionId,
    handler: listCorps,
  }),

  defineAction('unions.saveWecomCorp', {
    allow: ['federation_admin'],
    scope: (_tx, input) => input.unionId,
    handler: saveCorp,
  }),

  defineAction('unions.resolvePlatformProblem', {
    allow: ['federation_admin'],
    scope: (_tx, input) => input.unionId,
    handler: resolveProblem,
  }),
];
