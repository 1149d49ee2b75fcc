import { people } from '../../cloudfunctions/core/db/schema';
import { rows, sql } from '../../cloudfunctions/core/db/client';
import { actionRegistry } from '../../cloudfunctions/core/actions';
import { authorize } from '../../cloudfunctions/core/auth/authorize';
import { loadAccess } from '../../cloudfunctions/core/auth/access';
import { anonymous, type Caller } from '../../cloudfunctions/core/auth/caller';
import type { Allow } from '../../cloudfunctions/core/action';
import type { Role } from '@shared/contracts/unions';
import type { SeedBase } from '../../cloudfunctions/core/db/seed-base';
import { createHarness, type Harness } from '../support/harness';

/**
 * The authorization matrix: every action × every kind of caller × own / other union.
 *
 * POLICY is the reviewed statement of who may call what, written apart from the code: changing an
 * action's `allow` without changing this table fails the test, and so does an action missing here.
 * Expected outcomes are derived from the seeded union tree below, not from `Access.can`.
 */
const OFFICERS: Role[] = ['chair', 'vice_chair', 'finance'];
const MEMBERSHIP_MANAGERS: Role[] = ['chair', 'vice_chair', 'federation_admin'];
const ROSTER_KEEPERS: Role[] = [...OFFICERS, 'federation_admin'];
const CONGRESS_READERS: Role[] = ['member', 'chair', 'vice_chair', 'federation_admin'];
const CONGRESS_CHAIRS: Role[] = ['chair', 'vice_chair'];
const SERVICE_MANAGERS: Role[] = ['service_staff', ...OFFICERS];
const PERK_OFFICERS: Role[] = ['chair', 'vice_chair', 'federation_admin'];

