import fs from 'node:fs';
import path from 'node:path';

/**
 * One confirm-dialog style (issue 13): pages ask through the house ConfirmDialog (`useConfirm`), never the
 * platform's Taro.showModal, whose look differs between weapp and h5 and from ours. The congress and booking
 * pages are still being moved over by their own work packages and are listed here until then.
 */
const NOT_YET_MOVED = ['src/pages/booking/'];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

test('no page outside booking calls Taro.showModal', () => {
  const root = path.resolve(__dirname, '..', '..');
  const offenders = sources(path.join(root, 'src'))
    .map((f) => path.relative(root, f).split(path.sep).join('/'))
    .filter((f) => !NOT_YET_MOVED.some((d) => f.startsWith(d)))
    .filter((f) => /\bshowModal\s*\(/.test(fs.readFileSync(path.join(root, f), 'utf8')));
  expect(offenders).toEqual([]);
});
