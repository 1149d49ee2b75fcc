/**
 * The counting rules of the worker congress (职代会), pure and shared: the server counts with them,
 * the ballot page checks a ballot with them before it is submitted. No I/O, no clock, no randomness.
 *
 * Sources (defaults; each is a setting): 《工会基层组织选举工作条例》(2016) and 《企业民主管理规定》第二十条 —
 * quorum more than 2/3 of those entitled to attend; passing needs more than half of the delegates
 * entitled to vote (应到会) or, as a setting, of those present (实到会); differential election with at
 * least 5 % more candidates than seats (rounded up); 另选他人 only alongside 不赞成; a ballot naming more
 * people than seats is invalid; more ballots returned than issued voids the vote.
 */
import { normalizeText } from './text';

export type ResolutionMark = 'for' | 'against' | 'abstain';
export type ElectionMark = 'for' | 'against' | 'abstain';
export type ThresholdBase = 'entitled' | 'present';

export const resolutionMarkNames: Record<ResolutionMark, string> = { for: '赞成', against: '反对', abstain: '弃权' };
export const electionMarkNames: Record<ElectionMark, string> = { for: '赞成', against: '不赞成', abstain: '弃权' };

export interface CongressSettings {
  /** A vote opens only when checked-in × den > entitled × num ("more than 2/3"). */
  quorumNum: number;
  quorumDen: number;
  /** Denominator of "more than half": delegates entitled to vote (应到会) or those present (实到会). */
  thresholdBase: ThresholdBase;
  /** Extra candidates needed in an election, as a percentage of the seats, rounded up. */
  differentialRatioPct: number;
  /** Delegates see the running count while a vote is open (the chair and scrutineers always do). */
  delegatesSeeLiveCount: boolean;
}

export const defaultCongressSettings: CongressSettings = {
  quorumNum: 2,
  quorumDen: 3,
  thresholdBase: 'entitled',
  differentialRatioPct: 5,
  delegatesSeeLiveCount: false,
};

/** Ballot of a resolution (表决). */
export interface ResolutionChoices {
  kind: 'resolution';
  mark: ResolutionMark;
}

/** Ballot of an election (选举): one mark per candidate, a write-in only beside 不赞成. */
export interface ElectionChoices {
  kind: 'election';
  marks: { candidateId: string; mark: ElectionMark; writeIn?: string | null }[];
}

export type BallotChoices = ResolutionChoices | ElectionChoices;

export interface CandidateRef {
  id: string;
  name: string;
}

let strokeCollator: Intl.Collator | null = null;

/**
 * Ballot order (姓氏笔画): candidates are listed by the strokes of their names — surname first, then
 * given name — using ICU's 'stroke' collation (full ICU, as in Node's official builds). The one place
 * this order is decided; the server applies it wherever candidates are read.
 */
export function inStrokeOrder<T extends { name: string }>(candidates: T[]): T[] {
  strokeCollator ??= new Intl.Collator('zh-u-co-stroke');
  return [...candidates].sort((a, b) => strokeCollator!.compare(a.name, b.name));
}

/** "More than two thirds": present × den > entitled × num. */
export function quorumMet(present: number, entitled: number, s: Pick<CongressSettings, 'quorumNum' | 'quorumDen'>): boolean {
  return entitled > 0 && present * s.quorumDen > entitled * s.quorumNum;
}

/** Smallest number of check-ins that meets the quorum. */
export function quorumNeeded(entitled: number, s: Pick<CongressSettings, 'quorumNum' | 'quorumDen'>): number {
  return Math.floor((entitled * s.quorumNum) / s.quorumDen) + 1;
}

/** Extra candidates a differential election needs: ceil(seats × pct / 100), at least 1. */
export function differentialMinimumExtra(seats: number, ratioPct: number): number {
  return Math.max(1, Math.ceil((seats * ratioPct) / 100 - 1e-9));
}

export interface DifferentialCheck {
  ok: boolean;
  candidates: number;
  seats: number;
  minimumCandidates: number;
  message: string | null;
}

export function checkDifferential(candidates: number, seats: number, ratioPct: number): DifferentialCheck {
  const minimumCandidates = seats + differentialMinimumExtra(seats, ratioPct);
  const ok = seats >= 1 && candidates >= minimumCandidates;
  return {
    ok,
    candidates,
    seats,
    minimumCandidates,
    message: ok
      ? null
      : `差额选举要求候选人至少 ${minimumCandidates} 名（应选 ${seats} 名，差额比例 ${ratioPct}%），当前 ${candidates} 名`,
  };
}

/** Smallest number of votes that is "more than half" of `base`. */
export const passMark = (base: number): number => Math.floor(base / 2) + 1;

/** Names compare after the one text normalisation (NFKC, no format characters), inner spaces collapsed. */
export const normalizeWriteIn = (name: string): string => normalizeText(name).replace(/\s+/g, ' ');

