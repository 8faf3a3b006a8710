import { describe, expect, it } from 'vitest';
import { normalizeForSearch, splitArtistCredit, transliterate } from '../../../subgraphs/links/src/search/normalize.ts';
import { prepareQuery, scoreCandidate } from '../../../subgraphs/links/src/search/score.ts';
import { searchColumns } from '../../../subgraphs/links/src/search/normalize.ts';
import { editDistance } from '../../../subgraphs/links/src/search/editDistance.ts';
import { resolveThreshold } from '../../../subgraphs/links/src/search/matchThreshold.ts';
import { titleSimilarity } from '../../../subgraphs/links/src/search/textMatch.ts';
import { durationFactor } from '../../../subgraphs/links/src/search/versionMatch.ts';
import { parseVersion } from '../../../subgraphs/links/src/search/versionQualifiers.ts';

const THRESHOLD = resolveThreshold({});
const score = (artist: string | null, title: string, stored: string, credited: string[], durationMs: number | null = null, seconds: number | null = null) =>
  scoreCandidate(prepareQuery({ artist, title, durationMs }), { title: stored, ...searchColumns(stored, credited), durationSeconds: seconds });

describe('parseVersion reads versions by structure', () => {
  it.each([
    ["Don't Start Now (Dom Dolla Remix)", 'dont start now', ['remix'], ['dom dolla']],
    ["Don't Start Now - Purple Disco Machine Remix", 'dont start now', ['remix'], ['purple disco machine']],
    ['Love Story (Taylor’s Version)', 'love story', ['taylors version'], []],
    ['Envolver (Versión Acústica)', 'envolver', ['acoustic'], []],
    ['Infiel - Ao Vivo', 'infiel', ['live'], []],
    ['Song (ライブ)', 'song', ['live'], []],
    ['Song (Lofi)', 'song', ['lofi'], []],
    ['Song - Stripped', 'song', ['stripped'], []],
    ['Song (8D Audio)', 'song', ['8d'], []],
    ['Song - Piano Version', 'song', ['piano'], []],
    ['Song (TikTok Version)', 'song', ['tiktok'], []],
    ['Song - Rebmix', 'song', ['remix'], []],
    ['Song (Midnight Session)', 'song', ['other'], ['midnight session']],
    ['Keep Yourself Alive (Long-Lost Retake / June 1975)', 'keep yourself alive', ['other'], ['longlost retake june 1975']],
    ['White Wedding - Pt. 1 / Remastered 2002', 'white wedding', ['remaster'], []],
    ['(I Can’t Get No) Satisfaction - Mono Version', 'i cant get no satisfaction', [], []],
    ['Death On Two Legs (Dedicated To...)', 'death on two legs', [], []],
    ['Song (From "The Movie" Soundtrack)', 'song', [], []],
  ])('%j', (title, base, qualifiers, names) => {
    const parsed = parseVersion(title);
    expect(parsed.base).toBe(base);
    expect([...parsed.qualifiers]).toEqual(qualifiers);
    expect(parsed.names).toEqual(names);
  });

  it('reads trailing version words only when loose, and keeps titles that merely contain them', () => {
    expect([...parseVersion('ESPRESSO REMIX', { loose: true }).qualifiers]).toEqual(['remix']);
    expect([...parseVersion('Blinding Lights slowed and reverb', { loose: true }).qualifiers]).toEqual(['slowed']);
    expect([...parseVersion('La Bachata en vivo', { loose: true }).qualifiers]).toEqual(['live']);
    expect([...parseVersion('ESPRESSO REMIX').qualifiers]).toEqual([]);
    for (const title of ['Live Forever', 'Acoustic #3', 'Cover Me', 'Live and Let Die', 'Remix']) expect(parseVersion(title, { loose: true }).qualifiers.size, title).toBe(0);
  });
});

