/**
 * The labelled evaluation set of `npm run eval:matching`: a catalog of real
 * recordings (test/fixtures/matching/catalog.json, sources in SOURCES.md there)
 * plus synthetic distractors, the hand-labelled cases of cases.json, and cases
 * generated from the catalog by seeded perturbations (case, accents,
 * punctuation, featuring forms, one-letter typos by title length, versions
 * asked for that exist or do not). Deterministic: the same sets every run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../lib/config.ts';
import { buildSyntheticCatalog, prng } from '../syntheticCatalog.ts';

/** One recording of the evaluation catalog. */
export interface EvalRecording {
  key: string;
  /** Recordings of one song (its versions) share this. */
  song: string;
  artists: string[];
  title: string;
  durationMs?: number;
  released?: string;
  popularity?: number;
  isrc?: string;
}

/** One labelled query: what is asked, the recording that must answer (or null: nothing may), its class. */
export interface EvalCase {
  class: string;
  artist?: string;
  title?: string;
  query?: string;
  durationMs?: number;
  expect: string | null;
}

const FIXTURES = join(ROOT, 'test', 'fixtures', 'matching');
/** Synthetic recordings added as distractors (and perturbed as a class of their own). */
const SYNTHETIC = 1000;

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;
}

/** The evaluation catalog: the real recordings, then synthetic ones. */
export function evalCatalog(): EvalRecording[] {
  const real = readJson<EvalRecording[]>('catalog.json');
  const synthetic = buildSyntheticCatalog(SYNTHETIC).map((t, n) => ({
    key: `synthetic-${n}`,
    song: `synthetic-${n}`,
    artists: [t.artist],
    title: t.title,
    durationMs: t.durationSeconds * 1000,
    isrc: t.isrc,
  }));
  return [...real, ...synthetic];
}

