/**
 * Deterministic synthetic audio matches (no I/O), for benchmarks: realistic
 * shapes (1–3 artists, 0–2 distributors, 1–2 time offsets, platform ids and
 * valid codes on most), every one clearly marked ("Synthetic Match #n").
 */
import { gs1CheckDigit } from '../lib/codes/gs1CheckDigit.ts';
import { iswcCheckDigit } from '../lib/codes/iswc.ts';
import type { MatchInput } from '../subgraphs/audio-matches/src/store/saveAnalysis.ts';
import { prng, syntheticIsrc } from './syntheticCatalog.ts';

/** The matches one synthetic analysis found for catalog recording `track` (0-based). */
export interface SyntheticAnalysis {
  track: number;
  matches: MatchInput[];
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** The most matches one synthetic analysis gets (real identification results hold far fewer). */
const MAX_PER_ANALYSIS = 250;
const YOUTUBE = `${BASE62}-_`;

/**
 * An ISRC no synthetic catalog holds (registrant SYX, not SYN), so the match's
 * `recording` is null: a recording unknown to Trackgraph.
 */
export const unknownSyntheticIsrc = (n: number) => `ZZSYX${String(Math.floor(n / 100_000) % 100).padStart(2, '0')}${String(n % 100_000).padStart(5, '0')}`;

/**
 * Builds `matches` matches over a catalog of `catalogSize` recordings, grouped
 * by the recording they were found for: every fifth recording was analysed,
 * and popular ones got more matches (the owner's hits are the ones covered),
 * so a few analyses are large; fewer, larger analyses also keep the write to
 * one saveAnalysis transaction per 50 matches on average. About 70 %
 * of the matched recordings are other synthetic recordings (their ISRC resolves
 * to a canonical track), 15 % carry an ISRC unknown to the catalog, 15 % none.
 * The same arguments always give the same data.
 */
export function buildSyntheticMatches(catalogSize: number, matches: number): SyntheticAnalysis[] {
  const random = prng(20_261_201);
  const pick = (n: number) => Math.floor(random() * n);
  const chars = (alphabet: string, length: number) => Array.from({ length }, () => alphabet[pick(alphabet.length)]).join('');
  const digits = (length: number) => Array.from({ length }, () => pick(10)).join('');
  const byTrack = new Map<number, MatchInput[]>();
  for (let m = 0; m < matches; m++) {
    // Every fifth recording was analysed (as the catalog's matchCount has it); r² skews towards the first ones,
    // about MAX_PER_ANALYSIS at most each (one saveAnalysis transaction must stay well inside its timeout).
    const r = random();
    const analysed = Math.ceil(catalogSize / 5);
    let track = 5 * Math.floor(analysed * r * r);
    if ((byTrack.get(track)?.length ?? 0) >= MAX_PER_ANALYSIS) track = 5 * (m % analysed);
    const isCover = random() < 0.3;
    const artistCount = 1 + pick(3);
    const artistNos = Array.from({ length: artistCount }, () => 1 + pick(5_000));
    const artists = artistNos.map((no) => `Synthetic Artist ${no}`);
    const roll = random();
    const recording = roll < 0.7 ? (track + 1 + pick(Math.max(1, catalogSize - 1))) % catalogSize : -1;
    const isrc = roll < 0.7 ? syntheticIsrc(recording) : roll < 0.85 ? unknownSyntheticIsrc(m) : null;
    const upcBody = `0${digits(10)}`;
    const iswcBody = digits(9);
    const year = 1960 + pick(66);
    const hasSpotify = random() < 0.8;
    const hasDeezer = random() < 0.6;
    const trackStartMs = pick(180_000);
    const matchStartMs = pick(180_000);
    const offsets = Array.from({ length: 1 + pick(2) }, (_, i) => {
      const length = 5_000 + pick(25_000);
      return { trackStartMs: trackStartMs + i * 40_000, trackEndMs: trackStartMs + i * 40_000 + length, matchStartMs: matchStartMs + i * 40_000, matchEndMs: matchStartMs + i * 40_000 + length };
    });
    const title = `Synthetic ${isCover ? 'Cover' : 'Match'} #${m + 1}`;
    const album = `Synthetic Match Album ${1 + Math.floor(m / 12)}`;
    const match: MatchInput = {
      isCover,
      title,
      albumTitle: random() < 0.9 ? album : null,
      isrc,
      albumUpc: random() < 0.75 ? `${upcBody}${gs1CheckDigit(upcBody)}` : null,
      iswc: random() < 0.4 ? `T-${iswcBody.slice(0, 3)}.${iswcBody.slice(3, 6)}.${iswcBody.slice(6)}-${iswcCheckDigit(iswcBody)}` : null,
      label: random() < 0.85 ? `Synthetic Label ${1 + pick(200)}` : null,
      releaseDate: random() < 0.95 ? `${year}-${String(1 + pick(12)).padStart(2, '0')}-${String(1 + pick(28)).padStart(2, '0')}` : null,
      youtubeId: random() < 0.6 ? chars(YOUTUBE, 11) : null,
      spotify: hasSpotify ? { id: chars(BASE62, 22), title, albumId: chars(BASE62, 22), albumName: album } : null,
      appleId: random() < 0.5 ? String(1_500_000_000 + m) : null,
      deezer: hasDeezer ? { id: String(3_000_000_000 + m), title, albumId: String(400_000_000 + Math.floor(m / 12)), albumName: album } : null,
      confidenceScore: random() < 0.95 ? 70 + pick(31) : null,
      externalKey: `synthetic:${m + 1}`,
      artists,
      distributors: Array.from({ length: pick(3) }, () => `Synthetic Distributor ${1 + pick(40)}`),
      timeOffsets: offsets,
      spotifyArtists: hasSpotify ? artists.map((name) => ({ id: chars(BASE62, 22), name })) : [],
      deezerArtists: hasDeezer ? artistNos.map((no, i) => ({ id: String(5_000_000 + no), name: artists[i]! })) : [],
    };
    const list = byTrack.get(track);
    if (list) list.push(match);
    else byTrack.set(track, [match]);
  }
  return [...byTrack.entries()].sort(([a], [b]) => a - b).map(([track, list]) => ({ track, matches: list }));
}
