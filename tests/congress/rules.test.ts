import {
  checkBallot,
  checkDifferential,
  differentialMinimumExtra,
  inStrokeOrder,
  passMark,
  quorumMet,
  quorumNeeded,
  tallyElection,
  tallyResolution,
  type CountedBallot,
  type ElectionMark,
} from '@shared/contracts/congress-rules';

const cands = ['A', 'B', 'C', 'D'].map((n) => ({ id: `c${n}`, name: n }));

/** 'FFAx' → A: for, B: for, C: against, D: abstain; a lowercase letter after A = write-in name. */
function ballot(spec: string, writeIns: Record<number, string> = {}, valid = true): CountedBallot {
  const map: Record<string, ElectionMark> = { F: 'for', A: 'against', x: 'abstain' };
  return {
    valid,
    choices: {
      kind: 'election',
      marks: spec
        .split('')
        .map((ch, i) => ({ candidateId: cands[i].id, mark: map[ch], ...(writeIns[i] ? { writeIn: writeIns[i] } : {}) })),
    },
  };
}
const many = (n: number, b: CountedBallot) => Array.from({ length: n }, () => b);

describe('quorum and thresholds', () => {
  test.each([
    [30, 20, false], // exactly 2/3 is not "more than"
    [30, 21, true],
    [3, 2, false],
    [3, 3, true],
    [0, 0, false],
  ])('entitled %i, present %i → quorum %s', (entitled, present, met) => {
    expect(quorumMet(present, entitled, { quorumNum: 2, quorumDen: 3 })).toBe(met);
    if (entitled > 0) expect(quorumNeeded(entitled, { quorumNum: 2, quorumDen: 3 }) <= present).toBe(met);
  });
  test.each([
    [30, 16],
    [31, 16],
    [1, 1],
    [500, 251],
  ])('more than half of %i is %i', (base, mark) => expect(passMark(base)).toBe(mark));
  test.each([
    [5, 5, 1],
    [20, 5, 1],
    [21, 5, 2],
    [40, 10, 4],
    [9, 0, 1],
  ])('differential: %i seats at %i%% needs %i extra', (seats, pct, extra) =>
    expect(differentialMinimumExtra(seats, pct)).toBe(extra),
  );
  test('differential check refuses M = N and M too small, accepts enough', () => {
    expect(checkDifferential(5, 5, 5).ok).toBe(false);
    expect(checkDifferential(6, 5, 5).ok).toBe(true);
    expect(checkDifferential(22, 21, 5).ok).toBe(false);
    expect(checkDifferential(23, 21, 5).ok).toBe(true);
    expect(checkDifferential(5, 5, 5).message).toContain('至少 6 名');
  });
});

describe('ballot check (client and server)', () => {
  const vote = { kind: 'election' as const, seats: 2, candidates: cands };
  test.each<[string, ReturnType<typeof ballot>['choices'], { problems: string[]; overvoted: boolean; named: number }]>([
    ['two for', ballot('FFAx').choices, { problems: [], overvoted: false, named: 2 }],
    ['three for = over-vote', ballot('FFFx').choices, { problems: [], overvoted: true, named: 3 }],
    ['two for + one write-in = over-vote', ballot('FFAx', { 2: '王五' }).choices, { problems: [], overvoted: true, named: 3 }],
    ['one for + one write-in ok', ballot('FAAx', { 2: '王五' }).choices, { problems: [], overvoted: false, named: 2 }],
    [
      'write-in beside 赞成 refused',
      ballot('FxAx', { 0: '王五' }).choices,
      { problems: ['WRITE_IN_WITHOUT_AGAINST'], overvoted: false, named: 2 },
    ],
    [
      'write-in beside 弃权 refused',
      ballot('xxAx', { 1: '王五' }).choices,
      { problems: ['WRITE_IN_WITHOUT_AGAINST'], overvoted: false, named: 1 },
    ],
    [
      'write-in naming a candidate refused',
      ballot('FAAx', { 1: 'C' }).choices,
      { problems: ['WRITE_IN_IS_CANDIDATE'], overvoted: false, named: 2 },
    ],
    [
      'same write-in twice refused',
      ballot('AAxx', { 0: '王五', 1: ' 王五 ' }).choices,
      { problems: ['WRITE_IN_DUPLICATE'], overvoted: false, named: 2 },
    ],
    [
      'unknown candidate refused',
      { kind: 'election', marks: [{ candidateId: 'nope', mark: 'for' }] },
      { problems: ['UNKNOWN_CANDIDATE'], overvoted: false, named: 0 },
    ],
    [
      'candidate marked twice refused',
      {
        kind: 'election',
        marks: [
          { candidateId: 'cA', mark: 'for' },
          { candidateId: 'cA', mark: 'against' },
        ],
      },
      { problems: ['DUPLICATE_MARK'], overvoted: false, named: 1 },
    ],
    ['wrong kind refused', { kind: 'resolution', mark: 'for' }, { problems: ['WRONG_KIND'], overvoted: false, named: 0 }],
  ])('%s', (_name, choices, expected) => {
    const r = checkBallot(vote, choices);
    expect(r.problems.map((p) => p.code)).toEqual(expected.problems);
    expect(r.overvoted).toBe(expected.overvoted);
    expect(r.named).toBe(expected.named);
  });
  test('unmarked candidates become 弃权 in the stored ballot', () => {
    const r = checkBallot(vote, { kind: 'election', marks: [{ candidateId: 'cB', mark: 'for' }] });
    expect(r.normalized).toEqual({
      kind: 'election',
      marks: [
        { candidateId: 'cA', mark: 'abstain' },
        { candidateId: 'cB', mark: 'for' },
        { candidateId: 'cC', mark: 'abstain' },
        { candidateId: 'cD', mark: 'abstain' },
      ],
    });
  });
});

