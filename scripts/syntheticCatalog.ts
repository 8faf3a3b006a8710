/** Deterministic synthetic catalog data (no I/O), for benchmarks and load tests. */

/** mulberry32: a tiny seeded PRNG, so the same --tracks always gives the same catalog (and history). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The last day of every synthetic series (UTC): the catalog's 30 days and the analytics year end on it. */
export const SYNTHETIC_LAST_DAY = '2025-03-31';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The ISRC of synthetic recording `n` (0-based): ZZSYN, a two-digit block, a five-digit number. */
export function syntheticIsrc(n: number): string {
  return `ZZSYN${String(Math.floor(n / 100_000)).padStart(2, '0')}${String(n % 100_000).padStart(5, '0')}`;
}

/** One synthetic recording and what each subgraph holds about it. */
export interface SyntheticTrack {
  isrc: string;
  title: string;
  artist: string;
  album: string;
  durationSeconds: number;
  bpm: number;
  spotifyId: string;
  appleId: string;
  deezerId: string;
  /**
   * Daily cumulative Spotify totals, oldest first, ending {@link SYNTHETIC_LAST_DAY}.
   * Once `seed:synthetic --analytics` has written its year (syntheticAnalytics.ts),
   * the database holds that year's totals on these days instead.
   */
  streams: number[];
  inLibrary: boolean;
  matchCount: number;
}

/** Builds `count` synthetic recordings; the same count always yields the same data. */
export function buildSyntheticCatalog(count: number): SyntheticTrack[] {
  const random = prng(20_251_122);
  return Array.from({ length: count }, (_, n) => {
    const artistNo = Math.floor(n / 20);
    const spotifyId = Array.from({ length: 22 }, () => BASE62[Math.floor(random() * 62)]).join('');
    let total = Math.floor(random() * 1_000_000_000);
    const streams = Array.from({ length: 30 }, () => (total += Math.floor(random() * 1_000_000)));
    return {
      isrc: syntheticIsrc(n),
      title: `Synthetic Track #${n + 1}`,
      artist: `Synthetic Artist ${artistNo + 1}`,
      album: `Synthetic Album ${Math.floor(n / 10) + 1}`,
      durationSeconds: 120 + Math.floor(random() * 300),
      bpm: 70 + Math.floor(random() * 110),
      spotifyId,
      appleId: String(1_000_000_000 + n),
      deezerId: String(2_000_000_000 + n),
      streams,
      inLibrary: n % 2 === 0,
      matchCount: n % 5 === 0 ? 3 : 0,
    };
  });
}
