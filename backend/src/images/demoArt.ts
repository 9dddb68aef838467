/**
 * Generated sample artwork for demo mode and tests: a soft landscape "painting"
 * (sky gradient, sun, layered hills, water, reeds, birds, a canvas texture) drawn
 * as SVG and rendered by sharp. The same seed always gives the same picture, so
 * demo content is stable and checksums repeat.
 */
import sharp from 'sharp';

export interface ArtworkOptions {
  width: number;
  height: number;
  /** Any integer or string; the same seed gives the same image. */
  seed: number | string;
  /** Optional caption drawn small in a corner. */
  label?: string;
}

export interface DemoArtwork {
  filename: string;
  width: number;
  height: number;
  species: string;
  /** Family the demo expects it to land in, or null for the deliberately unsupported one. */
  expectedFamily: string | null;
  buffer: Buffer;
}

/** mulberry32: tiny, fast, good enough for picking colours and shapes. */
function rng(seed: number | string): () => number {
  let h = typeof seed === 'number' ? seed >>> 0 : 2166136261;
  if (typeof seed === 'string') for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return () => {
    h = (h + 0x6d2b79f5) >>> 0;
    let t = h;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PALETTES = [
  { sky: ['#2e3a5f', '#c86b6b', '#f4c48a'], sun: '#ffe6b0', hills: ['#7d6a8c', '#5a4d6e', '#3b3350'], water: '#8c7a96' }, // dawn
  { sky: ['#9ec9e8', '#d8ecf2', '#f6f1dc'], sun: '#fffbe8', hills: ['#9fb89a', '#6f9373', '#3f6148'], water: '#a9c8cf' }, // summer fen
  { sky: ['#1f2d3d', '#58708a', '#c9d6df'], sun: '#eef3f7', hills: ['#8a9aa8', '#5d6f80', '#33424f'], water: '#7f93a3' }, // winter
  { sky: ['#4a2c4f', '#d9825b', '#f7d08a'], sun: '#fff0c4', hills: ['#b0704f', '#7a4a3a', '#45292a'], water: '#c08a6a' }, // dusk
];

const f1 = (n: number) => n.toFixed(1);

/** A smooth ridge line across the width, closed to the bottom. */
function ridge(r: () => number, w: number, h: number, baseY: number, amp: number, fill: string): string {
  const steps = 6 + Math.floor(r() * 4);
  const pts: Array<[number, number]> = [];
  for (let i = 0; i <= steps; i++) pts.push([(w * i) / steps, baseY + (r() - 0.5) * 2 * amp]);
  let d = `M0,${f1(h)} L${f1(pts[0]![0])},${f1(pts[0]![1])}`;
  for (let i = 1; i < pts.length; i++) {
    const [x0, y0] = pts[i - 1]!;
    const [x1, y1] = pts[i]!;
    const mx = (x0 + x1) / 2;
    d += ` C${f1(mx)},${f1(y0)} ${f1(mx)},${f1(y1)} ${f1(x1)},${f1(y1)}`;
  }
  return `<path d="${d} L${f1(w)},${f1(h)} Z" fill="${fill}"/>`;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

export function artworkSvg({ width: w, height: h, seed, label }: ArtworkOptions): string {
  const r = rng(seed);
  const p = PALETTES[Math.floor(r() * PALETTES.length)]!;
  const u = Math.min(w, h); // unit for sizes, so portrait and landscape look alike
  const horizon = h * (0.55 + r() * 0.12);
  const sunX = w * (0.2 + r() * 0.6);
  const sunY = horizon - u * (0.12 + r() * 0.2);
  const parts: string[] = [];
  parts.push(`<defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="${p.sky[0]}"/><stop offset="0.6" stop-color="${p.sky[1]}"/><stop offset="1" stop-color="${p.sky[2]}"/>
    </linearGradient>
    <radialGradient id="glow"><stop offset="0" stop-color="${p.sun}" stop-opacity="0.9"/><stop offset="1" stop-color="${p.sun}" stop-opacity="0"/></radialGradient>
    <linearGradient id="water" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${p.water}"/><stop offset="1" stop-color="${p.hills[2]}"/></linearGradient>
  </defs>`);
  parts.push(`<rect width="${w}" height="${h}" fill="url(#sky)"/>`);
  parts.push(`<circle cx="${f1(sunX)}" cy="${f1(sunY)}" r="${f1(u * 0.3)}" fill="url(#glow)"/>`);
  parts.push(`<circle cx="${f1(sunX)}" cy="${f1(sunY)}" r="${f1(u * 0.06)}" fill="${p.sun}"/>`);
  p.hills.forEach((fill, i) => {
    parts.push(ridge(r, w, horizon + u * 0.04 * (i + 1), horizon - u * (0.16 - i * 0.05), u * (0.06 - i * 0.015), fill));
  });
  const waterTop = horizon + u * 0.12;
  parts.push(`<rect y="${f1(waterTop)}" width="${w}" height="${f1(h - waterTop)}" fill="url(#water)"/>`);
  for (let i = 0; i < 5; i++) {
    const y = waterTop + (h - waterTop) * (0.1 + r() * 0.8);
    const x = w * r();
    parts.push(`<rect x="${f1(x)}" y="${f1(y)}" width="${f1(w * (0.1 + r() * 0.2))}" height="${f1(u * 0.004)}" fill="${p.sun}" opacity="0.35"/>`);
  }
  const reeds: string[] = [];
  const reedCount = 20 + Math.floor(r() * 20);
  for (let i = 0; i < reedCount; i++) {
    const x = w * (r() < 0.5 ? r() * 0.3 : 0.7 + r() * 0.3);
    const tall = u * (0.12 + r() * 0.25);
    const lean = (r() - 0.5) * u * 0.05;
    reeds.push(`M${f1(x)},${f1(h)} Q${f1(x + lean / 2)},${f1(h - tall / 2)} ${f1(x + lean)},${f1(h - tall)}`);
  }
  parts.push(`<path d="${reeds.join(' ')}" stroke="${p.hills[2]}" stroke-width="${f1(u * 0.006)}" fill="none" stroke-linecap="round"/>`);
  const birds = 2 + Math.floor(r() * 4);
  for (let i = 0; i < birds; i++) {
    const bx = w * (0.1 + r() * 0.8);
    const by = horizon * (0.15 + r() * 0.5);
    const s = u * (0.015 + r() * 0.02);
    parts.push(`<path d="M${f1(bx - s)},${f1(by)} Q${f1(bx - s / 2)},${f1(by - s / 2)} ${f1(bx)},${f1(by)} Q${f1(bx + s / 2)},${f1(by - s / 2)} ${f1(bx + s)},${f1(by)}" stroke="${p.hills[2]}" stroke-width="${f1(u * 0.004)}" fill="none"/>`);
  }
  if (label) {
    const fs = u * 0.035;
    parts.push(`<text x="${f1(w - fs)}" y="${f1(h - fs)}" text-anchor="end" font-family="sans-serif" font-size="${f1(fs)}" fill="#ffffff" fill-opacity="0.8">${escapeXml(label)}</text>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${parts.join('')}</svg>`;
}

/**
 * Canvas-like grain: a small seeded noise tile repeated over the picture (rendering
 * feTurbulence at full size costs seconds; a 256 px tile costs milliseconds).
 */
const GRAIN_TILE = 256;
async function grainTile(seed: number | string, maxSide: number): Promise<Buffer> {
  const s = Math.floor(rng(`grain:${seed}`)() * 1000);
  const n = Math.min(GRAIN_TILE, maxSide); // a tile may not exceed the picture
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${n}" height="${n}"><filter id="g" x="0" y="0" width="100%" height="100%"><feTurbulence type="fractalNoise" baseFrequency="0.8" numOctaves="2" seed="${s}" stitchTiles="stitch"/><feColorMatrix values="0 0 0 0 0.5  0 0 0 0 0.5  0 0 0 0 0.5  0 0 0 0.12 0"/></filter><rect width="${n}" height="${n}" filter="url(#g)"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export async function generateArtwork(opts: ArtworkOptions): Promise<Buffer> {
  const { width, height } = opts;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw new RangeError(`artwork size must be positive integers, got ${width}×${height}`);
  }
  return sharp(Buffer.from(artworkSvg(opts)))
    .composite([{ input: await grainTile(opts.seed, Math.min(width, height)), tile: true, blend: 'overlay' }])
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 88 })
    .toBuffer();
}

const DEMO_SET: Array<Omit<DemoArtwork, 'buffer'> & { seed: number }> = [
  { filename: 'heron-at-dawn.jpg', width: 2400, height: 1600, species: 'Grey Heron', expectedFamily: '3:2', seed: 11 },
  { filename: 'barn-owl-over-the-dyke.jpg', width: 1600, height: 2400, species: 'Barn Owl', expectedFamily: '3:2', seed: 23 },
  { filename: 'kingfisher-still-water.jpg', width: 2000, height: 2000, species: 'Kingfisher', expectedFamily: '1:1', seed: 37 },
  { filename: 'red-fox-in-bracken.jpg', width: 2400, height: 1800, species: 'Red Fox', expectedFamily: '4:3', seed: 41 },
  { filename: 'otters-on-the-fen.jpg', width: 2400, height: 1200, species: 'Eurasian Otter', expectedFamily: '2:1', seed: 53 },
  { filename: 'marsh-harrier-panorama.jpg', width: 2400, height: 800, species: 'Marsh Harrier', expectedFamily: '3:1', seed: 67 },
  // 1.15:1 — 15 % from 1:1 and 13.75 % from 4:3: outside every family (UNSUPPORTED_RATIO).
  { filename: 'brown-hare-in-stubble.jpg', width: 2300, height: 2000, species: 'Brown Hare', expectedFamily: null, seed: 79 },
];

/**
 * The demo's sample files: every family once (3:2 in both orientations) and one
 * deliberately unsupported ratio. `scale` shrinks them for fast tests.
 */
export async function demoArtworkSet(opts: { scale?: number } = {}): Promise<DemoArtwork[]> {
  const scale = opts.scale ?? 1;
  const out: DemoArtwork[] = [];
  for (const d of DEMO_SET) {
    const width = Math.round(d.width * scale);
    const height = Math.round(d.height * scale);
    const buffer = await generateArtwork({ width, height, seed: d.seed });
    out.push({ filename: d.filename, width, height, species: d.species, expectedFamily: d.expectedFamily, buffer });
  }
  return out;
}
