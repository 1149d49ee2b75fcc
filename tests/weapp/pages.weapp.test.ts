/**
 * The weapp build as WeChat runs it: each page of dist/weapp loaded with its app, its lifecycle driven,
 * its WXML compiled by WeChat's compiler and rendered with the data Taro sets, its calls answered by
 * the local cloud functions over the demo data. A page passes when it shows what a member should see
 * and every template it uses exists (a missing one — NutUI's <i> icons without @tarojs/plugin-html —
 * renders blank in the phone and is reported here as "Template `tmpl_0_i` not found").
 */
import { allRoutes, canRunWeapp, readAppJson, type RenderedPage } from './support/miniprogram';
import { useWeappStage } from './support/stage';

const suite = canRunWeapp() ? describe : describe.skip;
jest.setTimeout(120_000);

/** Rendered whole: no missing template, import or include, and no error reported while it ran. */
function expectWhole(page: RenderedPage) {
  expect(page.missingTemplates).toEqual([]);
  expect(page.warnings).toEqual([]);
  expect(page.errors).toEqual([]);
}

/** NutUI icons the page drew (each an <i class="nut-icon …">, a view once the html plugin maps it). */
const icons = (page: RenderedPage) => page.dom.querySelectorAll('.nut-icon').length;

suite('the weapp build in the simulator, with demo data from the local functions', () => {
  const stage = useWeappStage('zhangWei');
  afterEach(() => stage.signInAs('zhangWei'));

  describe('tab pages (main package)', () => {
    it('首页 shows the member their union, their card and the service entries, icons drawn', async () => {
      const page = await stage.app.open('pages/home/index');
      const text = page.text();
      for (const shown of ['星火电子工会', '张伟', '会员号', 'XC100001', '会员服务', '入会', '互助金', '职代会', '服务预约'])
        expect(text).toContain(shown);
      expect(icons(page)).toBeGreaterThanOrEqual(4);
      expectWhole(page);
    });

    it('服务 lists every area with its icon and opens an area page that the build has', async () => {
      const page = await stage.app.open('pages/services/index');
      const text = page.text();
      for (const shown of [
        '工会服务',
        '生活服务',
        '普惠活动',
        '帮扶保障',
        '民主管理',
        '会员事务',
        '服务预约',
        '普惠',
        '互助金',
        '职代会',
        '入会',
      ])
        expect(text).toContain(shown);
      expect(icons(page)).toBeGreaterThanOrEqual(8); // an icon and a chevron per entry
      expectWhole(page);

      const before = stage.wx.calls.length;
      await page.tap('.entry-list__row');
      const opened = stage.wx.calls.slice(before).find((c) => c.api === 'navigateTo')?.options as { url: string } | undefined;
      expect(opened?.url).toBe('/pages/booking/index/index');
      expect(allRoutes()).toContain(opened!.url.slice(1));
    });

    it('我的 shows the member and their affairs', async () => {
      const page = await stage.app.open('pages/mine/index');
      const text = page.text();
      for (const shown of ['张伟', '星火电子工会', '入会', '消息通知', '我的事务', '我的互助金申请', '我的预约'])
        expect(text).toContain(shown);
      expect(icons(page)).toBeGreaterThan(0);
      expectWhole(page);
    });

    it('the three tabs are 首页, 服务, 我的, all in the main package', () => {
      const app = readAppJson();
      expect(app.tabBar?.list.map((t) => t.text)).toEqual(['首页', '服务', '我的']);
      for (const tab of app.tabBar!.list) expect(app.pages).toContain(tab.pagePath);
    });
  });

  describe('area pages (subpackages)', () => {
    it('membership: the e-card shows the member number, the union and the QR to scan', async () => {
      const page = await stage.app.open('pages/membership/card/index');
      const text = page.text();
      for (const shown of [
        '电子会员证',
        '星火电子科技有限公司工会委员会',
        '张伟',
        '会员号 XC100001',
        '工会工作人员扫码核验',
        '会员关系记录',
      ])
        expect(text).toContain(shown);
      expectWhole(page);
    });

    it('membership: an invite opens the join form for a worker who is not yet a member', async () => {
      const { membership } = await stage.api('wangFang', 'unions.home', {});
      const invite = await stage.api('wangFang', 'membership.createInvite', {
        unionId: membership!.union.id,
        autoApprove: true,
        note: '小程序测试邀请',
      });
      await stage.signInAs('chenJing');
      const page = await stage.app.open('pages/membership/join/index', { invite: invite.code });
      const text = page.text();
      for (const shown of [
        '邀请您加入',
        '星火电子科技有限公司工会委员会',
        '填写身份信息',
        '姓名',
        '手机号',
        '身份证号',
        '核验并入会',
      ])
        expect(text).toContain(shown);
      expectWhole(page);
    });

    it("aid: the claim form offers the plan's categories, the costs and the bank account", async () => {
      const page = await stage.app.open('pages/aid/claim/index');
      const text = page.text();
      for (const shown of [
        '就医信息',
        '类别',
        '住院',
        '医院',
        '费用（元）',
        '医疗总费用',
        '收款账户',
        '银行卡号',
        '上传发票',
        '保存草稿',
        '提交申请',
      ])
        expect(text).toContain(shown);
      expectWhole(page);
    });

    it('congress: the detail shows the meeting, the attendance against the quorum and the agenda', async () => {
      const { membership } = await stage.api('zhangWei', 'unions.home', {});
      const { congresses } = await stage.api('zhangWei', 'congress.list', { unionId: membership!.union.id });
      const page = await stage.app.open('pages/congress/detail/index', { id: congresses[0].id });
      const text = page.text();
      for (const shown of [
        '星火电子科技有限公司第三届职工代表大会第一次会议',
        '应到 30 人 · 实到 20 人',
        '代表签到',
        '会议文件',
        '议程',
        '审议通过《2026年度集体合同（草案）》',
        '选举工会委员会委员',
      ]) {
        expect(text).toContain(shown);
      }
      expectWhole(page);
    });

    it('booking: the week shows the service, its days and its open slots', async () => {
      const page = await stage.app.open('pages/booking/index/index');
      const text = page.text();
      for (const shown of ['理发屋', '行政楼一层 105 室', '本周', '下周', '我的预约', '12:00', '2 位师傅'])
        expect(text).toContain(shown);
      expect(text).toMatch(/周[一二三四五] \d{1,2}\/\d{1,2}/);
      expectWhole(page);
      // next week (released by the seed, all ahead): choose 李师傅, tap his first free slot
      await page.tap('.booking-next-week');
      expect(page.text()).toContain('选择师傅 不限 1号椅 · 王师傅 2号椅 · 李师傅');
      const li = '.booking-providers .booking-provider-2'; // 不限, 王师傅, 李师傅
      await page.tap(li);
      expect(page.dom.querySelector(li)?.className).toContain('bk-tab--active');
      await page.tap('.booking-slots .bk-slot--open');
      expect(page.errors).toEqual([]);
      const { bookings } = await stage.api('zhangWei', 'booking.mine', {});
      expect(bookings.map((b) => [b.status, b.providerName])).toEqual([['booked', '2号椅 · 李师傅']]);
      page.unload();
    });
  });

  it('every page of the build opens and renders whole (without a query: pages that need one show a notice or a skeleton)', async () => {
    const routes = allRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(20);
    for (const route of routes) {
      const page = await stage.app.open(route);
      expect({ route, drawn: page.dom.querySelector('wx-view') !== null }).toEqual({ route, drawn: true });
      expect({ route, missing: page.missingTemplates, warnings: page.warnings, errors: page.errors }).toEqual({
        route,
        missing: [],
        warnings: [],
        errors: [],
      });
      page.unload();
    }
  });
});
