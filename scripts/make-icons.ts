/**
 * Draws the add-in's icons (assets/icon-{16,32,64,80}.png): a Fluent-blue rounded tile holding a
 * white table with a check mark, the "filled and checked form" that planbook is about.
 * Written with zlib only, so the icons are reproducible without an image editor:
 *   npx tsx scripts/make-icons.ts
 */
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SIZES = [16, 32, 64, 80];
const BRAND: [number, number, number] = [0x0f, 0x6c, 0xbd]; // Fluent colorBrandBackground
const WHITE: [number, number, number] = [0xff, 0xff, 0xff];
const GREEN: [number, number, number] = [0x6c, 0xcb, 0x5f];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

export function encodePng(size: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function draw(size: number): Uint8Array {
  const px = new Uint8Array(size * size * 4);
  const s = size / 32; // designed on a 32 px grid
  const radius = 6 * s;
  const set = (x: number, y: number, c: [number, number, number], a = 255): void => {
    if (x < 0 || y < 0 || x >= size || y >= size) return;
    const i = (y * size + x) * 4;
    px[i] = c[0];
    px[i + 1] = c[1];
    px[i + 2] = c[2];
    px[i + 3] = a;
  };
  // Rounded tile, with a one-pixel soft edge at the corners.
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const cx = Math.min(Math.max(x + 0.5, radius), size - radius);
      const cy = Math.min(Math.max(y + 0.5, radius), size - radius);
      const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
      const a = Math.max(0, Math.min(1, radius - d + 0.5));
      if (a > 0) set(x, y, BRAND, Math.round(a * 255));
    }
  }
  const rect = (x0: number, y0: number, x1: number, y1: number, c: [number, number, number]): void => {
    for (let y = Math.round(y0 * s); y < Math.round(y1 * s); y++) for (let x = Math.round(x0 * s); x < Math.round(x1 * s); x++) set(x, y, c);
  };
  const line = Math.max(1, Math.round(1.5 * s)) / s;
  // The table: outline, header rule, two row rules, one column rule.
  rect(7, 7, 25, 7 + line, WHITE);
  rect(7, 25 - line, 25, 25, WHITE);
  rect(7, 7, 7 + line, 25, WHITE);
  rect(25 - line, 7, 25, 25, WHITE);
  rect(7, 11, 25, 11 + line, WHITE);
  rect(7, 16.5, 25, 16.5 + line, WHITE);
  rect(13, 7, 13 + line, 25, WHITE);
  // The check mark, lower right, in green over the tile.
  const w = Math.max(1, 2.2 * s);
  const stroke = (x0: number, y0: number, x1: number, y1: number): void => {
    const steps = Math.ceil(Math.hypot(x1 - x0, y1 - y0) * s * 2);
    for (let t = 0; t <= steps; t++) {
      const x = (x0 + ((x1 - x0) * t) / steps) * s;
      const y = (y0 + ((y1 - y0) * t) / steps) * s;
      for (let dy = -w / 2; dy < w / 2; dy += 0.5) for (let dx = -w / 2; dx < w / 2; dx += 0.5) set(Math.floor(x + dx), Math.floor(y + dy), GREEN);
    }
  };
  stroke(17, 22, 20, 25);
  stroke(20, 25, 27, 17);
  return px;
}

export function makeIcons(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return SIZES.map((n) => {
    const file = join(dir, `icon-${n}.png`);
    writeFileSync(file, encodePng(n, draw(n)));
    return file;
  });
}

if (require.main === module) {
  for (const f of makeIcons(join(__dirname, '..', 'assets'))) console.log(f);
}
