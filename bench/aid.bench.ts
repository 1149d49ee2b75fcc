import { sql } from 'drizzle-orm';
import { rows } from '../cloudfunctions/core/db/client';
import { shanghai } from '../cloudfunctions/core/clock';
import { summarize, withGateway, withPeakMemory } from './support';

/**
 * 互助金 through the local gateway (HTTP, PGlite or BENCH_DATABASE_URL): estimate and list latency, 170 KB uploads,
 * approvals of many claims racing (8 at a time), a 40-claim payout batch and its .xlsx export.
 */
export async function run() {
  await withGateway('aid', {}, async ({ db, engine, ok }) => {
    const baseMiB = Math.round(process.memoryUsage().rss / 1048576);
    const { result, peakMiB } = await withPeakMemory(async () => {
      const call = (personId: string, action: string, input: unknown) => ok('aid', personId, action, input);
      const timed = async (n: number, fn: (i: number) => Promise<unknown>) => {
        const ms: number[] = [];
        for (let i = 0; i < n; i++) {
          const t = performance.now();
          await fn(i);
          ms.push(performance.now() - t);
        }
        return summarize(ms);
      };
      const named = Object.fromEntries(
        (
          await rows<{ id: string; name: string }>(
            db,
            sql`SELECT id, name FROM people WHERE name IN ('王芳', '李强', '李娜', '张伟')`,
          )
        ).map((p) => [p.name, p.id]),
      );
      const [xinghuo] = await rows<{ id: string }>(db, sql`SELECT id FROM unions WHERE code = 'xinghuo'`);
      const members = (
        await rows<{ person_id: string }>(
          db,
          sql`SELECT m.person_id FROM members m WHERE m.union_id = ${xinghuo.id} AND m.status = 'active'
              AND NOT EXISTS (SELECT 1 FROM aid_claims c WHERE c.person_id = m.person_id) AND NOT EXISTS (SELECT 1 FROM role_grants g WHERE g.person_id = m.person_id)
              ORDER BY m.member_no LIMIT 40`,
        )
      ).map((r) => r.person_id);
      const planId = (await call(named['张伟'], 'aid.plans', {})).plans[0].id;

      const estimate = await timed(200, () =>
        call(named['张伟'], 'aid.estimate', {
          planId,
          category: 'inpatient',
          hospitalLevel: '3',
          totalCost: 3_000_000,
          insuranceCovered: 1_800_000,
          selfPaid: 1_000_000,
        }),
      );

      // 40 members file a claim each: draft, a 170 KB invoice, submit
      const admitted = shanghai().subtract(12, 'day');
      const jpeg = Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), Buffer.alloc(170 * 1024 - 10, 9)]).toString(
        'base64',
      );
      const claimIds: string[] = [];
      const upload = await timed(members.length, async (i) => {
        const d = await call(members[i], 'aid.saveDraft', {
          planId,
          category: 'inpatient',
          hospital: '星城市第一人民医院',
          hospitalLevel: '3',
          admittedOn: admitted.format('YYYY-MM-DD'),
          dischargedOn: admitted.add(7, 'day').format('YYYY-MM-DD'),
          totalCost: 3_000_000,
          insuranceCovered: 1_800_000,
          selfPaid: 800_000, // ¥4,320 each: under the federation threshold
          diagnosis: '肺炎',
          bankName: '中国工商银行',
          bankAccount: `62220200000000${String(10000 + i)}`,
        });
        claimIds.push(d.id);
        const t = performance.now();
        await call(members[i], 'aid.uploadAttachment', {
          claimId: d.id,
          kind: 'invoice',
          fileName: 'invoice.jpg',
          contentBase64: jpeg,
        });
        return performance.now() - t;
      });
      const submit = await timed(members.length, (i) => call(members[i], 'aid.submit', { claimId: claimIds[i] }));

      const list = await timed(100, () => call(named['王芳'], 'aid.claims', { unionId: xinghuo.id, pageSize: 50 }));

      // approvals, 8 in flight (two reviewers)
      const approveMs: number[] = [];
      const t0 = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async (_, w) => {
          while (next < claimIds.length) {
            const id = claimIds[next++];
            const t = performance.now();
            await call(w % 2 ? named['李强'] : named['王芳'], 'aid.review', { claimId: id, decision: 'approve' });
            approveMs.push(performance.now() - t);
          }
        }),
      );
      const approveWall = performance.now() - t0;

      const t1 = performance.now();
      const batch = await call(named['李娜'], 'aid.pay', { unionId: xinghuo.id, claimIds });
      const payMs = performance.now() - t1;
      const t2 = performance.now();
      const file = await call(named['李娜'], 'aid.exportBatch', { batchId: batch.id });
      const exportMs = performance.now() - t2;
      return {
        estimate,
        upload,
        submit,
        list,
        approve: summarize(approveMs),
        approveWall,
        payMs,
        exportMs,
        xlsxBytes: Buffer.from(file.contentBase64, 'base64').length,
        batch,
      };
    });
    const f = (s: { p50: number; p99: number; max: number }) =>
      `p50 ${s.p50.toFixed(1)} ms  p99 ${s.p99.toFixed(1)} ms  max ${s.max.toFixed(1)} ms`;
    console.log(`engine                    ${engine}`);
    console.log(`aid.estimate ×200         ${f(result.estimate)}`);
    console.log(`draft+upload 170 KB ×40   ${f(result.upload)}`);
    console.log(`aid.submit ×40            ${f(result.submit)}`);
    console.log(`aid.claims (50/page) ×100 ${f(result.list)}`);
    console.log(
      `aid.review ×40, 8 at once ${f(result.approve)}  wall ${result.approveWall.toFixed(0)} ms (${((40 / result.approveWall) * 1000).toFixed(1)}/s)`,
    );
    console.log(`aid.pay 40 claims         ${result.payMs.toFixed(0)} ms, total ¥${(result.batch.totalFen / 100).toFixed(2)}`);
    console.log(`aid.exportBatch 40 rows   ${result.exportMs.toFixed(0)} ms, ${result.xlsxBytes} bytes`);
    console.log(`peak RSS                  ${peakMiB} MiB (${baseMiB} MiB with the gateway started, before the work)`);
  });
}