describe('counting a resolution', () => {
  const att = (entitled: number, present: number) => ({ entitled, present, issued: present });
  const r = (mark: 'for' | 'against' | 'abstain', valid = true): CountedBallot => ({
    valid,
    choices: { kind: 'resolution', mark },
  });
  test.each([
    // [for, against, abstain, entitled, present, base, passed]
    [16, 5, 3, 30, 24, 'entitled', true],
    [15, 5, 4, 30, 24, 'entitled', false], // 15 of 30 is not more than half
    [13, 5, 6, 30, 24, 'present', true], // 13 > 24/2
    [12, 6, 6, 30, 24, 'present', false],
  ] as const)(
    '%i for / %i against / %i abstain of %i (%i present, %s) → passed %s',
    (f, a, x, entitled, present, base, passed) => {
      const ballots = [...many(f, r('for')), ...many(a, r('against')), ...many(x, r('abstain'))];
      const t = tallyResolution(ballots, att(entitled, present), base);
      expect(t.passed).toBe(passed);
      expect([t.for, t.against, t.abstain, t.valid, t.invalid]).toEqual([f, a, x, f + a + x, 0]);
    },
  );
  test('more ballots returned than issued voids the vote', () => {
    const t = tallyResolution(many(5, r('for')), { entitled: 5, present: 4, issued: 4 }, 'entitled');
    expect(t.void).toBe(true);
    expect(t.passed).toBe(false);
  });
});

