/**
 * The invite card shared into a WeCom group carries a cover in the union's branding, not a screenshot of the
 * officer's page: the weapp build draws it on a hidden <Canvas type="2d"> (theme colour, the union's name, what the
 * card is for), writes it with canvasToTempFilePath and hands that image to the share as imageUrl.
 */
import { canRunWeapp } from './support/miniprogram';
import { recordingCanvas, type RecordingCanvas } from './support/recording-canvas';
import { useWeappStage } from './support/stage';

const suite = canRunWeapp() ? describe : describe.skip;
jest.setTimeout(180_000);

let cover: RecordingCanvas | null = null;

suite('invite card cover (weapp)', () => {
  const stage = useWeappStage('wangFang', {
    canvasNode: (id) => {
      if (id !== 'invite-cover') return null;
      cover ??= recordingCanvas();
      return { node: cover.node, width: 250, height: 200 };
    },
  });

  it('draws the cover in the union colour with its name and shares it as the card image', async () => {
    const home = await stage.api('wangFang', 'unions.home', {});
    const invite = await stage.api('wangFang', 'membership.createInvite', { unionId: home.membership!.union.id });
    const page = await stage.app.open('pages/membership/manage/index', { tab: 'invites' });
    for (let i = 0; i < 100 && !stage.wx.calls.some((c) => c.api === 'canvasToTempFilePath'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(page.errors).toEqual([]);
    const drawn = cover!.calls;
    expect(drawn.map((c) => c.toLowerCase())).toContain('fillstyle=#c8102e'); // 星火电子工会's red
    expect(drawn.some((c) => c.startsWith('fillText(星火电子工会,'))).toBe(true);
    expect(drawn.some((c) => c.startsWith('fillText(入会邀请,'))).toBe(true);
    const written = stage.wx.calls.find((c) => c.api === 'canvasToTempFilePath')!;
    expect(written.options).toMatchObject({ canvas: cover!.node, fileType: 'png', destWidth: 500, destHeight: 400 });

    await new Promise((r) => setTimeout(r, 50)); // the page keeps the image's path
    const shared = page.share({ code: invite.code });
    expect(shared).toMatchObject({
      title: '邀请你加入星火电子工会',
      path: `/pages/membership/join/index?invite=${invite.code}`,
      imageUrl: expect.stringMatching(/^wxfile:\/\/tmp_canvas_\d+\.png$/),
    });
    page.unload();
  });
});
