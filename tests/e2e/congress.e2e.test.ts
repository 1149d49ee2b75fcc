import type { Page } from 'playwright-core';
import { answerConfirm, callWith, canRunE2e, useStage, pageUrl, screenshot, signInAs } from './support';

const suite = canRunE2e() ? describe : describe.skip;
jest.setTimeout(300_000);

/**
 * The demo congress of 星火电子工会 (30 delegates, 20 already checked in, quorum 21): three delegates check in
 * and vote in the election through the browser; the other checked-in delegates vote through the gateway
 * (setup, so the result elects someone); the chair opens, watches, closes and publishes in the browser; a
 * delegate reads the published 选举结果报告 and finds their ballot by its receipt code.
 */
suite('worker congress election (h5, phone)', () => {
  const stage = useStage();
  const tokens = new Map<string, string>();

  /** A server call as `personId`, through the gateway's dev login (setup only; the votes that matter go through the UI). */
  async function api<T = any>(personId: string, action: string, input: unknown): Promise<T> {
    if (!tokens.has(personId)) {
      const r = await fetch(`${stage.gateway.url}/api/dev/login`, { method: 'POST', body: JSON.stringify({ personId }) });
      tokens.set(personId, ((await r.json()) as { data: { token: string } }).data.token);
    }
    return callWith<T>(stage.gateway.url, tokens.get(personId)!, action, input);
  }

  const card = (page: Page, i: number) => page.locator(`[data-testid="vote-${i}"]`);
  /** Taps the NutUI button labelled `text` (its label element does not take the tap). */
  const tap = async (page: Page, scope: ReturnType<Page['locator']> | Page, text: string) => {
    const el = scope.locator('.nut-button', { hasText: text }).first();
    await el.waitFor({ state: 'visible', timeout: 30_000 });
    await el.click();
  };
  const statusIs = (page: Page, i: number, status: string) =>
    page.waitForFunction(
      ([sel, s]) => document.querySelector(sel)?.querySelector('.cg-tag')?.textContent === s,
      [`[data-testid="vote-${i}"]`, status] as const,
      { timeout: 30_000 },
    );

  it('a chair opens an election, three delegates vote, the chair closes and publishes, a delegate verifies the receipt', async () => {
    const { page } = stage.browser;
    const people = (
      (await (await fetch(`${stage.gateway.url}/api/dev/people`)).json()) as { data: { people: { id: string; name: string }[] } }
    ).data.people;
    const idOf = (name: string) => people.find((p) => p.name === name)!.id;
    const chair = idOf('王芳');
    const home = await api<{ roles: { role: string; unionId: string }[] }>(chair, 'unions.home', {});
    const unionId = home.roles.find((r) => r.role === 'chair')!.unionId;
    const [congress] = (await api<{ congresses: { id: string }[] }>(chair, 'congress.list', { unionId })).congresses;
    const detailUrl = pageUrl(stage.gateway.url, `pages/congress/detail/index?id=${congress.id}`);

    // 1. Three delegates check in on their phones; the third sees the quorum met.
    const voters = ['张伟', '李强', '李娜'];
    for (const [i, name] of voters.entries()) {
      await signInAs(page, stage.gateway.url, name);
      if (i === 0) {
        await page.goto(pageUrl(stage.gateway.url, 'pages/congress/index/index'));
        await page.locator('.cg-congress').first().click();
        await page.waitForURL(/pages\/congress\/detail\/index/, { timeout: 30_000 });
      } else {
        await page.goto(detailUrl);
      }
      await tap(page, page, '代表签到');
      await page.getByText('您已签到').waitFor({ state: 'visible', timeout: 30_000 });
      if (i === 0) await screenshot(page, 'congress-checkin.png');
    }
    await expect(page.locator('[data-testid="checked-in"]').textContent()).resolves.toBe('23');
    await expect(page.locator('[data-testid="attendance"]').textContent()).resolves.toContain('已达法定人数');

    // Setup: the resolution (item 1) comes first in the agenda; open and close it through the gateway.
    const agenda = (
      await api<{ agenda: { id: string; title: string; candidates: { id: string; name: string }[] }[] }>(chair, 'congress.get', {
        congressId: congress.id,
      })
    ).agenda;
    await api(chair, 'congress.openVote', { voteId: agenda[0].id });
    await api(chair, 'congress.closeVote', { voteId: agenda[0].id });
    const election = agenda[1];

    // 2. The chair opens the election in the browser.
    await signInAs(page, stage.gateway.url, '王芳');
    await page.goto(detailUrl);
    // 现场代签到: a delegate in the hall without a phone; the chair checks them in and the count goes up by one
    const onSite = page.locator('[data-testid="on-site"] .cg-onsite__row').first();
    await onSite.waitFor({ state: 'visible', timeout: 30_000 });
    const absentName = await onSite.getAttribute('data-delegate');
    await tap(page, onSite, '代签到');
    await page.locator(`[data-testid="on-site"] [data-delegate="${absentName}"]`).waitFor({ state: 'detached', timeout: 30_000 });
    // the attendance reloads after the list: wait for it rather than read it at once
    await page.waitForFunction(() => document.querySelector('[data-testid="checked-in"]')?.textContent === '24', undefined, {
      timeout: 30_000,
    });
    await tap(page, card(page, 1), '开始投票');
    await statusIs(page, 1, '投票中');
    await screenshot(page, 'congress-chair-opened.png');

    // 3. Three delegates vote in the browser: 赞成 the first three on the ballot, 不赞成 the fourth.
    const receipts = new Map<string, string>();
    const fingerprints = new Map<string, string>();
    const names = election.candidates.map((c) => c.name);
    for (const [i, name] of voters.entries()) {
      await signInAs(page, stage.gateway.url, name);
      await page.goto(detailUrl);
      await page
        .locator('[data-testid="live-voted"]')
        .waitFor({ state: 'visible', timeout: 30_000 })
        .catch(async (e) => {
          await screenshot(page, 'congress-debug.png');
          throw e;
        });
      // a plain delegate sees turnout only while the vote is open; 李强 is also vice chair and sees the count
      const live = page.locator('[data-testid="live"]');
      if (name === '李强') await expect(live.textContent()).resolves.toMatch(/赞成 \d/);
      else await expect(live.textContent()).resolves.toContain('计票结果在投票结束后公布');
      await tap(page, card(page, 1), '进入投票');
      await page.waitForURL(/pages\/congress\/ballot\/index/, { timeout: 30_000 });
      const cands = page.locator('[data-testid="candidate"]');
      await cands.first().waitFor({ state: 'visible', timeout: 30_000 });
      await expect(cands.count()).resolves.toBe(6);
      for (let k = 0; k < 3; k++) await cands.nth(k).getByText('赞成', { exact: true }).click();
      await cands.nth(3).getByText('不赞成', { exact: true }).click();
      if (i === 0) await screenshot(page, 'congress-ballot.png');
      await tap(page, page, '提交选票');
      // the house dialog says the ballot in counts before it goes
      await expect(answerConfirm(page)).resolves.toContain('赞成 3 人，不赞成 1 人（另选 0 人），弃权 2 人；应选');
      const code = page.locator('[data-testid="receipt-code"]');
      await code.waitFor({ state: 'visible', timeout: 30_000 });
      receipts.set(name, (await code.textContent())!.trim());
      expect(receipts.get(name)).toMatch(/^[A-HJ-NP-Z2-9]{10}$/); // no I/O/0/1 to misread
      fingerprints.set(name, (await page.locator('[data-testid="receipt-fingerprint"]').textContent())!.trim());
      expect(fingerprints.get(name)).toMatch(/^[A-Z2-7]{20}$/);
      // the voter's own session sees the ballot once, as it will be counted
      await expect(page.locator('[data-testid="cast-choices"]').textContent()).resolves.toContain(
        `${names[0]}：赞成；${names[1]}：赞成；${names[2]}：赞成；${names[3]}：不赞成；${names[4]}：弃权`,
      );
      if (i === 0) await screenshot(page, 'congress-receipt.png');
    }
    // 我的核验码: back on the congress, the last voter finds the code this phone kept under the vote
    await page.goto(detailUrl);
    const mine = page.locator('[data-testid="my-receipt"]');
    await mine.first().waitFor({ state: 'visible', timeout: 30_000 });
    await expect(mine.first().textContent()).resolves.toContain(receipts.get(voters[voters.length - 1]));

    // Setup: the 20 delegates checked in by the seed vote through the gateway (赞成 the first five).
    const { delegates } = await api<{ delegates: { personId: string; name: string; checkedIn: boolean }[] }>(
      chair,
      'congress.delegates',
      {
        congressId: congress.id,
      },
    );
    // (the one checked in on site does not vote: 24 checked in, 23 ballots)
    const others = delegates.filter((d) => d.checkedIn && !voters.map(idOf).includes(d.personId) && d.name !== absentName);
    expect(others).toHaveLength(20);
    for (const d of others) {
      const marks = election.candidates.map((c, k) => ({ candidateId: c.id, mark: k < 5 ? 'for' : 'against' }));
      await api(d.personId, 'congress.castBallot', { voteId: election.id, choices: { kind: 'election', marks } });
    }

    // 4. The chair watches the running count, closes and publishes.
    await signInAs(page, stage.gateway.url, '王芳');
    await page.goto(detailUrl);
    await page.waitForFunction(() => document.querySelector('[data-testid="live-voted"]')?.textContent === '23', undefined, {
      timeout: 30_000,
    });
    await expect(card(page, 1).textContent()).resolves.toContain('赞成 23');
    await screenshot(page, 'congress-chair-live.png');
    // closing and publishing ask first, with the figures (issue 13); 取消 leaves the vote open
    await tap(page, card(page, 1), '结束投票');
    await expect(answerConfirm(page, { cancel: true })).resolves.toMatch(/已投 23 \/ 应投 24/);
    await expect(card(page, 1).locator('.cg-tag').textContent()).resolves.toBe('投票中');
    await tap(page, card(page, 1), '结束投票');
    const closing = await answerConfirm(page);
    expect(closing).toContain('结束后不能再投票');
    await statusIs(page, 1, '已结束');
    await tap(page, card(page, 1), '公布结果');
    await expect(answerConfirm(page)).resolves.toContain('共收回选票 23 张');
    await statusIs(page, 1, '已公布');

    // 5. Every member is told: 李娜 sees the unread notice under 我的, opens it, and lands on the published report,
    //    where she finds her receipt with the fingerprint she was shown — and the list shows no choices.
    await signInAs(page, stage.gateway.url, '李娜');
    await page.goto(pageUrl(stage.gateway.url, 'pages/mine/index'));
    const noticeEntry = page.locator('[data-entry="notices"]');
    await noticeEntry.locator('.entry-list__badge').waitFor({ state: 'visible', timeout: 30_000 });
    await expect(noticeEntry.textContent()).resolves.toContain(`选举结果公布：${election.title}`);
    await screenshot(page, 'congress-notice-mine.png');
    await noticeEntry.click();
    await page.waitForURL(/pages\/notices\/index/, { timeout: 30_000 });
    const notice = page.locator('[data-testid="notice"]', { hasText: '选举结果公布' }).first();
    await notice.waitFor({ state: 'visible', timeout: 30_000 });
    await expect(notice.getAttribute('class')).resolves.toContain('notice--unread');
    await screenshot(page, 'congress-notices.png');
    await notice.click();
    await page.waitForURL(/pages\/congress\/result\/index/, { timeout: 30_000 });
    const report = page.locator('[data-testid="report"]');
    await report.waitFor({ state: 'visible', timeout: 30_000 });
    await expect(report.textContent()).resolves.toContain('选举结果报告');
    await expect(report.textContent()).resolves.toContain('收回 23 张，有效 23 张');
    await expect(page.locator('[data-testid="elected"]').textContent()).resolves.toMatch(/当选（5\/5）/);
    // the official report: when and where, wording for people (not for developers), a line to sign for each scrutineer
    await expect(page.locator('[data-testid="report-when"]').textContent()).resolves.toMatch(
      /会议时间：\d{4}年\d+月\d+日.*计票时间：/,
    );
    await expect(report.textContent()).resolves.not.toMatch(/数据库|事务|字段|约束/);
    const signatures = page.locator('[data-testid="signatures"]');
    await expect(signatures.locator('.cg-signature').count()).resolves.toBeGreaterThanOrEqual(3);
    await expect(signatures.textContent()).resolves.toContain('大会主持人签字');
    // printed: the buttons and the receipt check stay off the paper
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByText('打印报告').isVisible()).resolves.toBe(false);
    await expect(page.getByText('核验我的选票').isVisible()).resolves.toBe(false);
    await expect(signatures.isVisible()).resolves.toBe(true);
    await screenshot(page, 'congress-report-print.png');
    await page.emulateMedia({ media: 'screen' });
    await page.locator('.cg-input input').fill(receipts.get('李娜')!);
    await tap(page, page, '核验');
    const verified = page.locator('[data-testid="verified"]');
    await verified.waitFor({ state: 'visible', timeout: 30_000 });
    await expect(verified.textContent()).resolves.toContain('已找到您的选票');
    await expect(verified.textContent()).resolves.toContain(fingerprints.get('李娜')!);
    await expect(verified.textContent()).resolves.not.toContain('赞成');
    await tap(page, page, '查看全部选票');
    await page
      .getByText(`${receipts.get('张伟')!}　${fingerprints.get('张伟')!}`, { exact: false })
      .waitFor({ state: 'visible', timeout: 30_000 });
    await expect(page.locator('[data-testid="ballot-list"]').textContent()).resolves.not.toMatch(/赞成|弃权/);
    await screenshot(page, 'congress-result-verified.png');
    const lina = idOf('李娜');
    const after = await api<{ unread: number; notices: { title: string; read: boolean }[] }>(lina, 'notices.list', {
      source: 'congress',
    });
    expect(after.notices.find((n) => n.title.includes(election.title))?.read).toBe(true);
  });

  it('the chair starts a congress from one form with the vote rules pre-filled; the server names bad fields in place; the chair closes it (闭幕)', async () => {
    const { page } = stage.browser;
    await signInAs(page, stage.gateway.url, '王芳');
    await page.goto(pageUrl(stage.gateway.url, 'pages/congress/index/index'));
    await tap(page, page, '发起职代会');
    await page.waitForURL(/pages\/congress\/create\/index/, { timeout: 30_000 });
    await page.locator('.cg-create-title input').waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.cg-create-title input').fill('2026年职工代表大会临时会议');
    await tap(page, page, '创建职代会');
    // no agenda title, no delegate: both named where they are
    await page.locator('.cg-field-error[data-field="delegates"]').waitFor({ state: 'visible', timeout: 30_000 });
    await expect(page.locator('.cg-field-error[data-field="delegates"]').textContent()).resolves.toContain('职工代表');
    await expect(page.locator('.cg-field-error[data-field="agenda.0.title"]').textContent()).resolves.toContain('标题');
    await screenshot(page, 'congress-create-errors.png');

    // the vote rules come pre-filled with the election rules' defaults, each explained; the chair changes two
    await expect(page.locator('.cg-quorum-num input').inputValue()).resolves.toBe('2');
    await expect(page.locator('.cg-quorum-den input').inputValue()).resolves.toBe('3');
    await expect(page.locator('.cg-ratio input').inputValue()).resolves.toBe('5');
    await expect(page.locator('.cg-threshold-entitled').getAttribute('class')).resolves.toContain('cg-mark--on');
    await expect(page.locator('.cg-settings').textContent()).resolves.toContain('默认 2/3');
    await page.locator('.cg-ratio input').fill('10');
    await page.locator('.cg-threshold-present').click();
    await screenshot(page, 'congress-create-settings.png');

    await page.locator('.cg-item-title input').first().fill('审议通过《职工休假制度（修订稿）》');
    await page.locator('.cg-select-all').click();
    await tap(page, page, '创建职代会');
    await page.waitForURL(/pages\/congress\/detail\/index/, { timeout: 30_000 });
    await page.getByText('2026年职工代表大会临时会议').first().waitFor({ state: 'visible', timeout: 30_000 });
    await expect(page.locator('[data-testid="vote-0"]').textContent()).resolves.toContain('职工休假制度');
    await screenshot(page, 'congress-created.png');
    const created = new URL(page.url().replace('#/', '')).searchParams.get('id')!;
    const chair = (
      (await (await fetch(`${stage.gateway.url}/api/dev/people`)).json()) as { data: { people: { id: string; name: string }[] } }
    ).data.people.find((p) => p.name === '王芳')!.id;
    const { settings } = await api<{ settings: Record<string, unknown> }>(chair, 'congress.get', { congressId: created });
    expect(settings).toEqual({
      quorumNum: 2,
      quorumDen: 3,
      thresholdBase: 'present',
      differentialRatioPct: 10,
      delegatesSeeLiveCount: false,
    });

    // 调整代表名单 before the first vote: the chair takes one delegate off the list and the 应到 count follows
    const entitledNow = async () => Number((await page.locator('.cg-quorum:visible').textContent())!.match(/应到 (\d+) 人/)![1]);
    const before = await entitledNow();
    await tap(page, page, '调整代表名单');
    const editor = page.locator('[data-testid="delegate-editor"]');
    await editor.locator('.cg-mark--on').first().waitFor({ state: 'visible', timeout: 30_000 });
    const removed = await editor.locator('.cg-mark--on').first().getAttribute('data-member');
    await editor.locator('.cg-mark--on').first().click();
    await expect(editor.locator('.cg-card__title').textContent()).resolves.toContain(`已选 ${before - 1} 人`);
    await screenshot(page, 'congress-delegates-edit.png');
    await tap(page, editor, '保存名单');
    await editor.waitFor({ state: 'detached', timeout: 30_000 });
    await page.waitForFunction((n) => document.querySelector('.cg-quorum')?.textContent?.includes(`应到 ${n} 人`), before - 1, {
      timeout: 30_000,
    });
    const { delegates: after } = await api<{ delegates: { name: string }[] }>(chair, 'congress.delegates', {
      congressId: created,
    });
    expect(after.map((d) => d.name)).not.toContain(removed);
    expect(after).toHaveLength(before - 1);

    // 闭幕: no vote is open, the chair ends it; nothing can be opened any more and the list says 已闭幕
    await tap(page, page, '宣布闭幕');
    await expect(answerConfirm(page)).resolves.toContain('闭幕后不能再开始任何表决');
    // earlier pages stay in the DOM (hidden) under Taro's h5 router: look at the visible one
    const status = page.locator('[data-testid="congress-status"]:visible');
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid="congress-status"]')].some(
          (e) => (e as HTMLElement).offsetParent && e.textContent === '已闭幕',
        ),
      undefined,
      { timeout: 30_000 },
    );
    await expect(status.textContent()).resolves.toBe('已闭幕');
    await expect(page.locator('[data-testid="vote-0"] .nut-button', { hasText: '开始投票' }).count()).resolves.toBe(0);
    await screenshot(page, 'congress-ended.png');
    await page.goto(pageUrl(stage.gateway.url, 'pages/congress/index/index'));
    await page.reload();
    const row = page.locator('.cg-congress:visible', { hasText: '2026年职工代表大会临时会议' });
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await expect(row.locator('[data-testid="congress-status"]').textContent()).resolves.toBe('已闭幕');
    await screenshot(page, 'congress-list-ended.png');
  });
});
