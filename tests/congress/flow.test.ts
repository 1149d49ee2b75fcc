import { sql } from 'drizzle-orm';
import { rows } from '../../cloudfunctions/core/db/client';
import { createHarness, type Harness } from '../support/harness';
import type { ElectionTally, ResolutionTally } from '@shared/contracts/congress';
import { agendaIds, candidates, checkInAll, congressInput, expectCode, makeMembers } from './support';

let h: Harness;
let chair: string;
beforeAll(async () => {
  h = await createHarness();
  chair = h.base.people.wangFang;
});
afterAll(() => h.close());

describe('the demo congress', () => {
  test('张伟 sees it, is a delegate, and his check-in meets the quorum', async () => {
    const zhang = h.base.people.zhangWei;
    const { congresses } = await h.ok(zhang, 'congress.list', { unionId: h.base.unions.xinghuo });
    expect(congresses).toHaveLength(1);
    expect(congresses[0]).toMatchObject({ delegates: 30, checkedIn: 20, isDelegate: true, status: 'checkin' });
    const c = await h.ok(chair, 'congress.get', { congressId: congresses[0].id });
    expect(c.attendance).toEqual({ entitled: 30, checkedIn: 20, quorumNeeded: 21, quorumMet: false });
    expect(c.agenda.map((v) => [v.kind, v.status, v.canOpen])).toEqual([
      ['resolution', 'pending', false],
      ['election', 'pending', false],
    ]);
    expect(c.agenda[1].candidates).toHaveLength(6);
    expect(c.agenda[1].differential?.ok).toBe(true);
    expect(c.streamUrl).toMatch(/^https:/);
    await expectCode(h.call(chair, 'congress.openVote', { voteId: c.agenda[0].id }), 'NO_QUORUM');
    const { attendance } = await h.ok(zhang, 'congress.checkIn', { congressId: c.id });
    expect(attendance).toMatchObject({ checkedIn: 21, quorumMet: true });
    // checking in twice changes nothing
    expect((await h.ok(zhang, 'congress.checkIn', { congressId: c.id })).attendance.checkedIn).toBe(21);
    const again = await h.ok(chair, 'congress.get', { congressId: c.id });
    expect(again.agenda[0].canOpen).toBe(true);
    expect(again.agenda[1].openBlockedReason).toContain('议程顺序');
  });
});