export type BallotProblem =
  | { code: 'UNKNOWN_CANDIDATE'; message: string }
  | { code: 'DUPLICATE_MARK'; message: string }
  | { code: 'WRITE_IN_WITHOUT_AGAINST'; message: string }
  | { code: 'WRITE_IN_DUPLICATE'; message: string }
  | { code: 'WRITE_IN_IS_CANDIDATE'; message: string }
  | { code: 'WRONG_KIND'; message: string };

export interface BallotCheck {
  /** Structural problems: the ballot cannot be submitted as it is (the server refuses it). */
  problems: BallotProblem[];
  /** Structurally fine but names more people than seats: counted as cast but invalid (废票). */
  overvoted: boolean;
  /** 赞成 + write-ins on this ballot. */
  named: number;
  /** The ballot as it will be stored: every candidate marked (unmarked = 弃权), write-ins trimmed. */
  normalized: BallotChoices | null;
}

/**
 * Check one ballot against the vote it is for. The page calls this before submitting (to warn of an
 * over-vote and let the delegate fix it); the server calls it again and never trusts the page.
 */
export function checkBallot(
  vote: { kind: 'resolution' } | { kind: 'election'; seats: number; candidates: CandidateRef[] },
  choices: BallotChoices,
): BallotCheck {
  if (choices.kind !== vote.kind) {
    return {
      problems: [{ code: 'WRONG_KIND', message: '选票类型与表决事项不符' }],
      overvoted: false,
      named: 0,
      normalized: null,
    };
  }
  if (vote.kind === 'resolution') {
    return {
      problems: [],
      overvoted: false,
      named: 0,
      normalized: { kind: 'resolution', mark: (choices as ResolutionChoices).mark },
    };
  }
  const problems: BallotProblem[] = [];
  const byId = new Map(vote.candidates.map((c) => [c.id, c]));
  const candidateNames = new Set(vote.candidates.map((c) => normalizeWriteIn(c.name)));
  const seen = new Map<string, { mark: ElectionMark; writeIn: string | null }>();
  const writeIns = new Set<string>();
  for (const m of (choices as ElectionChoices).marks) {
    const c = byId.get(m.candidateId);
    if (!c) {
      problems.push({ code: 'UNKNOWN_CANDIDATE', message: '选票含有不在候选人名单中的人选' });
      continue;
    }
    if (seen.has(c.id)) {
      problems.push({ code: 'DUPLICATE_MARK', message: `候选人「${c.name}」被重复标记` });
      continue;
    }
    const writeIn = m.writeIn ? normalizeWriteIn(m.writeIn) : '';
    if (writeIn) {
      if (m.mark !== 'against')
        problems.push({ code: 'WRITE_IN_WITHOUT_AGAINST', message: `另选他人只能在对「${c.name}」投不赞成时填写` });
      else if (candidateNames.has(writeIn))
        problems.push({ code: 'WRITE_IN_IS_CANDIDATE', message: `另选他人「${writeIn}」已是候选人` });
      else if (writeIns.has(writeIn)) problems.push({ code: 'WRITE_IN_DUPLICATE', message: `另选他人「${writeIn}」重复填写` });
      writeIns.add(writeIn);
    }
    seen.set(c.id, { mark: m.mark, writeIn: writeIn || null });
  }
  const marks = vote.candidates.map((c) => {
    const s = seen.get(c.id);
    return s?.writeIn
      ? { candidateId: c.id, mark: s.mark, writeIn: s.writeIn }
      : { candidateId: c.id, mark: s?.mark ?? 'abstain' };
  });
  const named = marks.filter((m) => m.mark === 'for').length + marks.filter((m) => 'writeIn' in m && m.writeIn).length;
  return {
    problems,
    overvoted: named > vote.seats,
    named,
    normalized: problems.length ? null : { kind: 'election', marks },
  };
}

/** One stored ballot as the count sees it: what was marked and whether it is valid. Nothing else. */
export interface CountedBallot {
  choices: BallotChoices;
  valid: boolean;
}

export interface TallyAttendance {
  /** Delegates entitled to vote (应到会). */
  entitled: number;
  /** Delegates checked in when the vote closed (实到会); each was issued one ballot. */
  present: number;
  /** Ballots issued (发出选票). */
  issued: number;
}

interface TallyCommon {
  entitled: number;
  present: number;
  thresholdBase: ThresholdBase;
  /** The denominator actually used for "more than half". */
  base: number;
  /** Votes needed: more than half of `base`. */
  passMark: number;
  issued: number;
  returned: number;
  valid: number;
  invalid: number;
  /** More ballots returned than issued: the vote is void and must be held again. */
  void: boolean;
}

export interface ResolutionTally extends TallyCommon {
  kind: 'resolution';
  for: number;
  against: number;
  abstain: number;
  passed: boolean;
}

export interface CandidateTally {
  /** null for a write-in (另选他人). */
  candidateId: string | null;
  name: string;
  writeIn: boolean;
  for: number;
  against: number;
  abstain: number;
  /** Write-in votes naming this person (for a listed candidate always 0). */
  writeInVotes: number;
  /** Votes counted for election: 赞成 for candidates, write-in votes for write-ins. */
  votes: number;
  passed: boolean;
  elected: boolean;
  tiedAtBoundary: boolean;
}

