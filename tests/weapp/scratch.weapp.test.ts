import { startLocalCloud } from './support/cloud';
import { createWx } from './support/wx';
import { createMiniProgram } from './support/miniprogram';

jest.setTimeout(120_000);
test('scratch', async () => {
  let t = Date.now();
  const lap = (l: string) => { console.log(l, Date.now() - t); t = Date.now(); };
  const cloud = await startLocalCloud();
  lap('cloud');
  const standIn = createWx(cloud);
  standIn.storage.set('pu.session', await cloud.session('zhangWei'));
  const mp = createMiniProgram(standIn);
  mp.launch();
  lap('launch');
  const page = await mp.open('pages/services/index');
  lap('services');
  const home = await mp.open('pages/home/index');
  lap('home');
  const mine = await mp.open('pages/mine/index');
  lap('mine');
  console.log(mine.text(), mine.dom.querySelectorAll('.nut-icon').length, home.dom.querySelectorAll('.nut-icon').length);
  console.log(home.dom.innerHTML.slice(0, 3000));
  await cloud.close();
});