// A title is an original when nothing in it names a version; written out here so the labels do not depend on the code under test.
const VERSION_MARK = /[([]|\s[-–]\s|\bremix\b|\bversion\b/i;
const isOriginal = (r: EvalRecording) => !VERSION_MARK.test(r.title);

/** Versions asked of songs that have none in the catalog: never matched. Bracketed, dashed and plain forms, several languages. */
const ABSENT_VERSIONS = [
  '(Live)', '- Live', '(Live at Wembley Stadium)', '(Remix)', '- Remix', '(Tiësto Remix)', '(Acoustic)', '- Acoustic Version',
  '(Sped Up)', '(Slowed + Reverb)', '- Radio Edit', '(Extended Mix)', '(Club Edit)', '(Instrumental)', '(Karaoke Version)',
  '(Demo)', '- Stripped', '(Piano Version)', '(Orchestral Version)', '(Lofi)', '(8D Audio)', '(TikTok Version)',
  "(Taylor's Version)", '(Versión Acústica)', '(En Vivo)', '(Ao Vivo)', '(ライブ)', '- Nightcore', '(Unplugged)',
  '(A Cappella)', '(VIP Mix)', '(Rebmix)', '(Acoustc)', '(Midnight Session)', '- Reimagined',
  'live', 'remix', 'acoustic', 'sped up', 'slowed', 'instrumental', 'karaoke', 'en vivo', 'ao vivo', 'acústico', 'nightcore', 'lofi',
];
const FEATURING = ['feat.', 'ft', 'ft.', 'featuring', 'con', 'part.', 'x', '&', 'with', ','];

function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
}

/** One-letter typo (substitution, deletion, insertion or swap) at a letter of `text`, chosen by `random`. */
function typo(text: string, random: () => number): string {
  const letters = [...text].flatMap((c, i) => (/\p{L}/u.test(c) ? [i] : []));
  const chars = [...text];
  const at = letters[Math.floor(random() * letters.length)]!;
  const kind = Math.floor(random() * 4);
  const other = 'abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 26)]!;
  if (kind === 0) chars[at] = other === chars[at]!.toLowerCase() ? 'q' : other;
  else if (kind === 1) chars.splice(at, 1);
  else if (kind === 2) chars.splice(at, 0, other);
  else if (at + 1 < chars.length && chars[at + 1] !== chars[at]) [chars[at], chars[at + 1]] = [chars[at + 1]!, chars[at]!];
  else chars[at] = other === chars[at]!.toLowerCase() ? 'q' : other;
  return chars.join('');
}

const letterCount = (text: string) => [...text].filter((c) => /\p{L}/u.test(c)).length;
const typoClass = (title: string) => {
  const n = letterCount(title);
  return n <= 4 ? 'typo-title-4' : n <= 6 ? 'typo-title-5-6' : 'typo-title-7+';
};

/** Cases generated from the catalog. */
export function generatedCases(catalog: EvalRecording[]): EvalCase[] {
  const random = prng(13);
  const cases: EvalCase[] = [];
  const real = catalog.filter((r) => !r.key.startsWith('synthetic-'));
  const songsWithVersions = new Set(real.filter((r) => !isOriginal(r)).map((r) => r.song));
  const titleCount = new Map<string, number>();
  for (const r of real) titleCount.set(r.title.toLowerCase(), (titleCount.get(r.title.toLowerCase()) ?? 0) + 1);
  const originals = real.filter((r) => isOriginal(r) && /[a-z]/i.test(r.title) && titleCount.get(r.title.toLowerCase()) === 1);
  for (const [n, r] of originals.entries()) {
    const artist = r.artists[0]!;
    const add = (cls: string, a: string, title: string, expect: string | null = r.key) => cases.push({ class: cls, artist: a, title, expect });
    add('exact', r.artists.join(', '), r.title);
    add('case', artist.toUpperCase(), r.title.toLowerCase());
    if (stripAccents(artist + r.title) !== artist + r.title) add('accents', stripAccents(artist), stripAccents(r.title));
    add('punctuation', artist.replace(/[.'’!,?&-]/g, ''), `${r.title.replace(/[.'’!,?&-]/g, ' ')}!`);
    if (r.artists.length > 1) {
      for (const form of FEATURING) add('featuring', `${artist} ${form} ${r.artists.slice(1).join(' & ')}`, r.title);
      add('featuring', artist, `${r.title} (feat. ${r.artists.slice(1).join(' & ')})`);
    }
    for (let i = 0; i < 3; i++) add(typoClass(r.title), artist, typo(r.title, random));
    if (letterCount(artist) >= 5) add('typo-artist', typo(artist, random), r.title);
    if (songsWithVersions.has(r.song)) add('original-asked', artist, r.title);
    // Twelve forms per song, rotating so every form is asked of several songs.
    else for (let j = 0; j < 12; j++) add('version-absent', artist, `${r.title} ${ABSENT_VERSIONS[(n * 12 + j) % ABSENT_VERSIONS.length]}`, null);
  }
  // Versions present: asked for as stored, and as people type them (case changed).
  for (const r of real.filter((v) => !isOriginal(v) && titleCount.get(v.title.toLowerCase()) === 1)) {
    cases.push({ class: 'version-asked', artist: r.artists[0]!, title: r.title, expect: r.key });
    cases.push({ class: 'version-asked', artist: r.artists[0]!.toLowerCase(), title: r.title.toLowerCase(), expect: r.key });
  }
  // Namesakes: a real title with another catalog artist who did not record it.
  const artists = [...new Set(real.map((r) => r.artists[0]!))];
  for (const r of originals) {
    const other = artists[Math.floor(random() * artists.length)]!;
    const sung = real.some((s) => s.title.toLowerCase() === r.title.toLowerCase() && s.artists.includes(other));
    if (!sung) cases.push({ class: 'namesake', artist: other, title: r.title, expect: null });
  }
  // Synthetic recordings: exact, case, and a typo outside the number.
  for (const r of catalog.filter((s) => s.key.startsWith('synthetic-')).filter((_, i) => i % 10 === 7)) {
    cases.push({ class: 'synthetic', artist: r.artists[0], title: r.title, expect: r.key });
    cases.push({ class: 'synthetic', artist: r.artists[0]!.toLowerCase(), title: r.title.toUpperCase(), expect: r.key });
    cases.push({ class: 'synthetic', artist: r.artists[0], title: r.title.replace('Track', typo('Track', random)), expect: r.key });
  }
  return cases;
}

/** Every case: hand-labelled ones first, then generated ones. */
export function evalCases(catalog: EvalRecording[]): EvalCase[] {
  return [...readJson<EvalCase[]>('cases.json'), ...generatedCases(catalog)];
}
