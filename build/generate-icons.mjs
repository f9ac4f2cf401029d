#!/usr/bin/env node
// Draws Grove's icon (three green conifers on a deep green tile) and writes it as PNGs for
// electron-builder, plus the same drawing as SVG. Node only: shapes are sampled 4×4 per pixel for
// smooth edges and the PNG is written by hand with zlib. Run `node build/generate-icons.mjs`
// after changing the drawing, and commit the results.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));

// The drawing, on a 512×512 canvas. Painted in order; later shapes cover earlier ones.
const TILE = { x: 24, y: 24, size: 464, radius: 104, top: '#2b8a57', bottom: '#0f3f29' };
const shapes = [
  { kind: 'rect', x: 159, y: 360, w: 22, h: 40, color: '#cfe9d9' },
  { kind: 'rect', x: 331, y: 360, w: 22, h: 40, color: '#cfe9d9' },
  {
    kind: 'tri',
    points: [
      [170, 176],
      [96, 368],
      [244, 368],
    ],
    color: '#4fb97c',
  },
  {
    kind: 'tri',
    points: [
      [342, 176],
      [268, 368],
      [416, 368],
    ],
    color: '#4fb97c',
  },
  { kind: 'rect', x: 244, y: 380, w: 24, h: 44, color: '#e6f6ec' },
  {
    kind: 'tri',
    points: [
      [256, 188],
      [150, 388],
      [362, 388],
    ],
    color: '#9be7b7',
  },
  {
    kind: 'tri',
    points: [
      [256, 96],
      [176, 270],
      [336, 270],
    ],
    color: '#9be7b7',
  },
];

function hex(color) {
  const value = Number.parseInt(color.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function inRoundedTile(x, y) {
  const { x: left, y: top, size, radius } = TILE;
  const cx = Math.min(Math.max(x, left + radius), left + size - radius);
  const cy = Math.min(Math.max(y, top + radius), top + size - radius);
  return (
    x >= left &&
    x <= left + size &&
    y >= top &&
    y <= top + size &&
    (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2
  );
}

function inTriangle(x, y, [[ax, ay], [bx, by], [cx, cy]]) {
  const side = (px, py, qx, qy) => (x - qx) * (py - qy) - (px - qx) * (y - qy);
  const d1 = side(ax, ay, bx, by);
  const d2 = side(bx, by, cx, cy);
  const d3 = side(cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}

function contains(shape, x, y) {
  if (shape.kind === 'tri') return inTriangle(x, y, shape.points);
  return x >= shape.x && x <= shape.x + shape.w && y >= shape.y && y <= shape.y + shape.h;
}

/** The colour (with alpha) at a point of the 512 canvas. */
function sample(x, y) {
  if (!inRoundedTile(x, y)) return [0, 0, 0, 0];
  const t = (y - TILE.y) / TILE.size;
  const [r1, g1, b1] = hex(TILE.top);
  const [r2, g2, b2] = hex(TILE.bottom);
  let color = [r1 + (r2 - r1) * t, g1 + (g2 - g1) * t, b1 + (b2 - b1) * t];
  for (const shape of shapes) if (contains(shape, x, y)) color = hex(shape.color);
  return [...color, 255];
}

function render(size, grid = 4) {
  const scale = 512 / size;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < grid; sy++) {
        for (let sx = 0; sx < grid; sx++) {
          const [r, g, b, a] = sample(
            (px + (sx + 0.5) / grid) * scale,
            (py + (sy + 0.5) / grid) * scale,
          );
          // Premultiplied, so edge pixels do not pick up the black of transparent samples.
          sum[0] += (r * a) / 255;
          sum[1] += (g * a) / 255;
          sum[2] += (b * a) / 255;
          sum[3] += a;
        }
      }
      const offset = (py * size + px) * 4;
      const alpha = sum[3] / (grid * grid);
      for (let channel = 0; channel < 3; channel++) {
        pixels[offset + channel] = alpha === 0 ? 0 : Math.round((sum[channel] / sum[3]) * 255);
      }
      pixels[offset + 3] = Math.round(alpha);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = CRC_TABLE[(crc ^ byte) & 255] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // no filter
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function svg() {
  const body = shapes.map((shape) =>
    shape.kind === 'tri'
      ? `  <polygon points="${shape.points.map((point) => point.join(',')).join(' ')}" fill="${shape.color}"/>`
      : `  <rect x="${shape.x}" y="${shape.y}" width="${shape.w}" height="${shape.h}" fill="${shape.color}"/>`,
  );
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">',
    '  <title>Grove</title>',
    '  <defs><linearGradient id="tile" x1="0" y1="0" x2="0" y2="1">',
    `    <stop offset="0" stop-color="${TILE.top}"/><stop offset="1" stop-color="${TILE.bottom}"/>`,
    '  </linearGradient></defs>',
    `  <rect x="${TILE.x}" y="${TILE.y}" width="${TILE.size}" height="${TILE.size}" rx="${TILE.radius}" fill="url(#tile)"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

mkdirSync(path.join(here, 'icons'), { recursive: true });
const large = png(512, render(512));
writeFileSync(path.join(here, 'icon.png'), large);
writeFileSync(path.join(here, 'icons', '512x512.png'), large);
writeFileSync(path.join(here, 'icons', '256x256.png'), png(256, render(256)));
writeFileSync(path.join(here, 'icon.svg'), svg());
console.log('Wrote build/icon.png, build/icons/{512x512,256x256}.png and build/icon.svg');