describe('counting an election (4 candidates)', () => {
  const att = { entitled: 10, present: 10, issued: 10 }; // pass mark 6

  test('clear result: top by votes elected, invalid ballots counted as cast but not counted', () => {
    const ballots = [...many(7, ballot('FFAx')), ...many(2, ballot('FAFx')), ballot('FFFx', {}, false)];
    const t = tallyElection(ballots, att, 'entitled', 2, cands);
    expect([t.returned, t.valid, t.invalid]).toEqual([10, 9, 1]);
    expect(t.elected.map((e) => [e.name, e.votes])).toEqual([
      ['A', 9],
      ['B', 7],
    ]);
    expect(t.runoff).toBeNull();
    const c = t.candidates.find((x) => x.name === 'C')!;
    expect([c.for, c.against, c.abstain]).toEqual([2, 7, 0]);
  });

  test('more pass than seats: the top N by votes', () => {
    const ballots = [...many(6, ballot('FFAx')), ...many(3, ballot('FAFx')), ballot('xFFx')];
    // A 10, B 7, C 4 → A and B pass, one seat: A
    const t = tallyElection(ballots, att, 'entitled', 1, cands);
    expect(t.candidates.filter((x) => x.passed).map((x) => x.name)).toEqual(['A', 'B']);
    expect(t.elected.map((e) => e.name)).toEqual(['A']);
    expect(t.runoff).toBeNull();
  });

  test('tie at the boundary → run-off among the tied for the remaining seat', () => {
    const ballots = [...many(4, ballot('FFAx')), ...many(3, ballot('FAFx')), ...many(3, ballot('FxFx'))]; // A 10, B 4, C 6: no tie
    const tie = [...many(7, ballot('FFFx')), ...many(3, ballot('FAAx'))]; // A 10, B 7, C 7
    const t = tallyElection(tie, att, 'entitled', 2, cands);
    expect(t.elected.map((e) => e.name)).toEqual(['A']);
    expect(t.runoff).toEqual({
      reason: 'tie',
      seats: 1,
      candidates: [
        { candidateId: 'cB', name: 'B' },
        { candidateId: 'cC', name: 'C' },
      ],
    });
    expect(t.candidates.filter((c) => c.tiedAtBoundary).map((c) => c.name)).toEqual(['B', 'C']);
    expect(tallyElection(ballots, att, 'entitled', 2, cands).runoff).toBeNull();
  });

  test('tie that is not at the boundary needs no run-off', () => {
    const t = tallyElection([...many(7, ballot('FFAx')), ...many(3, ballot('FFxx'))], att, 'entitled', 2, cands); // A 10, B 10
    expect(t.elected.map((e) => e.name)).toEqual(['A', 'B']);
    expect(t.runoff).toBeNull();
  });

  test('too few pass → 另行选举 among the listed candidates not elected, for the missing seats', () => {
    const t = tallyElection([...many(6, ballot('FAAx')), ...many(4, ballot('AFFx'))], att, 'entitled', 3, cands); // A 6, B 4, C 4
    expect(t.elected.map((e) => e.name)).toEqual(['A']);
    expect(t.runoff?.reason).toBe('shortfall');
    expect(t.runoff?.seats).toBe(2);
    expect(t.runoff?.candidates.map((c) => c.name)).toEqual(['B', 'C', 'D']);
  });

  test('threshold base 实到会 lowers the pass mark', () => {
    const ballots = [...many(5, ballot('FAAx')), ...many(2, ballot('AFAx'))];
    const a = { entitled: 10, present: 8, issued: 8 };
    expect(tallyElection(ballots, a, 'entitled', 1, cands).elected).toEqual([]);
    expect(tallyElection(ballots, a, 'present', 1, cands).elected.map((e) => e.name)).toEqual(['A']);
  });

  test('write-ins are counted per name and can be elected', () => {
    const ballots = [...many(6, ballot('FAxx', { 1: '王五' })), ...many(3, ballot('FAxx', { 1: '赵六' })), ballot('FFxx')];
    const t = tallyElection(ballots, att, 'entitled', 2, cands);
    expect(t.writeIns.map((w) => [w.name, w.votes])).toEqual([
      ['王五', 6],
      ['赵六', 3],
    ]);
    expect(t.elected.map((e) => e.name)).toEqual(['A', '王五']);
    expect(t.elected[1].candidateId).toBeNull();
    expect(t.candidates.find((c) => c.name === 'B')!.against).toBe(9);
  });

  test('a void election elects no one', () => {
    const t = tallyElection(many(11, ballot('FFxx')), att, 'entitled', 2, cands);
    expect(t.void).toBe(true);
    expect(t.elected).toEqual([]);
    expect(t.runoff).toBeNull();
  });
});

describe('ballot order: 姓氏笔画', () => {
  test('the runtime has ICU stroke collation (not a silent fallback to pinyin)', () => {
    expect(new Intl.Collator('zh-u-co-stroke').resolvedOptions().collation).toBe('stroke');
  });

  test('surnames by stroke count, then the given name by strokes; entry order does not matter', () => {
    // 丁 2, 马 3, 王 4, 刘 6, 张 7, 周 8, 赵 9 — entered in pinyin order (pinyin would give 丁 刘 马 王 张 赵 周)
    const entered = ['丁一', '刘洋', '马七', '王芳', '王一', '张伟', '赵磊', '周杰'].map((name, i) => ({ id: `c${i}`, name }));
    expect(inStrokeOrder(entered).map((c) => c.name)).toEqual(['丁一', '马七', '王一', '王芳', '刘洋', '张伟', '周杰', '赵磊']);
    expect(inStrokeOrder([...entered].reverse()).map((c) => c.name)).toEqual(inStrokeOrder(entered).map((c) => c.name));
    // the input is not reordered in place
    expect(entered[0].name).toBe('丁一');
  });
});
