import { describe, expect, it } from 'vitest';
import { extractFeatured, normalizeArtists, normalizeForSearch, searchColumns } from '../../../subgraphs/links/src/search/normalize.ts';
import { trigramSimilarity } from '../../../subgraphs/links/src/search/trigram.ts';
import { parseVersion } from '../../../subgraphs/links/src/search/versionQualifiers.ts';

describe('normalizeForSearch', () => {
  it.each([
    ['Beyoncé', 'beyonce'],
    ['AC/DC', 'acdc'],
    ['Mr. Brightside', 'mr brightside'],
    ["Don't Stop Me Now", 'dont stop me now'],
    ['Simon & Garfunkel', 'simon and garfunkel'],
    ['Slowed + Reverb', 'slowed and reverb'],
    ['  Sigur   Rós ', 'sigur ros'],
    ['Mötley Crüe', 'motley crue'],
    ['Røyksopp', 'royksopp'],
    ['Straße', 'strasse'],
    ['Кино — Группа крови', 'кино группа крови'],
    // Han characters are folded to simplified Chinese whatever the language, on both sides, so they still meet.
    ['東京事変', '东京事変'],
    ['ガガガ', 'ガガガ'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeForSearch(input)).toBe(expected);
  });
});

describe('normalizeArtists', () => {
  it('reads every featured-artist form as the same sorted list', () => {
    const forms = [['Daft Punk feat. Pharrell'], ['Daft Punk & Pharrell'], ['Pharrell, Daft Punk'], ['Daft Punk x Pharrell'], ['Daft Punk ft Pharrell'], ['Daft Punk featuring Pharrell'], ['Daft Punk with Pharrell'], ['Daft Punk', 'Pharrell'], ['Daft Punk and Pharrell']];
    for (const names of forms) expect(normalizeArtists(names)).toBe('daft punk / pharrell');
  });

  it('keeps names that only look like separators', () => {
    expect(normalizeArtists(['X'])).toBe('x');
    expect(normalizeArtists(['Malcolm X'])).toBe('malcolm x');
    expect(normalizeArtists(['Daft Punk', 'daft punk', 'DAFT PUNK'])).toBe('daft punk');
  });
});

describe('featured artists in titles', () => {
  it.each([
    ['One More Time (feat. Romanthony)', 'One More Time', ['romanthony']],
    ['Get Lucky [ft. Pharrell Williams & Nile Rodgers]', 'Get Lucky', ['pharrell williams', 'nile rodgers']],
    ['Señorita (with Camila Cabello)', 'Señorita', ['camila cabello']],
    ['Stay feat. Justin Bieber - Radio Edit', 'Stay - Radio Edit', ['justin bieber']],
    ['Dancing with Myself', 'Dancing with Myself', []],
    ['Mr. X x Y', 'Mr. X x Y', []],
  ])('%j', (raw, title, featured) => {
    expect(extractFeatured(raw)).toEqual({ title, featured });
  });

  it('moves them to the artist column', () => {
    expect(searchColumns('One More Time (feat. Romanthony)', ['Daft Punk'])).toEqual({ searchTitle: 'one more time', searchArtists: 'daft punk / romanthony' });
  });
});

describe('version qualifiers', () => {
  it.each([
    ['One More Time', 'one more time', []],
    ['One More Time (Live)', 'one more time', ['live']],
    ['One More Time - Live at Wembley 1986', 'one more time', ['live']],
    ['One More Time - Radio Edit', 'one more time', ['edit']],
    ['One More Time (Extended Edit)', 'one more time', ['edit', 'extended']],
    ['One More Time (Romanthony Remix)', 'one more time', ['remix']],
    ['One More Time [Club Mix]', 'one more time', ['remix']],
    ['One More Time (Original Mix)', 'one more time', []],
    ['One More Time (Extended Mix)', 'one more time', ['extended']],
    ['One More Time - RMX', 'one more time', ['remix']],
    ['One More Time (Acoustic Version)', 'one more time', ['acoustic']],
    ['One More Time (Instrumental)', 'one more time', ['instrumental']],
    ['One More Time - 2011 Remaster', 'one more time', ['remaster']],
    ['One More Time (Remastered 2009)', 'one more time', ['remaster']],
    ['One More Time (Sped Up)', 'one more time', ['sped up']],
    ['One More Time (Slowed + Reverb)', 'one more time', ['slowed']],
    ['One More Time (Demo)', 'one more time', ['demo']],
    ['One More Time (Karaoke Version)', 'one more time', ['karaoke']],
    ['One More Time - Single Version', 'one more time', []],
    ['(Don\'t Fear) The Reaper', 'dont fear the reaper', []],
    ['Live Forever', 'live forever', []],
    ['Mix Tape', 'mix tape', []],
  ])('%j', (title, base, qualifiers) => {
    const parsed = parseVersion(title);
    expect(parsed.base).toBe(base);
    expect([...parsed.qualifiers].sort()).toEqual(qualifiers);
  });

  it('reads plain qualifier words only when asked to (queries)', () => {
    expect(parseVersion('one more time live').qualifiers.size).toBe(0);
    const loose = parseVersion('one more time live', { loose: true });
    expect(loose).toEqual({ base: 'one more time', qualifiers: new Set(['live']), names: [] });
    expect(parseVersion('paranoid android 2011 remaster', { loose: true })).toEqual({ base: 'paranoid android', qualifiers: new Set(['remaster']), names: [] });
    expect(parseVersion('song slowed + reverb', { loose: true })).toEqual({ base: 'song', qualifiers: new Set(['slowed']), names: [] });
  });
});

describe('trigram similarity', () => {
  it('matches pg_trgm', () => {
    // Values from Postgres: SELECT similarity('acdc', 'ac dc') = 0.375.
    expect(trigramSimilarity('acdc', 'ac dc')).toBe(0.375);
    expect(trigramSimilarity('one more time', 'one more time')).toBe(1);
    expect(trigramSimilarity('abc', 'xyz')).toBe(0);
  });
});
