/**
 * The chart library in the mini-program: the weapp build of the 数据驾驶舱 asks for its <Canvas type="2d"> nodes
 * with a selector query (as WeChat answers it), and AntV F2 draws the monthly trends on them: every month's label,
 * the values above the columns, and a column in the theme colour where a month has any. jsdom has no canvas, so
 * the stand-in's 2d context records what was drawn.
 */
import { canRunWeapp } from './support/miniprogram';
import { recordingCanvas, type RecordingCanvas } from './support/recording-canvas';
import { useWeappStage } from './support/stage';

const suite = canRunWeapp() ? describe : describe.skip;
jest.setTimeout(180_000);

const canvases = new Map<string, RecordingCanvas>();

suite('数据驾驶舱 charts drawn by F2 on the weapp canvas', () => {
  const stage = useWeappStage('chenJing', {
    canvasNode: (id) => {
      if (!canvases.has(id)) canvases.set(id, recordingCanvas());
      return { node: canvases.get(id)!.node, width: 343, height: 140 };
    },
  });

  it('draws each trend: twelve month labels, values above, columns in the theme colour', async () => {
    const page = await stage.app.open('pages/federation/overview/index');
    expect(page.text()).toContain('东湖区总工会');
    for (
      let i = 0;
      i < 100 && [...canvases.values()].filter((c) => c.calls.some((x) => x.startsWith('fillText(12月'))).length < 3;
      i++
    )
      await new Promise((r) => setTimeout(r, 50));
    expect(page.errors).toEqual([]);
    const drawn = [...canvases.values()];
    expect(drawn.length).toBe(3); // 每月入会, 每月互助金申请, 每月服务预约
    for (const c of drawn) {
      const texts = c.calls.filter((x) => x.startsWith('fillText(')).map((x) => x.slice(9).split(',')[0]);
      for (let m = 1; m <= 12; m++) expect(texts).toContain(`${m}月`);
      // the node was sized at the phone's pixel ratio (343 × 140 CSS px)
      expect(c.node.width).toBeGreaterThanOrEqual(343);
    }
    // bookings this month: the services chart writes that value and fills columns in the theme colour
    const home = await stage.api('chenJing', 'unions.home', {});
    const overview = await stage.api('chenJing', 'unions.overview', { unionId: home.federation!.id });
    const thisMonth = String(overview.trend.bookings[11]);
    const services = drawn.filter((c) => c.calls.some((x) => x.startsWith(`fillText(${thisMonth},`)));
    expect(services.length).toBeGreaterThan(0);
    expect(services.some((c) => c.calls.some((x) => /^fillStyle=(#c8102e|rgba?\(200, ?16, ?46)/i.test(x)))).toBe(true);
    page.unload();
  });
});