const POLICY: Record<string, Allow> = {
  'unions.home': 'signedIn',
  'unions.wecomLogin': 'public',
  'unions.brand': 'public',
  'unions.tree': ['federation_admin', 'chair', 'vice_chair'],
  'unions.updateBranding': ['chair', 'federation_admin'],
  'unions.officers': ['chair', 'federation_admin'],
  'unions.grantRole': ['chair', 'federation_admin'],
  'unions.revokeRole': ['chair', 'federation_admin'],
  'unions.roleHistory': ['chair', 'federation_admin'],
  'unions.signOutEverywhere': 'signedIn',
  'notices.list': 'signedIn',
  'notices.markRead': 'signedIn',

  'membership.rosterTemplate': ROSTER_KEEPERS,
  'membership.startRosterImport': ROSTER_KEEPERS,
  'membership.uploadRosterChunk': ROSTER_KEEPERS,
  'membership.previewRosterImport': ROSTER_KEEPERS,
  'membership.rosterImportRows': ROSTER_KEEPERS,
  'membership.confirmRosterImport': ROSTER_KEEPERS,
  'membership.cancelRosterImport': ROSTER_KEEPERS,
  'membership.listRoster': ROSTER_KEEPERS,
  'membership.createInvite': MEMBERSHIP_MANAGERS,
  'membership.listInvites': MEMBERSHIP_MANAGERS,
  'membership.revokeInvite': MEMBERSHIP_MANAGERS,
  'membership.inviteQr': MEMBERSHIP_MANAGERS,
  'membership.inviteInfo': 'public',
  'membership.join': 'signedIn',
  'membership.transfer': 'signedIn',
  'membership.leave': 'signedIn',
  'membership.myMembership': 'signedIn',
  'membership.listApplications': MEMBERSHIP_MANAGERS,
  'membership.approve': MEMBERSHIP_MANAGERS,
  'membership.reject': MEMBERSHIP_MANAGERS,
  'membership.approveBatch': MEMBERSHIP_MANAGERS,
  'membership.verifyCard': [...OFFICERS, 'service_staff', 'federation_admin'],

  'aid.plans': ['member', ...OFFICERS, 'federation_admin'],
  'aid.savePlan': ['chair', 'federation_admin'],
  'aid.enrol': ['member'],
  'aid.enrolMembers': ['chair', 'vice_chair'],
  'aid.enrolChoices': ['chair', 'vice_chair'],
  'aid.estimate': ['member'],
  'aid.saveDraft': ['member'],
  'aid.uploadAttachment': ['member'],
  'aid.startUpload': ['member'],
  'aid.uploadChunk': ['member'],
  'aid.finishUpload': ['member'],
  'aid.cancelUpload': ['member'],
  'aid.removeAttachment': ['member'],
  'aid.attachmentUrl': 'signedIn',
  'aid.submit': ['member'],
  'aid.myClaims': 'signedIn',
  'aid.claim': 'signedIn',
  'aid.claims': [...OFFICERS, 'federation_admin'],
  'aid.review': ['chair', 'vice_chair'],
  'aid.federationReview': ['federation_admin'],
  'aid.pay': ['finance'],
  'aid.batches': ['finance', 'chair'],
  'aid.exportBatch': ['finance'],
  'aid.summary': [...OFFICERS, 'federation_admin'],

  'congress.list': CONGRESS_READERS,
  'congress.create': CONGRESS_CHAIRS,
  'congress.memberChoices': CONGRESS_CHAIRS,
  'congress.get': CONGRESS_READERS,
  'congress.delegates': CONGRESS_READERS,
  'congress.checkIn': ['member'],
  'congress.checkInDelegate': CONGRESS_CHAIRS,
  'congress.saveDelegates': CONGRESS_CHAIRS,
  'congress.openVote': CONGRESS_CHAIRS,
  'congress.castBallot': ['member'],
  'congress.closeVote': CONGRESS_CHAIRS,
  'congress.publish': CONGRESS_CHAIRS,
  'congress.createRunoff': CONGRESS_CHAIRS,
  'congress.end': CONGRESS_CHAIRS,
  'congress.live': CONGRESS_READERS,
  'congress.result': CONGRESS_READERS,
  'congress.ballotList': CONGRESS_READERS,
  'congress.verifyReceipt': CONGRESS_READERS,

  'booking.services': 'signedIn',
  'booking.saveService': SERVICE_MANAGERS,
  'booking.generateWeek': SERVICE_MANAGERS,
  'booking.week': 'signedIn',
  'booking.book': 'signedIn',
  'booking.cancel': 'signedIn',
  'booking.mine': 'signedIn',
  'booking.joinWaitlist': 'signedIn',
  'booking.leaveWaitlist': 'signedIn',
  'booking.day': SERVICE_MANAGERS,
  'booking.checkIn': SERVICE_MANAGERS,
  'booking.markNoShow': SERVICE_MANAGERS,
  'booking.closeSlot': SERVICE_MANAGERS,
  'booking.closeDay': SERVICE_MANAGERS,
  'booking.saveProviders': SERVICE_MANAGERS,
  'booking.takeProviderOff': SERVICE_MANAGERS,
  'booking.putProviderBack': SERVICE_MANAGERS,
  'booking.stats': SERVICE_MANAGERS,
  'booking.remind': SERVICE_MANAGERS,

  'perks.activities': 'signedIn',
  'perks.activity': 'signedIn',
  'perks.publishActivity': PERK_OFFICERS,
  'perks.signUp': 'signedIn',
  'perks.cancelSignup': 'signedIn',
  'perks.draw': PERK_OFFICERS,
  'perks.lotteryList': 'signedIn',
  'perks.signups': [...PERK_OFFICERS, 'service_staff'],
  'perks.checkIn': [...PERK_OFFICERS, 'service_staff'],
  'perks.myPoints': 'signedIn',
  'perks.grantPoints': PERK_OFFICERS,
  'perks.unionPoints': PERK_OFFICERS,
  'perks.publishBatch': PERK_OFFICERS,
  'perks.batches': 'signedIn',
  'perks.grab': 'signedIn',
  'perks.myCoupons': 'signedIn',
  'perks.redeem': ['service_staff', ...PERK_OFFICERS],
  // issue 16: federation overview and member directory (hosted by the unions function)
  'unions.overview': ['federation_admin', 'chair', 'vice_chair'],
  'membership.exportOverview': ['federation_admin', 'chair', 'vice_chair'],
  'unions.memberDirectory': ['chair', 'vice_chair', 'finance', 'federation_admin'],
  'membership.exportMembers': ['chair', 'federation_admin'],
  'unions.memberDetail': ['chair', 'vice_chair', 'finance', 'federation_admin'],
  // issue 14, sign-in (wp-signin)
  'unions.wecomAuthorizeUrl': 'public',
  'unions.wecomWebLogin': 'public',
  'unions.wecomJsapiSignature': 'signedIn',
  'unions.platformProblems': ['federation_admin'],
  'unions.wecomCorps': ['federation_admin'],
  'unions.saveWecomCorp': ['federation_admin'],
  'membership.invitePoster': ['chair', 'vice_chair', 'federation_admin'],
  'membership.inviteByScene': 'public',
  // issue 13 (journeys)
  'aid.confirmBatchPaid': ['finance'],
  'membership.withdrawApplication': 'signedIn',
  'perks.signupsXlsx': PERK_OFFICERS,
  // issue 14, sign-in follow-up (wp-signin2)
  'unions.resolvePlatformProblem': ['federation_admin'],
};

