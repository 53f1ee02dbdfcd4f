#!/usr/bin/env node
// Draws build/icon.png (512x512): an NHS-blue rounded square with a white hub-and-spokes
// mark. Plain Node (zlib) with 4x4 supersampling, so it regenerates the same bytes
// anywhere without a browser. electron-builder derives the .ico/.icns from this file.
//   node build/make-icon.mjs [out.png]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const SIZE = 512;
const SUB = 4; // samples per axis per pixel
const BLUE = [0x00, 0x5e, 0xb8];
const WHITE = [0xff, 0xff, 0xff];

const C = SIZE / 2;
const CORNER = 112; // rounded-square corner radius
const HUB = 60;
const RIM = 156; // distance of the outer nodes from the centre
const NODE = 38;
const SPOKE = 26; // spoke width
const nodes = Array.from({ length: 6 }, (_, k) => {
  const a = ((-90 + k * 60) * Math.PI) / 180;
  return [C + RIM * Math.cos(a), C + RIM * Math.sin(a)];
});

function inRoundedSquare(x, y) {
  const dx = Math.max(CORNER - x, 0, x - (SIZE - CORNER));
  const dy = Math.max(CORNER - y, 0, y - (SIZE - CORNER));
  return dx * dx + dy * dy <= CORNER * CORNER;
}

function distToSegment(px, py, ax, ay, bx, by) {
  const vx = bx - ax;
  const vy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(px - (ax + t * vx), py - (ay + t * vy));
}

function inMark(x, y) {
  if (Math.hypot(x - C, y - C) <= HUB) return true;
  for (const [nx, ny] of nodes) {
    if (Math.hypot(x - nx, y - ny) <= NODE) return true;
    if (distToSegment(x, y, C, C, nx, ny) <= SPOKE / 2) return true;
  }
  return false;
}

function render() {
  const stride = SIZE * 4 + 1;
  const raw = Buffer.alloc(stride * SIZE);
  for (let py = 0; py < SIZE; py++) {
    raw[py * stride] = 0; // filter: none
    for (let px = 0; px < SIZE; px++) {
      let inside = 0;
      let white = 0;
      for (let sy = 0; sy < SUB; sy++) {
        for (let sx = 0; sx < SUB; sx++) {
          const x = px + (sx + 0.5) / SUB;
          const y = py + (sy + 0.5) / SUB;
          if (!inRoundedSquare(x, y)) continue;
          inside++;
          if (inMark(x, y)) white++;
        }
      }
      const o = py * stride + 1 + px * 4;
      const w = inside ? white / inside : 0;
      for (let i = 0; i < 3; i++) raw[o + i] = Math.round(BLUE[i] * (1 - w) + WHITE[i] * w);
      raw[o + 3] = Math.round((255 * inside) / (SUB * SUB));
    }
  }
  return raw;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(raw) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'icon.png');
fs.writeFileSync(out, png(render()));
process.stderr.write(`wrote ${out}\n`);
