import { sql } from 'drizzle-orm';
import { rows } from '../cloudfunctions/core/db/client';
import { addActiveMembers, loadAverage, summarize, updateCeiling, withGateway } from './support';
import { runLoad, tally } from './load';

/**
 * 1,000 delegates voting within one minute through the gateway (HTTP), arrivals spread uniformly over the minute,
 * then the time from close to published tally; then a burst of 1,000 casts at once on a fresh vote, compared with
 * the plain single-row UPDATE ceiling measured before and after it (mean). The casts are sent by a load generator
 * in its own process (load.ts). Target (issue 15): cast p99 < 100 ms, close → published < 1 s.
 */
const DELEGATES = 1000;
const WINDOW_MS = Number(process.env.BENCH_CONGRESS_WINDOW_MS ?? 60_000);
const BURST_IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 64);
/** How many casts the burst has in flight at once: every delegate by default. */
const BURST_WIDTH = Number(process.env.BENCH_BURST_WIDTH ?? DELEGATES);

export async function run(): Promise<void> {
  await withGateway('congress', {}, async ({ db, engine, url, token, post }) => {
    const [u] = await rows<{ id: string }>(db, sql`SELECT id FROM unions WHERE code = 'xinghuo'`);
    const [chair] = await rows<{ person_id: string }>(
      db,
      sql`SELECT person_id FROM role_grants WHERE union_id = ${u.id} AND role = 'chair'`,
    );
    const delegates = await addActiveMembers(db, u.id, DELEGATES, '代表', 'B');
    const postFast = (personId: string, action: string, input: unknown) => post('congress', personId, action, input);
    const tokens = await Promise.all(delegates.map((d) => token(d))); // sessions made before the clock starts

    const created = await postFast(chair.person_id, 'congress.create', {
      unionId: u.id,
      title: '基准测试职代会',
      startsAt: new Date().toISOString(),
      delegates,
      agenda: [
        {
          kind: 'election',
          title: '选举委员',
          seats: 5,
          candidates: ['甲', '乙', '丙', '丁', '戊', '己'].map((name) => ({ name, cv: '' })),
        },
      ],
    });
    const congressId = created.data.congressId as string;
    await db.execute(sql`UPDATE congress_delegates SET checked_in_at = now() WHERE congress_id = ${congressId}`);
    const detail = await postFast(chair.person_id, 'congress.get', { congressId });
    const vote = detail.data.agenda[0];
    const opened = await postFast(chair.person_id, 'congress.openVote', { voteId: vote.id });
    if (!opened.ok) throw new Error(`open failed: ${JSON.stringify(opened.error)}`);

    const load = loadAverage();
    const spread = await runLoad({
      url,
      width: DELEGATES,
      requests: delegates.map((_, i) => ({
        fn: 'congress',
        token: tokens[i],
        action: 'congress.castBallot',
        atMs: Math.floor((i / DELEGATES) * WINDOW_MS),
        input: {
          voteId: vote.id,
          choices: {
            kind: 'election',
            marks: vote.candidates.map((c: { id: string }, j: number) => ({
              candidateId: c.id,
              mark: (i + j) % 3 === 0 ? 'against' : 'for',
            })),
          },
          confirmInvalid: true,
        },
      })),
    });
    const s = summarize(spread.latencies);
    const spreadCodes = tally(spread.codes);

    const t1 = performance.now();
    const closed = await postFast(chair.person_id, 'congress.closeVote', { voteId: vote.id });
    const published = await postFast(chair.person_id, 'congress.publish', { voteId: vote.id });
    const closeToPublished = performance.now() - t1;
    if (!closed.ok || !published.ok) throw new Error('close/publish failed');

    console.log(
      `engine ${engine}; ${DELEGATES} delegates, arrivals spread over ${WINDOW_MS / 1000} s, load generator in its own process; load average at start ${load}`,
    );
    console.log(`  outcomes ${JSON.stringify(spreadCodes)} in ${spread.seconds.toFixed(1)} s`);
    console.log(`  cast latency: p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`);
    console.log(
      `  close → published (close + count + shuffle-move + publish, 2 calls): ${closeToPublished.toFixed(0)} ms; returned ${closed.data.tally.returned}, valid ${closed.data.tally.valid}`,
    );

    // Peak capacity: a burst of 1,000 casts at once on a fresh vote.
    const burstCongress = await postFast(chair.person_id, 'congress.create', {
      unionId: u.id,
      title: '基准测试职代会（峰值）',
      startsAt: new Date().toISOString(),
      delegates,
      agenda: [{ kind: 'resolution', title: '表决' }],
    });
    const bc = burstCongress.data.congressId as string;
    await db.execute(sql`UPDATE congress_delegates SET checked_in_at = now() WHERE congress_id = ${bc}`);
    const bv = (await postFast(chair.person_id, 'congress.get', { congressId: bc })).data.agenda[0].id;
    await postFast(chair.person_id, 'congress.openVote', { voteId: bv });
    const before = await updateCeiling(db, DELEGATES * 5, BURST_IN_FLIGHT);
    const burst = await runLoad({
      url,
      width: BURST_WIDTH,
      requests: delegates.map((_, i) => ({
        fn: 'congress',
        token: tokens[i],
        action: 'congress.castBallot',
        input: { voteId: bv, choices: { kind: 'resolution', mark: 'for' } },
      })),
    });
    const after = await updateCeiling(db, DELEGATES * 5, BURST_IN_FLIGHT);
    const ceiling = (before.perSec + after.perSec) / 2;
    const bs = summarize(burst.latencies);
    const perSec = DELEGATES / burst.seconds;
    console.log(
      `  burst: ${DELEGATES} casts at once → ${perSec.toFixed(1)} ballots/s, outcomes ${JSON.stringify(tally(burst.codes))}; p50 ${bs.p50.toFixed(0)} ms, p99 ${bs.p99.toFixed(0)} ms`,
    );
    console.log(
      `  plain single-row UPDATE ceiling (${BURST_IN_FLIGHT} in flight): before ${before.perSec.toFixed(0)}/s, after ${after.perSec.toFixed(0)}/s, mean ${ceiling.toFixed(0)}/s → burst ratio ${(perSec / ceiling).toFixed(3)}`,
    );
  });
}