describe('a resolution from open to published', () => {
  let delegates: string[];
  let outsider: string; // member of the union, not a delegate
  let scrutineer: string;
  let congressId: string;
  let resolution: string;
  let election: string;
  const receipts = new Map<string, string>();

  beforeAll(async () => {
    delegates = await makeMembers(h, h.base.unions.xinghuo, 6);
    [outsider, scrutineer] = await makeMembers(h, h.base.unions.xinghuo, 2);
    ({ congressId } = await h.ok(
      chair,
      'congress.create',
      congressInput(h.base.unions.xinghuo, delegates, { scrutineers: [{ personId: scrutineer, role: 'monitor' }] }),
    ));
    const agenda = await agendaIds(h, chair, congressId);
    [resolution, election] = agenda.map((v) => v.id);
  });

  test('only the union chair may create it; delegates come from its members; scrutineers are not candidates', async () => {
    await expectCode(
      h.call(h.base.people.yangFan, 'congress.create', congressInput(h.base.unions.xinghuo, delegates)),
      'FORBIDDEN',
    );
    await expectCode(h.call(delegates[0], 'congress.create', congressInput(h.base.unions.xinghuo, delegates)), 'FORBIDDEN');
    await expectCode(
      h.call(chair, 'congress.create', congressInput(h.base.unions.xinghuo, [...delegates, h.base.people.yangFan])),
      'NOT_MEMBER',
    );
    const cand = {
      kind: 'election' as const,
      title: '选举',
      seats: 1,
      candidates: [
        { name: '甲', personId: delegates[0], cv: '' },
        { name: '乙', cv: '' },
      ],
    };
    await expectCode(
      h.call(
        chair,
        'congress.create',
        congressInput(h.base.unions.xinghuo, delegates, {
          agenda: [cand],
          scrutineers: [{ personId: delegates[0], role: 'counter' }],
        }),
      ),
      'SCRUTINEER_IS_CANDIDATE',
    );
    const bad = await h.call(chair, 'congress.create', { ...congressInput(h.base.unions.xinghuo, delegates), title: '' });
    expect(bad.ok ? null : bad.error.fields?.title).toContain('标题');
  });

  test('no vote opens before the quorum, out of order, or by someone else', async () => {
    await checkInAll(h, congressId, delegates.slice(0, 4)); // 4 of 6 = 2/3, not more
    await expectCode(h.call(chair, 'congress.openVote', { voteId: resolution }), 'NO_QUORUM');
    await h.ok(delegates[4], 'congress.checkIn', { congressId });
    await expectCode(h.call(chair, 'congress.openVote', { voteId: election }), 'OUT_OF_ORDER');
    await expectCode(h.call(h.base.people.yangFan, 'congress.openVote', { voteId: resolution }), 'FORBIDDEN');
    await expectCode(h.call(delegates[0], 'congress.openVote', { voteId: resolution }), 'FORBIDDEN');
    const v = await h.ok(chair, 'congress.openVote', { voteId: resolution });
    expect(v.status).toBe('open');
    await expectCode(h.call(chair, 'congress.openVote', { voteId: resolution }), 'VOTE_NOT_PENDING');
  });

  test('voting: delegates once each; non-delegates and other unions never; late arrivals after check-in', async () => {
    const cast = (who: string, mark: 'for' | 'against' | 'abstain') =>
      h.call(who, 'congress.castBallot', { voteId: resolution, choices: { kind: 'resolution', mark } });
    for (const [i, mark] of (['for', 'for', 'against', 'abstain'] as const).entries()) {
      const r = await cast(delegates[i], mark);
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.data.receiptCode).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
        receipts.set(delegates[i], r.data.receiptCode);
      }
    }
    await expectCode(cast(delegates[0], 'against'), 'ALREADY_VOTED');
    await expectCode(cast(outsider, 'for'), 'NOT_DELEGATE');
    await expectCode(cast(h.base.people.yangFan, 'for'), 'FORBIDDEN');
    await expectCode(cast(delegates[5], 'for'), 'NOT_CHECKED_IN');
    await h.ok(delegates[5], 'congress.checkIn', { congressId });
    const late = await cast(delegates[5], 'for');
    expect(late.ok).toBe(true);
    if (late.ok) receipts.set(delegates[5], late.data.receiptCode);
    await expectCode(
      h.call(delegates[4], 'congress.castBallot', { voteId: resolution, choices: { kind: 'election', marks: [] } }),
      'BALLOT_INVALID',
    );
    // the refused ballot did not use up delegate 4's turn
    const [t] = await rows<{ n: number }>(
      h.database.db,
      sql`SELECT count(*)::int AS n FROM congress_turnout WHERE vote_id = ${resolution}`,
    );
    expect(Number(t.n)).toBe(5);
  });

  test('live: delegates see turnout only, the chair and scrutineers see the running count', async () => {
    const asDelegate = await h.ok(delegates[0], 'congress.live', { voteId: resolution });
    expect(asDelegate).toMatchObject({ status: 'open', voted: 5, tally: null });
    expect(asDelegate.attendance.checkedIn).toBe(6);
    const asChair = await h.ok(chair, 'congress.live', { voteId: resolution });
    expect(asChair.tally).toMatchObject({ kind: 'resolution', for: 3, against: 1, abstain: 1 });
    const asScrutineer = await h.ok(scrutineer, 'congress.live', { voteId: resolution });
    expect((asScrutineer.tally as ResolutionTally).for).toBe(3);
    await expectCode(h.call(h.base.people.yangFan, 'congress.live', { voteId: resolution }), 'FORBIDDEN');
    await expectCode(h.call(chair, 'congress.result', { voteId: resolution }), 'VOTE_NOT_CLOSED');
    await expectCode(
      h.call(delegates[0], 'congress.verifyReceipt', { voteId: resolution, receiptCode: receipts.get(delegates[0])! }),
      'VOTE_NOT_CLOSED',
    );
  });

  test('close: counted, nothing accepted afterwards, receipts verifiable, then published to every member', async () => {
    const res = await h.ok(chair, 'congress.closeVote', { voteId: resolution });
    const t = res.tally as ResolutionTally;
    expect(t).toMatchObject({
      entitled: 6,
      present: 6,
      issued: 6,
      returned: 5,
      valid: 5,
      invalid: 0,
      for: 3,
      against: 1,
      abstain: 1,
      passMark: 4,
      passed: false,
      void: false,
    });
    expect(res.integrityNote).toContain('收回选票数不会多于发出选票数');
    expect(res.integrityNote).not.toMatch(/数据库|事务|字段|约束/); // an official report, not a design note
    // the voters' points (core/points-rules.ts): exactly the turnout, posted at the close, all at one moment
    const points = await rows<{ person_id: string; delta: number; at: string }>(
      h.database.db,
      sql`SELECT person_id, delta, created_at::text AS at FROM points_entries WHERE request_key = ${`vote:${resolution}`}`,
    );
    const turnout = await rows<{ delegate_id: string }>(
      h.database.db,
      sql`SELECT delegate_id FROM congress_turnout WHERE vote_id = ${resolution}`,
    );
    expect(points.map((p) => p.person_id).sort()).toEqual(turnout.map((t) => t.delegate_id).sort());
    expect(points).toHaveLength(5);
    expect(new Set(points.map((p) => p.at)).size).toBe(1);
    expect(points.every((p) => Number(p.delta) === 5)).toBe(true);
    await expectCode(
      h.call(delegates[4], 'congress.castBallot', { voteId: resolution, choices: { kind: 'resolution', mark: 'for' } }),
      'VOTE_CLOSED',
    );
    await expectCode(h.call(chair, 'congress.closeVote', { voteId: resolution }), 'VOTE_NOT_OPEN');

    const mine = await h.ok(delegates[2], 'congress.verifyReceipt', {
      voteId: resolution,
      receiptCode: receipts.get(delegates[2])!.toLowerCase(),
    });
    expect(mine).toEqual({
      found: true,
      receipt: { receiptCode: receipts.get(delegates[2]), fingerprint: expect.stringMatching(/^[A-Z2-7]{20}$/) },
    });
    expect((await h.ok(delegates[2], 'congress.verifyReceipt', { voteId: resolution, receiptCode: 'AAAAAAAAAA' })).found).toBe(
      false,
    );
    const list = await h.ok(delegates[0], 'congress.ballotList', { voteId: resolution });
    expect(list.receipts.map((b) => b.receiptCode).sort()).toEqual([...receipts.values()].sort());
    expect(list.receipts.map((b) => b.receiptCode)).toEqual([...list.receipts.map((b) => b.receiptCode)].sort());

    await expectCode(h.call(outsider, 'congress.result', { voteId: resolution }), 'NOT_PUBLISHED');
    await expectCode(h.call(delegates[0], 'congress.publish', { voteId: resolution }), 'FORBIDDEN');
    await h.ok(chair, 'congress.publish', { voteId: resolution });
    await expectCode(h.call(chair, 'congress.publish', { voteId: resolution }), 'ALREADY_PUBLISHED');
    const seen = await h.ok(outsider, 'congress.result', { voteId: resolution });
    expect(seen.vote.status).toBe('published');
    expect((seen.tally as ResolutionTally).passed).toBe(false);
    await expectCode(h.call(h.base.people.yangFan, 'congress.result', { voteId: resolution }), 'FORBIDDEN');

    const audits = await rows<{ action: string; detail: Record<string, unknown> }>(
      h.database.db,
      sql`SELECT action, detail FROM audit_log WHERE target_id = ${resolution} ORDER BY id`,
    );
    expect(audits.map((a) => a.action)).toEqual(['congress.openVote', 'congress.closeVote', 'congress.publish']);
    expect(audits[1].detail).toMatchObject({ returned: 5, turnout: 5 });
    const castAudits = await rows(h.database.db, sql`SELECT 1 FROM audit_log WHERE action LIKE '%cast%'`);
    expect(castAudits).toHaveLength(0);
  });

  test('election: over-vote warned then counted invalid; write-in only beside 不赞成; shortfall → run-off in one tap', async () => {
    const v = await h.ok(chair, 'congress.openVote', { voteId: election });
    // listed by strokes (姓氏笔画): 乙 1, 丙 5, 甲 5 — whatever order the chair entered them in
    expect(v.candidates.map((c) => c.name)).toEqual(['乙', '丙', '甲']);
    const idOf = (name: string) => v.candidates.find((c) => c.name === name)!.id;
    const [jia, yi, bing] = [idOf('甲'), idOf('乙'), idOf('丙')];
    const ballot = (a: string, b: string, c: string, writeIn?: string) => ({
      kind: 'election' as const,
      marks: [
        { candidateId: jia, mark: a as 'for' },
        { candidateId: yi, mark: b as 'for' },
        { candidateId: bing, mark: c as 'for', ...(writeIn ? { writeIn } : {}) },
      ],
    });
    const cast = (who: string, choices: ReturnType<typeof ballot>, confirmInvalid = false) =>
      h.call(who, 'congress.castBallot', { voteId: election, choices, confirmInvalid });

    await expectCode(cast(delegates[0], ballot('for', 'for', 'for')), 'BALLOT_OVERVOTED');
    await expectCode(cast(delegates[0], ballot('for', 'for', 'abstain', '丁')), 'BALLOT_INVALID');
    const invalid = await cast(delegates[0], ballot('for', 'for', 'for'), true);
    expect(invalid.ok && invalid.data.valid).toBe(false);
    await expectCode(cast(delegates[3], ballot('for', 'for', 'against', '丁')), 'BALLOT_OVERVOTED'); // 2 赞成 + 1 write-in > 2 seats
    for (const [who, choices] of [
      [delegates[1], ballot('for', 'for', 'against')],
      [delegates[2], ballot('for', 'against', 'for')],
      [delegates[3], ballot('for', 'against', 'against', '丁')],
      [delegates[4], ballot('against', 'for', 'for')],
      [delegates[5], ballot('for', 'abstain', 'for')],
    ] as const) {
      const r = await cast(who, choices);
      expect(r.ok && r.data.valid).toBe(true);
    }
    // 5 valid ballots: 甲 4, 乙 2, 丙 3, 丁 1; pass mark is 4 of 6 entitled → 甲 elected, one seat short
    const res = await h.ok(chair, 'congress.closeVote', { voteId: election });
    const t = res.tally as ElectionTally;
    expect([t.returned, t.valid, t.invalid]).toEqual([6, 5, 1]);
    expect(t.candidates.map((c) => [c.name, c.for, c.against, c.abstain])).toEqual([
      ['乙', 2, 2, 1],
      ['丙', 3, 2, 0],
      ['甲', 4, 1, 0],
    ]);
    expect(t.writeIns).toMatchObject([{ name: '丁', votes: 1 }]);
    expect(t.elected.map((e) => e.name)).toEqual(['甲']);
    expect(t.runoff).toMatchObject({ reason: 'shortfall', seats: 1 });
    expect(t.runoff?.candidates.map((c) => c.name)).toEqual(['乙', '丙']);

    await expectCode(h.call(delegates[0], 'congress.createRunoff', { voteId: election }), 'FORBIDDEN');
    const runoff = await h.ok(chair, 'congress.createRunoff', { voteId: election });
    expect(runoff).toMatchObject({ status: 'open', seats: 1, round: 1, runoffOf: election });
    expect(runoff.candidates.map((c) => c.name)).toEqual(['乙', '丙']);
    expect(runoff.title).toContain('另行选举');
    await expectCode(h.call(chair, 'congress.createRunoff', { voteId: election }), 'RUNOFF_EXISTS');
    for (const d of delegates.slice(0, 4)) {
      await h.ok(d, 'congress.castBallot', {
        voteId: runoff.id,
        choices: {
          kind: 'election',
          marks: [
            { candidateId: runoff.candidates[0].id, mark: 'for' },
            { candidateId: runoff.candidates[1].id, mark: 'against' },
          ],
        },
      });
    }
    const r2 = (await h.ok(chair, 'congress.closeVote', { voteId: runoff.id })).tally as ElectionTally;
    expect(r2.elected.map((e) => e.name)).toEqual(['乙']);
    expect(r2.runoff).toBeNull();
  });
});