describe('scores mean certainty', () => {
  it('never adopts a version that was not asked for, nor the original for a version', () => {
    for (const version of ['Song (Live)', 'Song - Remix', 'Song (Taylor’s Version)', 'Song (Midnight Session)', 'SONG REMIX', 'Song (Lofi)']) {
      expect(score('Artist', 'Song', version, ['Artist']), version).toBeLessThanOrEqual(0.5);
      expect(score('Artist', version, 'Song', ['Artist']), version).toBeLessThanOrEqual(0.5);
    }
    expect(score('Artist', 'Song live', 'Song', ['Artist'])).toBeLessThanOrEqual(0.5);
  });

  it('asks a remix of its remixer', () => {
    expect(score('Dua Lipa', "Don't Start Now (Dom Dolla Remix)", "Don't Start Now (Dom Dolla Remix)", ['Dua Lipa'])).toBe(1);
    expect(score('Dua Lipa', "Don't Start Now (Calvin Harris Remix)", "Don't Start Now (Dom Dolla Remix)", ['Dua Lipa'])).toBeLessThanOrEqual(0.5);
    expect(score('Dua Lipa', "Don't Start Now remix", "Don't Start Now (Dom Dolla Remix)", ['Dua Lipa'])).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it('counts a remaster as the original', () => {
    expect(score('Radiohead', 'Karma Police', 'Karma Police - Remastered', ['Radiohead'])).toBeGreaterThanOrEqual(0.95);
  });

  it('forgives one typo even in a four-letter title, with the right artist only', () => {
    expect(score('Beyoncé', 'Hslo', 'Halo', ['Beyoncé'])).toBeGreaterThanOrEqual(THRESHOLD);
    expect(score('Linkin Park', 'Num', 'Numb', ['Linkin Park'])).toBeGreaterThanOrEqual(THRESHOLD);
    expect(score('Adele', 'Hslo', 'Halo', ['Beyoncé'])).toBeLessThan(THRESHOLD);
    expect(score('Beyoncé', 'Hsla', 'Halo', ['Beyoncé'])).toBeLessThan(THRESHOLD);
  });

  it('sees repeated and missing words', () => {
    expect(score('Sabrina Carpenter', 'Please', 'Please Please Please', ['Sabrina Carpenter'])).toBeLessThan(0.5);
    expect(score('Usher', 'Good', 'Good Good', ['Usher'])).toBeLessThan(0.6);
    expect(score('Joji', 'In The Dark', 'Slow Dancing in the Dark', ['Joji'])).toBeLessThan(THRESHOLD);
    expect(titleSimilarity('please please please', 'please please please')).toBe(1);
  });

  it('never forgives a different number', () => {
    expect(score('Synthetic Artist 1', 'Synthetic Track #12', 'Synthetic Track #13', ['Synthetic Artist 1'])).toBeLessThan(THRESHOLD);
    expect(score('Synthetic Artist 1', 'Synthetic Track #12', 'Synthetic Track #12', ['Synthetic Artist 12'])).toBeLessThan(THRESHOLD);
  });

  it('uses the duration when both sides know it', () => {
    expect(durationFactor(null, 200)).toBe(1);
    expect(durationFactor(200_000, 200)).toBe(1);
    expect(durationFactor(203_000, 200)).toBeGreaterThan(0.9);
    expect(durationFactor(260_000, 200)).toBe(0.6);
    expect(score('The Killers', 'Mr. Brightside', 'Mr. Brightside', ['The Killers'], 400_000, 224)).toBeLessThan(THRESHOLD);
  });

  it('reads "Artist - Title" both ways and never takes a title word for a version', () => {
    const free = (query: string, stored: string, credited: string[]) =>
      scoreCandidate(prepareQuery({ query }), { title: stored, ...searchColumns(stored, credited), durationSeconds: null });
    expect(free('Oasis - Live Forever', 'Live Forever', ['Oasis'])).toBeGreaterThanOrEqual(0.95);
    expect(free('Live Forever - Oasis', 'Live Forever', ['Oasis'])).toBeGreaterThanOrEqual(0.95);
    expect(free('Oasis - Live Forever (Live)', 'Live Forever', ['Oasis'])).toBeLessThanOrEqual(0.5);
    expect(free('Sabrina Carpenter - Please', 'Please Please Please', ['Sabrina Carpenter'])).toBeLessThan(THRESHOLD);
  });
});

describe('normalization for every script', () => {
  it.each([
    ['ｱｲﾄﾞﾙ', 'アイドル'],
    ['チエリー', 'チェリー'],
    ['ちぇりー', 'チェリー'],
    ['ＹＯＡＳＯＢＩ', 'yoasobi'],
    ['告白气球', '告白氣球'],
    ['周杰伦', '周杰倫'],
    ['Beyonce', 'Beyoncé'],
  ])('%j meets %j', (a, b) => expect(normalizeForSearch(a)).toBe(normalizeForSearch(b)));

  it('transliterates other scripts as a secondary key', () => {
    expect(transliterate(normalizeForSearch('アイドル'))).toBe('aidoru');
    expect(transliterate('beyonce')).toBeNull();
    expect(score('YOASOBI', 'Aidoru', 'アイドル', ['YOASOBI'])).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it('keeps brackets inside an artist name, and reads con / part. as featuring', () => {
    expect(splitArtistCredit('(G)I-DLE')).toEqual(['gidle']);
    expect(splitArtistCredit('Artist (feat. Other)')).toEqual(['artist', 'other']);
    expect(splitArtistCredit('Shakira con Bizarrap')).toEqual(['shakira', 'bizarrap']);
    expect(splitArtistCredit('Anitta part. Pedro Sampaio')).toEqual(['anitta', 'pedro sampaio']);
  });

  it('counts typos with swaps, giving up past the limit', () => {
    expect(editDistance('lvie', 'live', 1)).toBe(1);
    expect(editDistance('rebmix', 'remix', 1)).toBe(1);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
});
