import { defineAction, type ActionDef } from '../action';
import { listNotices, markNoticesRead } from './store';

/** A person's own notices (hosted by the unions function). Identity from the session only. */
export const noticesActions: ActionDef[] = [
  defineAction('notices.list', {
    readOnly: true,
    allow: 'signedIn',
    async handler({ tx, input, caller }) {
      // a WeChat user not yet on the platform has no notices
      if (!caller.personId) return { notices: [], unread: 0 };
      return listNotices(tx, caller.personId, { source: input.source, limit: input.limit });
    },
  }),

  defineAction('notices.markRead', {
    allow: 'signedIn',
    async handler({ tx, input, caller, now }) {
      if (!caller.personId) return { marked: 0, unread: 0 };
      return markNoticesRead(tx, caller.personId, now, input.noticeIds);
    },
  }),
];
