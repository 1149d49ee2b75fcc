/**
 * The tab bar's selected icons are packaged PNGs a mini-program cannot tint, so they must not carry a
 * colour of their own (they were platform red under a blue union): every drawn pixel of a selected icon is
 * neutral (grey / dark ink); the theme colour reaches the selected label through setTabBarStyle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

const DIR = join(__dirname, '../../src/assets/tab');

/** RGBA pixels of an 8-bit RGBA, non-interlaced PNG with filter 0 rows (what scripts/make-tab-icons.mjs writes). */
function pixels(file: string): number[][] {
  const buf = readFileSync(file);
  const width = buf.readUInt32BE(16);
  const idat: Buffer[] = [];
  for (let at = 8; at < buf.length; ) {
    const len = buf.readUInt32BE(at);
    if (buf.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(buf.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const row = width * 4 + 1;
  const out: number[][] = [];
  for (let y = 0; y * row < raw.length; y++) {
    expect(raw[y * row]).toBe(0);
    for (let x = 0; x < width; x++) out.push([...raw.subarray(y * row + 1 + x * 4, y * row + 5 + x * 4)]);
  }
  return out;
}

describe('tab bar icons', () => {
  const active = readdirSync(DIR).filter((f) => f.endsWith('-active.png'));

  it('there is a selected icon for each tab', () =>
    expect(active.sort()).toEqual(['home-active.png', 'mine-active.png', 'services-active.png']));

  it.each(active)('%s is neutral: no drawn pixel has a hue', (file) => {
    const drawn = pixels(join(DIR, file)).filter(([, , , a]) => a > 0);
    expect(drawn.length).toBeGreaterThan(100);
    const coloured = drawn.filter(([r, g, b]) => Math.max(r, g, b) - Math.min(r, g, b) > 16);
    expect(coloured).toEqual([]);
  });
});