type UnionKey = keyof SeedBase['unions'];
/** The seeded tree, child → parent, as the demo federation is drawn. */
const PARENT: Record<UnionKey, UnionKey | null> = {
  city: null,
  east: 'city',
  west: 'city',
  eastStreet: 'east',
  westTown: 'west',
  xinghuo: 'eastStreet',
  school: 'eastStreet',
  logistics: 'westTown',
};
const selfAndAncestors = (u: UnionKey): UnionKey[] => (PARENT[u] ? [u, ...selfAndAncestors(PARENT[u]!)] : [u]);

interface Persona {
  label: string;
  person: (h: Harness) => string | null;
  grants: { role: Role; union: UnionKey }[];
}

const seeded = (key: string) => (h: Harness) => h.base.people[key];
const PERSONAS: Persona[] = [
  { label: 'anonymous', person: () => null, grants: [] },
  { label: 'signed-in non-member', person: () => 'outsider', grants: [] },
  { label: 'member of 星火', person: seeded('zhangWei'), grants: [{ role: 'member', union: 'xinghuo' }] },
  {
    label: 'chair of 星火',
    person: seeded('wangFang'),
    grants: [
      { role: 'member', union: 'xinghuo' },
      { role: 'chair', union: 'xinghuo' },
    ],
  },
  {
    label: 'vice chair of 星火',
    person: seeded('liQiang'),
    grants: [
      { role: 'member', union: 'xinghuo' },
      { role: 'vice_chair', union: 'xinghuo' },
    ],
  },
  {
    label: 'finance of 星火',
    person: seeded('liNa'),
    grants: [
      { role: 'member', union: 'xinghuo' },
      { role: 'finance', union: 'xinghuo' },
    ],
  },
  {
    label: 'service staff of 星火',
    person: seeded('liuYang'),
    grants: [
      { role: 'member', union: 'xinghuo' },
      { role: 'service_staff', union: 'xinghuo' },
    ],
  },
  {
    label: 'chair of 青石物流',
    person: seeded('zhouJie'),
    grants: [
      { role: 'member', union: 'logistics' },
      { role: 'chair', union: 'logistics' },
    ],
  },
  { label: 'admin of 东湖区 (above 星火)', person: seeded('chenJing'), grants: [{ role: 'federation_admin', union: 'east' }] },
  { label: 'admin of 西山区 (not above 星火)', person: seeded('sunLi'), grants: [{ role: 'federation_admin', union: 'west' }] },
  { label: 'admin of the city', person: seeded('zhaoLei'), grants: [{ role: 'federation_admin', union: 'city' }] },
];

/** Own union of the 星火 people, a sister union under the same street, and a union in the other district. */
const TARGETS: UnionKey[] = ['xinghuo', 'school', 'logistics'];

function expected(policy: Allow, persona: Persona, target: UnionKey): 'allowed' | 'UNAUTHENTICATED' | 'FORBIDDEN' {
  const anonymousCaller = persona.label === 'anonymous';
  if (policy === 'public') return 'allowed';
  if (anonymousCaller) return 'UNAUTHENTICATED';
  if (policy === 'signedIn') return 'allowed';
  const covered = persona.grants.some(
    (g) =>
      policy.includes(g.role) &&
      (g.role === 'federation_admin' ? selfAndAncestors(target).includes(g.union) : g.union === target),
  );
  return covered ? 'allowed' : 'FORBIDDEN';
}

