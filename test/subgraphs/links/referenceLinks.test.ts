import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../../subgraphs/links/src/context.ts';
import type { LinksPrisma } from '../../../subgraphs/links/src/db.ts';
import { linksSubgraph } from '../../../subgraphs/links/src/module.ts';
import { trackIdForIsrc } from '../../../subgraphs/links/src/trackId.ts';
import { createTestSubgraph, execute } from '../../helpers/subgraph.ts';

// The analytics reference finds tracks by keywords "or, for more efficiency,
// Spotify/Apple/Deezer/Shazam links": every link it shows must resolve, in
// `track(url:)` and in `searchTracks(query:)`.
let links: Subgraph<LinksPrisma, Context>;
const EVIL_JORDAN = trackIdForIsrc('USUM72414866');

beforeAll(async () => {
  links = await createTestSubgraph(linksSubgraph);
});
afterAll(() => links?.close());

const REFERENCE_LINKS = [
  'https://open.spotify.com/track/6iycYUk3oB0NPMdaDUrN1w',
  // A release page without `?i=`: the reference gives the track's Apple Music link in this form.
  'https://music.apple.com/us/album/music/1802175271',
  'https://www.deezer.com/track/3278625201',
  'https://www.shazam.com/song/1802175276',
];

describe('links the reference shows', () => {
  it.each(REFERENCE_LINKS)('track(url: %s)', async (url) => {
    const { data, errors } = await execute(links, 'query ($url: String) { track(url: $url) { id title } }', { url });
    expect(errors).toBeUndefined();
    expect(data?.track).toEqual({ id: EVIL_JORDAN, title: 'EVIL J0RDAN' });
  });

  it.each([...REFERENCE_LINKS, 'spotify:track:6iycYUk3oB0NPMdaDUrN1w', '  https://www.shazam.com/track/1802175276/evil-j0rdan  '])('searchTracks(query: %s)', async (query) => {
    const { data, errors } = await execute(links, 'query ($q: String) { searchTracks(query: $q) { score track { id } } }', { q: query });
    expect(errors).toBeUndefined();
    expect(data?.searchTracks).toEqual([{ score: 1, track: { id: EVIL_JORDAN } }]);
  });
});

describe('links that do not resolve', () => {
  it('answers no hit for a well-formed link to a track nobody knows', async () => {
    const { data, errors } = await execute(links, '{ searchTracks(query: "https://www.shazam.com/song/999999999") { score } }');
    expect(errors).toBeUndefined();
    expect(data?.searchTracks).toEqual([]);
  });

  it('still refuses a release link the catalog knows no track by, naming the argument', async () => {
    for (const [field, argument] of [['track(url: $v) { id }', 'url'], ['searchTracks(query: $v) { score }', 'query']] as const) {
      const { errors } = await execute(links, `query ($v: String) { ${field} }`, { v: 'https://music.apple.com/us/album/discovery/697194953' });
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(errors?.[0]?.message).toContain('names an album, not a track');
    }
  });

  it('refuses a malformed link in `query` with BAD_USER_INPUT, and a huge one without parsing it', async () => {
    const bad = await execute(links, '{ searchTracks(query: "https://www.deezer.com/track/abc") { score } }');
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'query' });
    const huge = await execute(links, 'query ($q: String) { searchTracks(query: $q) { score } }', { q: `https://open.spotify.com/track/${'a'.repeat(5000)}` });
    expect(huge.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'query' });
    expect(huge.errors?.[0]?.message).toContain('at most 2000');
  });

  it('searches keywords that merely mention a link as keywords', async () => {
    const { data, errors } = await execute(links, '{ searchTracks(query: "EVIL J0RDAN open.spotify.com") { track { id } } }');
    expect(errors).toBeUndefined();
    expect(data?.searchTracks?.[0]?.track.id).toBe(EVIL_JORDAN);
  });
});
