import { startLocalCloud } from './support/cloud';
import { createWx } from './support/wx';
import { createMiniProgram } from './support/miniprogram';

jest.setTimeout(120_000);
test('scratch', async () => {
  const cloud = await startLocalCloud();
  const standIn = createWx(cloud);
  standIn.storage.set('pu.session', await cloud.session('zhangWei'));
  const mp = createMiniProgram(standIn);
  mp.launch();
  const page = await mp.open('pages/services/index');
  console.log(page.text());
  console.log(page.warnings.slice(0, 5), page.missingTemplates);
  const home = await mp.open('pages/home/index');
  console.log(home.text());
  console.log(home.missingTemplates, standIn.calls.map((c) => c.api).join(','));
  await cloud.close();
});