describe('authorization matrix: action × caller × union', () => {
  let h: Harness;
  let outsiderId: string;

  beforeAll(async () => {
    h = await createHarness();
    const [row] = await h.database.db.insert(people).values({ name: '路人甲' }).returning({ id: people.id });
    outsiderId = row.id;
  });
  afterAll(() => h?.close());

  test('every action has a reviewed policy, and the code declares exactly that policy', () => {
    const declared = Object.fromEntries([...actionRegistry.values()].map((d) => [d.name, d.allow]));
    expect(Object.keys(declared).sort()).toEqual(Object.keys(POLICY).sort());
    for (const [name, allow] of Object.entries(declared)) {
      const want = POLICY[name];
      const norm = (a: Allow) => (typeof a === 'string' ? a : [...a].sort());
      expect({ name, allow: norm(allow) }).toEqual({ name, allow: norm(want) });
    }
  });

  test('every role-restricted action names the union it acts on', () => {
    const unscoped = [...actionRegistry.values()].filter((d) => typeof d.allow !== 'string' && !d.scope).map((d) => d.name);
    expect(unscoped).toEqual([]);
  });

  test.each(PERSONAS.map((p) => [p.label, p] as const))('%s', async (_label, persona) => {
    const personId = persona.person(h) === 'outsider' ? outsiderId : persona.person(h);
    const caller: Caller = personId ? { personId, source: 'dev' } : anonymous;
    const mismatches: string[] = [];
    let checked = 0;
    await h.database.db.transaction(async (tx) => {
      const access = await loadAccess(tx, caller);
      for (const def of actionRegistry.values()) {
        for (const target of TARGETS) {
          const targetId = h.base.unions[target];
          // The real scope functions are exercised by each area's integration tests; here every action
          // is pointed at the target union so the rule itself is checked for each combination.
          const pointed = { ...def, scope: () => targetId };
          let outcome: string;
          try {
            await authorize(tx, pointed, {}, access);
            outcome = 'allowed';
          } catch (e) {
            outcome = (e as { code?: string }).code ?? String(e);
          }
          const want = expected(POLICY[def.name], persona, target);
          checked++;
          if (outcome !== want) mismatches.push(`${def.name} on ${target}: got ${outcome}, want ${want}`);
        }
      }
    });
    expect(checked).toBe(actionRegistry.size * TARGETS.length);
    expect(mismatches).toEqual([]);
  });

  test.each(PERSONAS.filter((p) => p.label !== 'anonymous').map((p) => [p.label, p] as const))(
    'the same rule in SQL (pu_caller_refusal_v1, what session-inline actions check in their statement): %s',
    async (_label, persona) => {
      const personId = persona.person(h) === 'outsider' ? outsiderId : persona.person(h);
      const mismatches: string[] = [];
      let checked = 0;
      for (const def of actionRegistry.values()) {
        if (typeof def.allow === 'string') continue;
        for (const target of TARGETS) {
          const [r] = await rows<{ refusal: string | null }>(
            h.database.db,
            sql`SELECT pu_caller_refusal_v1(${personId}::uuid, NULL, ${`{${def.allow.join(',')}}`}::text[], u.id, u.path) AS refusal
                  FROM unions u WHERE u.id = ${h.base.unions[target]}`,
          );
          const want = expected(POLICY[def.name], persona, target);
          checked++;
          if ((r.refusal ?? 'allowed') !== want) mismatches.push(`${def.name} on ${target}: got ${r.refusal}, want ${want}`);
        }
      }
      expect(checked).toBeGreaterThan(0);
      expect(mismatches).toEqual([]);
    },
  );

  test('through the function entry: a member cannot list the roster; only officers above or of the union read its claim summary', async () => {
    const { base } = h;
    const roster = await h.call(base.people.zhangWei, 'membership.listRoster', { unionId: base.unions.xinghuo } as never);
    expect(roster.ok ? 'ok' : roster.error.code).toBe('FORBIDDEN');
    const summary = await h.call(base.people.zhouJie, 'aid.summary', { unionId: base.unions.xinghuo, year: 2026 } as never);
    expect(summary.ok ? 'ok' : summary.error.code).toBe('FORBIDDEN');
    const above = await h.call(base.people.chenJing, 'aid.summary', { unionId: base.unions.xinghuo, year: 2026 } as never);
    expect(above.ok ? 'ok' : above.error.code).toBe('ok');
    const sideways = await h.call(base.people.sunLi, 'aid.summary', { unionId: base.unions.xinghuo, year: 2026 } as never);
    expect(sideways.ok ? 'ok' : sideways.error.code).toBe('FORBIDDEN');
  });
});
