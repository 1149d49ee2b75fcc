// Draws the tab bar icons (81×81 PNG, the size WeChat recommends) from simple shapes, so no image
// tool or download is needed. Run: node scripts/make-tab-icons.mjs → src/assets/tab/*.png
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 81;
const SS = 4; // supersampling per axis, for smooth edges
const OUT = new URL('../src/assets/tab/', import.meta.url);
// The selected icon is neutral dark ink, not a colour: a union's theme is any colour and a mini-program
// tab icon is a packaged image that cannot be tinted, so the theme shows on the selected label
// (applyTheme → setTabBarStyle) and the icon darkens beside it, right under every union.
const COLORS = { normal: [0x8a, 0x8f, 0x99], active: [0x1f, 0x23, 0x29] };

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};
function png(alpha, [r, g, b]) {
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) {
    raw[y * (SIZE * 4 + 1)] = 0;
    for (let x = 0; x < SIZE; x++) {
      const o = y * (SIZE * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = Math.round(alpha[y * SIZE + x] * 255);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
/** Rasterise an inside(x, y) test over a 0..1 square into an alpha mask. */
function raster(inside) {
  const a = new Float32Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      let hit = 0;
      for (let sy = 0; sy < SS; sy++)
        for (let sx = 0; sx < SS; sx++) if (inside((x + (sx + 0.5) / SS) / SIZE, (y + (sy + 0.5) / SS) / SIZE)) hit++;
      a[y * SIZE + x] = hit / (SS * SS);
    }
  return a;
}
const inRect = (x, y, x0, y0, x1, y1, r = 0) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r),
    cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const inCircle = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const inTriangle = (x, y, [ax, ay], [bx, by], [cx, cy]) => {
  const s = (px, py, qx, qy, rx, ry) => (px - rx) * (qy - ry) - (qx - rx) * (py - ry);
  const d1 = s(x, y, ax, ay, bx, by),
    d2 = s(x, y, bx, by, cx, cy),
    d3 = s(x, y, cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};

const shapes = {
  // A house: roof triangle over a body with a door cut out.
  home: (x, y) =>
    (inTriangle(x, y, [0.5, 0.12], [0.1, 0.48], [0.9, 0.48]) || inRect(x, y, 0.2, 0.44, 0.8, 0.88, 0.04)) &&
    !inRect(x, y, 0.42, 0.62, 0.58, 0.9, 0.02),
  // Four rounded tiles: the list of services.
  services: (x, y) =>
    inRect(x, y, 0.12, 0.12, 0.45, 0.45, 0.08) ||
    inRect(x, y, 0.55, 0.12, 0.88, 0.45, 0.08) ||
    inRect(x, y, 0.12, 0.55, 0.45, 0.88, 0.08) ||
    inCircle(x, y, 0.715, 0.715, 0.17),
  // A person: head and shoulders.
  mine: (x, y) => inCircle(x, y, 0.5, 0.32, 0.19) || (y >= 0.58 && y <= 0.9 && inCircle(x, y, 0.5, 0.98, 0.4) && !(y > 0.9)),
};

mkdirSync(OUT, { recursive: true });
for (const [name, inside] of Object.entries(shapes)) {
  const mask = raster(inside);
  writeFileSync(new URL(`${name}.png`, OUT), png(mask, COLORS.normal));
  writeFileSync(new URL(`${name}-active.png`, OUT), png(mask, COLORS.active));
}
console.log('wrote', Object.keys(shapes).length * 2, 'icons to', OUT.pathname);
