import { sql } from 'drizzle-orm';
import { rows } from '../cloudfunctions/core/db/client';
import { addActiveMembers, summarize, withGateway } from './support';

/**
 * 1,000 delegates voting within one minute through the gateway (HTTP), arrivals spread uniformly over
 * the minute (at most 60 s of sending), then the time from close to published tally.
 */
const DELEGATES = 1000;
const WINDOW_MS = 60_000;

export async function run(): Promise<void> {
  await withGateway('congress', {}, async ({ db, engine, token, post }) => {
    const [u] = await rows<{ id: string }>(db, sql`SELECT id FROM unions WHERE code = 'xinghuo'`);
    const [chair] = await rows<{ person_id: string }>(db, sql`SELECT person_id FROM role_grants WHERE union_id = ${u.id} AND role = 'chair'`);
    const delegates = await addActiveMembers(db, u.id, DELEGATES, '代表', 'B');
    const postFast = (personId: string, action: string, input: unknown) => post('congress', personId, action, input);
    for (const id of [chair.person_id, ...delegates]) await token(id); // sessions made before the clock starts

    const created = await postFast(chair.person_id, 'congress.create', {
      unionId: u.id,
      title: '基准测试职代会',
      startsAt: new Date().toISOString(),
      delegates,
      agenda: [{ kind: 'election', title: '选举委员', seats: 5, candidates: ['甲', '乙', '丙', '丁', '戊', '己'].map((name) => ({ name, cv: '' })) }],
    });
    const congressId = created.data.congressId as string;
    await db.execute(sql`UPDATE congress_delegates SET checked_in_at = now() WHERE congress_id = ${congressId}`);
    const detail = await postFast(chair.person_id, 'congress.get', { congressId });
    const vote = detail.data.agenda[0];
    const opened = await postFast(chair.person_id, 'congress.openVote', { voteId: vote.id });
    if (!opened.ok) throw new Error(`open failed: ${JSON.stringify(opened.error)}`);

    const latencies: number[] = [];
    let failures = 0;
    const start = Date.now();
    await Promise.all(
      delegates.map(async (d, i) => {
        await new Promise((r) => setTimeout(r, Math.floor((i / DELEGATES) * WINDOW_MS)));
        const marks = vote.candidates.map((c: { id: string }, j: number) => ({ candidateId: c.id, mark: (i + j) % 3 === 0 ? 'against' : 'for' }));
        const t0 = performance.now();
        const r = await postFast(d, 'congress.castBallot', { voteId: vote.id, choices: { kind: 'election', marks }, confirmInvalid: true });
        latencies.push(performance.now() - t0);
        if (!r.ok) failures++;
      }),
    );
    const elapsed = (Date.now() - start) / 1000;
    const s = summarize(latencies);

    const t1 = performance.now();
    const closed = await postFast(chair.person_id, 'congress.closeVote', { voteId: vote.id });
    const published = await postFast(chair.person_id, 'congress.publish', { voteId: vote.id });
    const closeToPublished = performance.now() - t1;
    if (!closed.ok || !published.ok) throw new Error('close/publish failed');

    console.log(`engine: ${engine}; delegates: ${DELEGATES}; arrivals spread over ${WINDOW_MS / 1000} s`);
    console.log(`ballots accepted: ${DELEGATES - failures}/${DELEGATES} in ${elapsed.toFixed(1)} s → ${((DELEGATES - failures) / elapsed).toFixed(1)} ballots/s offered-load throughput`);
    console.log(`cast latency through the gateway: p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`);
    console.log(`close → published tally (close + count + shuffle-move + publish, 2 calls): ${closeToPublished.toFixed(0)} ms; returned ${closed.data.tally.returned}, valid ${closed.data.tally.valid}`);

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
    const burstLat: number[] = [];
    const b0 = performance.now();
    await Promise.all(
      delegates.map(async (d) => {
        const t0 = performance.now();
        await postFast(d, 'congress.castBallot', { voteId: bv, choices: { kind: 'resolution', mark: 'for' } });
        burstLat.push(performance.now() - t0);
      }),
    );
    const burstSec = (performance.now() - b0) / 1000;
    const bs = summarize(burstLat);
    console.log(`burst: ${DELEGATES} casts at once → ${(DELEGATES / burstSec).toFixed(1)} ballots/s; p50 ${bs.p50.toFixed(0)} ms, p99 ${bs.p99.toFixed(0)} ms`);
  });
}
