import fs from 'node:fs';
import path from 'node:path';

/**
 * One confirm-dialog style (issue 13): pages ask through the house ConfirmDialog (`useConfirm`), never the
 * platform's Taro.showModal, whose look differs between weapp and h5 and from ours — also where it asks for a
 * reason (ask) or must call a tap-only platform API from its button (onConfirmTap).
 */

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

test('no page or component calls Taro.showModal', () => {
  const root = path.resolve(__dirname, '..', '..');
  const offenders = sources(path.join(root, 'src'))
    .map((f) => path.relative(root, f).split(path.sep).join('/'))
    .filter((f) => /\bshowModal\s*\(/.test(fs.readFileSync(path.join(root, f), 'utf8')));
  expect(offenders).toEqual([]);
});