describe('the chair cannot open an election that breaks the differential rule', () => {
  test('2 seats from 2 candidates, and 21 seats from 22 (5 % → 2 extra)', async () => {
    const delegates = await makeMembers(h, h.base.unions.xinghuo, 3);
    const names = (n: number) => Array.from({ length: n }, (_, i) => `候选人${i + 1}`);
    const { congressId } = await h.ok(
      chair,
      'congress.create',
      congressInput(h.base.unions.xinghuo, delegates, {
        agenda: [
          { kind: 'election', title: '等额', seats: 2, candidates: candidates(names(2)) },
          { kind: 'election', title: '差额不足', seats: 21, candidates: candidates(names(22)) },
        ],
        settings: { thresholdBase: 'present' },
      }),
    );
    await checkInAll(h, congressId);
    const [eq, few] = await agendaIds(h, chair, congressId);
    expect(eq.differential).toMatchObject({ ok: false, minimumCandidates: 3 });
    await expectCode(h.call(chair, 'congress.openVote', { voteId: eq.id }), 'DIFFERENTIAL_RULE');
    expect(few.differential).toMatchObject({ ok: false, minimumCandidates: 23 });
  });
});

describe('choosing delegates for a new congress', () => {
  test('the chair lists the active members by name and member number only; others may not', async () => {
    const { members } = await h.ok(chair, 'congress.memberChoices', { unionId: h.base.unions.xinghuo });
    expect(members.length).toBeGreaterThanOrEqual(60);
    expect(members.map((m) => m.personId)).toEqual(expect.arrayContaining(h.base.membersOf.xinghuo));
    expect(Object.keys(members[0]).sort()).toEqual(['memberNo', 'name', 'personId']);
    await expectCode(h.call(h.base.people.zhangWei, 'congress.memberChoices', { unionId: h.base.unions.xinghuo }), 'FORBIDDEN');
    await expectCode(h.call(h.base.people.yangFan, 'congress.memberChoices', { unionId: h.base.unions.xinghuo }), 'FORBIDDEN');
  });

  test('a bad agenda item is named by its field, so the form can show it in place', async () => {
    const bad = await h.call(chair, 'congress.create', {
      ...congressInput(h.base.unions.xinghuo, h.base.membersOf.xinghuo.slice(0, 3)),
      agenda: [
        {
          kind: 'election',
          title: '选举',
          seats: 1,
          candidates: [
            { name: '', cv: '' },
            { name: '乙', cv: '' },
          ],
        },
      ],
    });
    expect(bad.ok ? null : Object.keys(bad.error.fields ?? {})).toEqual(['agenda.0.candidates.0.name']);
  });
});
