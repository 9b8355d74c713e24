/**
 * Regenerates the PWA icons in public/ (run: `npx tsx tests/support/make-icons.ts`). The mark is a
 * white "F" over a yellow ruled line — a page of a notebook — on GOV.UK black, so it reads at 16 px
 * and at 512 px. Shapes are defined once, in unit coordinates, and drawn into the SVG and PNGs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng } from './png';

type Rgb = readonly [number, number, number];
type Rect = { x0: number; y0: number; x1: number; y1: number; colour: Rgb };

const BLACK: Rgb = [0x0b, 0x0c, 0x0c]; // GOV.UK text colour, also the manifest's theme colour
const WHITE: Rgb = [0xff, 0xff, 0xff];
const YELLOW: Rgb = [0xff, 0xdd, 0x00]; // GOV.UK focus yellow: high contrast on black

const GLYPH: readonly Rect[] = [
  { x0: 0.33, y0: 0.2, x1: 0.45, y1: 0.72, colour: WHITE }, // stem
  { x0: 0.33, y0: 0.2, x1: 0.69, y1: 0.31, colour: WHITE }, // top bar
  { x0: 0.33, y0: 0.42, x1: 0.62, y1: 0.52, colour: WHITE }, // middle bar
  { x0: 0.28, y0: 0.78, x1: 0.72, y1: 0.83, colour: YELLOW }, // the notebook's ruled line
];

/** Corner radius of the "any" icon's rounded square; the maskable icon is full-bleed. */
const CORNER_RADIUS = 0.18;
/**
 * The maskable icon's glyph is scaled about the centre so its farthest point sits at ≈ 0.31 of
 * the width from the centre, inside the 0.4 radius safe zone every launcher mask keeps.
 */
const MASKABLE_GLYPH_SCALE = 0.8;
const SUPERSAMPLES = 4; // 4 × 4 samples per pixel: smooth edges without an anti-aliasing library

const scaled = (rect: Rect, s: number): Rect => ({
  ...rect,
  x0: 0.5 + (rect.x0 - 0.5) * s,
  y0: 0.5 + (rect.y0 - 0.5) * s,
  x1: 0.5 + (rect.x1 - 0.5) * s,
  y1: 0.5 + (rect.y1 - 0.5) * s,
});

const insideRoundedSquare = (x: number, y: number, r: number): boolean => {
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};

const render = (size: number, maskable: boolean): Buffer => {
  const glyph = maskable ? GLYPH.map((r) => scaled(r, MASKABLE_GLYPH_SCALE)) : GLYPH;
  const radius = maskable ? 0 : CORNER_RADIUS;
  const rgba = new Uint8Array(size * size * 4);
  const n = SUPERSAMPLES * SUPERSAMPLES;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < SUPERSAMPLES; sy++) {
        for (let sx = 0; sx < SUPERSAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SUPERSAMPLES) / size;
          const y = (py + (sy + 0.5) / SUPERSAMPLES) / size;
          if (!insideRoundedSquare(x, y, radius)) continue;
          const hit = glyph.find((s) => x >= s.x0 && x < s.x1 && y >= s.y0 && y < s.y1);
          const [cr, cg, cb] = hit ? hit.colour : BLACK;
          r += cr;
          g += cg;
          b += cb;
          covered++;
        }
      }
      const i = (py * size + px) * 4;
      // Average the colour over covered samples only (straight alpha), coverage becomes alpha.
      rgba[i] = covered ? Math.round(r / covered) : 0;
      rgba[i + 1] = covered ? Math.round(g / covered) : 0;
      rgba[i + 2] = covered ? Math.round(b / covered) : 0;
      rgba[i + 3] = Math.round((covered / n) * 255);
    }
  }
  return encodePng(size, size, rgba);
};

const hex = ([r, g, b]: Rgb) =>
  `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;

const svg = (): string => {
  const pct = (v: number) => +(v * 100).toFixed(2); // unit → viewBox units, without float noise
  const rects = GLYPH.map(
    (s) =>
      `<rect x="${pct(s.x0)}" y="${pct(s.y0)}" width="${pct(s.x1 - s.x0)}" ` +
      `height="${pct(s.y1 - s.y0)}" fill="${hex(s.colour)}"/>`,
  );
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">',
    `<rect width="100" height="100" rx="${CORNER_RADIUS * 100}" fill="${hex(BLACK)}"/>`,
    ...rects,
    '</svg>',
    '',
  ].join('\n');
};

const publicDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'public');
mkdirSync(join(publicDir, 'icons'), { recursive: true });
writeFileSync(join(publicDir, 'favicon.svg'), svg());
writeFileSync(join(publicDir, 'icons', 'icon-192.png'), render(192, false));
writeFileSync(join(publicDir, 'icons', 'icon-512.png'), render(512, false));
writeFileSync(join(publicDir, 'icons', 'icon-maskable-512.png'), render(512, true));