export interface RunoffNeed {
  reason: 'tie' | 'shortfall';
  seats: number;
  /** Who stands in the run-off: the tied at the boundary, or the listed candidates not elected. */
  candidates: { candidateId: string | null; name: string }[];
}

export interface ElectionTally extends TallyCommon {
  kind: 'election';
  seats: number;
  candidates: CandidateTally[];
  writeIns: CandidateTally[];
  elected: { candidateId: string | null; name: string; votes: number }[];
  runoff: RunoffNeed | null;
}

export type Tally = ResolutionTally | ElectionTally;

function common(ballots: CountedBallot[], a: TallyAttendance, thresholdBase: ThresholdBase): TallyCommon {
  const base = thresholdBase === 'present' ? a.present : a.entitled;
  const valid = ballots.filter((b) => b.valid).length;
  return {
    entitled: a.entitled,
    present: a.present,
    thresholdBase,
    base,
    passMark: passMark(base),
    issued: a.issued,
    returned: ballots.length,
    valid,
    invalid: ballots.length - valid,
    void: ballots.length > a.issued,
  };
}

export function tallyResolution(ballots: CountedBallot[], a: TallyAttendance, thresholdBase: ThresholdBase): ResolutionTally {
  const c = common(ballots, a, thresholdBase);
  const counts = { for: 0, against: 0, abstain: 0 };
  for (const b of ballots) if (b.valid && b.choices.kind === 'resolution') counts[b.choices.mark]++;
  return { kind: 'resolution', ...c, ...counts, passed: !c.void && counts.for >= c.passMark };
}

/**
 * Count an election: candidates (and write-ins) with votes > half of the base pass; if more pass
 * than seats, the top `seats` by votes are elected and a tie across the boundary goes to a run-off
 * among the tied; if fewer pass, a run-off (另行选举) among the listed candidates not elected.
 */
export function tallyElection(
  ballots: CountedBallot[],
  a: TallyAttendance,
  thresholdBase: ThresholdBase,
  seats: number,
  candidates: CandidateRef[],
): ElectionTally {
  const c = common(ballots, a, thresholdBase);
  const rows = new Map<string, CandidateTally>();
  const blank = (candidateId: string | null, name: string, writeIn: boolean): CandidateTally => ({
    candidateId,
    name,
    writeIn,
    for: 0,
    against: 0,
    abstain: 0,
    writeInVotes: 0,
    votes: 0,
    passed: false,
    elected: false,
    tiedAtBoundary: false,
  });
  for (const cand of candidates) rows.set(cand.id, blank(cand.id, cand.name, false));
  const writeIns = new Map<string, CandidateTally>();
  for (const b of ballots) {
    if (!b.valid || b.choices.kind !== 'election') continue;
    for (const m of b.choices.marks) {
      const row = rows.get(m.candidateId);
      if (!row) continue;
      row[m.mark]++;
      if (m.mark === 'for') row.votes++;
      if (m.mark === 'against' && m.writeIn) {
        const name = normalizeWriteIn(m.writeIn);
        const w = writeIns.get(name) ?? blank(null, name, true);
        w.writeInVotes++;
        w.votes++;
        writeIns.set(name, w);
      }
    }
  }
  const all = [...rows.values(), ...writeIns.values()];
  const elected: CandidateTally[] = [];
  let runoff: RunoffNeed | null = null;
  if (!c.void) {
    const passing = all.filter((r) => r.votes >= c.passMark).sort((x, y) => y.votes - x.votes);
    for (const r of passing) r.passed = true;
    if (passing.length <= seats) {
      elected.push(...passing);
    } else {
      const boundary = passing[seats - 1].votes;
      const nextBelow = passing[seats].votes;
      if (boundary === nextBelow) {
        elected.push(...passing.filter((r) => r.votes > boundary));
        const tied = passing.filter((r) => r.votes === boundary);
        for (const r of tied) r.tiedAtBoundary = true;
        runoff = {
          reason: 'tie',
          seats: seats - elected.length,
          candidates: tied.map((r) => ({ candidateId: r.candidateId, name: r.name })),
        };
      } else {
        elected.push(...passing.slice(0, seats));
      }
    }
    for (const r of elected) r.elected = true;
    if (!runoff && elected.length < seats) {
      const remaining = [...rows.values()].filter((r) => !r.elected);
      runoff = {
        reason: 'shortfall',
        seats: seats - elected.length,
        candidates: remaining.map((r) => ({ candidateId: r.candidateId, name: r.name })),
      };
    }
  }
  return {
    kind: 'election',
    ...c,
    seats,
    candidates: [...rows.values()],
    writeIns: [...writeIns.values()].sort((x, y) => y.votes - x.votes || x.name.localeCompare(y.name, 'zh')),
    elected: elected.map((r) => ({ candidateId: r.candidateId, name: r.name, votes: r.votes })),
    runoff,
  };
}
