import type { ActionDef } from '../action';
import { defineAction } from '../action';
import { personIdOf } from '../auth/caller';
import { bookPlace } from './book';
import { bookingUnion, checkIn, markNoShow, myBookings } from './bookings';
import { shanghaiDate } from './calendar';
import { cancelBooking } from './cancel';
import { staffDay } from './day';
import { providerUnion, putProviderBack, saveProviders, takeProviderOff } from './providers';
import { remindDue } from './reminders';
import { MANAGERS, listServices, saveService, serviceUnion, serviceView } from './services';
import { joinWaitlist, leaveWaitlist } from './waitlist';
import { closeDay, closeOneSlot, generateWeek, memberWeek, slotUnion, weekFigures } from './week';

/** Actions of the booking area: who may call each, on which union, and the one function that does the work. */
export const bookingActions: ActionDef[] = [
  defineAction('booking.services', {
    readOnly: true,
    allow: 'signedIn',
    handler: ({ tx, access }) => listServices(tx, access),
  }),

  defineAction('booking.saveService', {
    allow: MANAGERS,
    scope: (_tx, input) => input.unionId,
    async handler({ tx, input, access, audit }) {
      const s = await saveService(tx, input);
      await audit({
        action: 'booking.saveService',
        unionId: input.unionId,
        targetType: 'booking_service',
        targetId: s.id,
        detail: { input },
      });
      return serviceView(s, access);
    },
  }),

  defineAction('booking.generateWeek', {
    allow: MANAGERS,
    scope: (tx, input) => serviceUnion(tx, input.serviceId),
    handler: ({ tx, input, now, audit }) => generateWeek(tx, input, now, audit),
  }),

  defineAction('booking.week', {
    readOnly: true,
    allow: 'signedIn',
    scope: (tx, input) => serviceUnion(tx, input.serviceId),
    handler: ({ tx, input, access, caller, now }) =>
      memberWeek(tx, access, personIdOf(caller.personId), input.serviceId, input.weekStart, now),
  }),

  defineAction('booking.book', {
    // Eligibility (own union or a federation subtree) is a business rule checked, with everything else and the
    // audit row, inside the one statement of `bookPlace` (book.ts): no scope or role lookup on the path of a rush.
    // One round trip in all: the session checked inside that statement too (booking_book_v3), roles not needed.
    allow: 'signedIn',
    transaction: false,
    budget: 'inline',
    session: 'inline',
    async handler({ tx: db, input, caller, check, now, writeBudget }) {
      return bookPlace(db, {
        personId: personIdOf(caller.personId),
        sessionVersion: check?.sessionVersion ?? null,
        slotId: input.slotId,
        providerId: input.providerId ?? null,
        requestId: input.requestId ?? null,
        now,
        writeBudget,
      });
    },
  }),

  defineAction('booking.cancel', {
    allow: 'signedIn',
    scope: (tx, input) => bookingUnion(tx, input.bookingId),
    handler: ({ tx, input, caller, now, audit, union }) =>
      cancelBooking(tx, personIdOf(caller.personId), input.bookingId, union?.id, now, audit),
  }),

  defineAction('booking.mine', {
    readOnly: true,
    allow: 'signedIn',
    handler: ({ tx, input, caller, now }) => myBookings(tx, personIdOf(caller.personId), input.serviceId, now),
  }),

  defineAction('booking.joinWaitlist', {
    allow: 'signedIn',
    scope: (tx, input) => serviceUnion(tx, input.serviceId),
    handler: ({ tx, input, access, caller, now, audit }) =>
      joinWaitlist(tx, access, personIdOf(caller.personId), input, now, audit),
  }),

  defineAction('booking.leaveWaitlist', {
    allow: 'signedIn',
    scope: (tx, input) => serviceUnion(tx, input.serviceId),
    handler: ({ tx, input, caller }) => leaveWaitlist(tx, personIdOf(caller.personId), input.serviceId, input.date),
  }),

  defineAction('booking.day', {
    readOnly: true,
    allow: MANAGERS,
    scope: (tx, input) => serviceUnion(tx, input.serviceId),
    handler: ({ tx, input, now }) => staffDay(tx, input.serviceId, input.date ?? shanghaiDate(now)),
  }),

  defineAction('booking.checkIn', {
    allow: MANAGERS,
    scope: (tx, input) => serviceUnion(tx, input.serviceId),
    handler: ({ tx, input, caller, now, audit, union }) => checkIn(tx, input, caller.personId, union?.id, now, audit),
  }),

  defineAction('booking.markNoShow', {
    allow: MANAGERS,
    scope: (tx, input) => bookingUnion(tx, input.bookingId),
    handler: ({ tx, input, now, audit, union }) => markNoShow(tx, input.bookingId, union?.id, now, audit),
  }),

  defineAction('booking.closeSlot', {
    allow: MANAGERS,
    scope: (tx, input) => slotUnion(tx, input.slotId),
    handler: ({ tx, input, now, audit, union }) => closeOneSlot(tx, input.slotId, input.reason, union?.id, now, audit),
  }),

  defineAction('booking.closeDay', {
    allow: MANAGERS,
    scope: (tx, input) => serviceUnion(tx, input.serviceId),
    handler: ({ tx, input, now, audit, union }) => closeDay(tx, input, union?.id, now, audit),
  }),

  defineAction('booking.saveProviders', {
    allow: MANAGERS,
    scope: (tx, input) => serviceUnion(tx, input.serviceId),
    handler: ({ tx, input, now, audit, union }) => saveProviders(tx, input.serviceId, input.providers, union?.id, now, audit),
  }),

  defineAction('booking.takeProviderOff', {
    allow: MANAGERS,
    scope: (tx, input) => providerUnion(tx, input.providerId),
    handler: ({ tx, input, caller, now, audit, union }) =>
      takeProviderOff(tx, { ...input, by: caller.personId, now }, union?.id, audit),
  }),

  defineAction('booking.putProviderBack', {
    allow: MANAGERS,
    scope: (tx, input) => providerUnion(tx, input.providerId),
    handler: ({ tx, input, now, audit, union }) => putProviderBack(tx, { ...input, now }, union?.id, audit),
  }),

  defineAction('booking.stats', {
    readOnly: true,
    allow: MANAGERS,
    scope: (tx, input) => serviceUnion(tx, input.serviceId),
    handler: ({ tx, input, now }) => weekFigures(tx, input.serviceId, input.weeks, now),
  }),

  defineAction('booking.remind', {
    allow: MANAGERS,
    scope: (tx, input) => serviceUnion(tx, input.serviceId),
    async handler({ tx, input, now }) {
      return { sent: await remindDue(tx, now, input.withinMinutes, input.serviceId) };
    },
  }),
];
