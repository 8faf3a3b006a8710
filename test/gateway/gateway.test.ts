import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackIdForIsrc } from '../../subgraphs/links/src/trackId.ts';
import { post as postAs, startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
/** Every request as the demo admin (internal contract: the whole schema). */
const post = (url: string, query: string, variables: Record<string, unknown> = {}) => postAs(url, query, variables, { key: stack.adminKey });
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

const FEDERATED = /* GraphQL */ `
  {
    track(isrc: "GBDUW0000053") {
      title
      links { source externalId url }
      spotifyStreams { date total daily }
      libraryTracks { title }
      matches { totalCount }
    }
  }
`;

describe('gateway over the four real subgraphs', () => {
  it('answers the federated query, reaching all four subgraphs', async () => {
    const { status, body } = await post(stack.gateway.url, FEDERATED);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const track = body.data.track;
    expect(track.title).toBe('One More Time');
    expect(track.links).toHaveLength(6);
    expect(track.links).toContainEqual({ source: 'SPOTIFY', externalId: '5W3cjX2J3tjhG8zb6u0qHn', url: 'https://open.spotify.com/track/5W3cjX2J3tjhG8zb6u0qHn' });
    expect(track.spotifyStreams).toEqual([]);
    expect(track.libraryTracks).toEqual([{ title: 'One More Time' }]);
    expect(track.matches.totalCount).toBe(2);
  });

  it('joins analytics on ISRC: the documented stream series of EVIL J0RDAN', async () => {
    const { body } = await post(stack.gateway.url, `{ track(isrc: "USUM72414866") { title spotifyStreams(from: "2025-03-04", to: "2025-03-08") { date total daily } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.track.spotifyStreams).toEqual([
      { date: '2025-03-08', total: 497226101, daily: 4773682 },
      { date: '2025-03-07', total: 492452419, daily: 4824812 },
      { date: '2025-03-06', total: 487627607, daily: 9313385 },
      { date: '2025-03-05', total: 478314222, daily: 0 },
      { date: '2025-03-04', total: 478314222, daily: 4739320 },
    ]);
  });

  it('joins library → links on ISRC: a library track resolves its canonical track', async () => {
    const { body } = await post(stack.gateway.url, `{ libraryTracks(search: "paranoid") { totalCount nodes { title artistName isrc track { id title links { source } } } } }`);
    expect(body.errors).toBeUndefined();
    const [node] = body.data.libraryTracks.nodes;
    expect(node).toMatchObject({ title: 'Paranoid Android', artistName: 'Radiohead', isrc: 'GBAYE9700074' });
    expect(node.track.id).toBe(trackIdForIsrc('GBAYE9700074'));
    expect(node.track.links.map((l: { source: string }) => l.source).sort()).toEqual(['APPLE_MUSIC', 'DEEZER', 'MUSICBRAINZ', 'SPOTIFY']);
  });

  it('keeps a subgraph error code and says which subgraph raised it', async () => {
    const { body } = await post(stack.gateway.url, `{ track(isrc: "not-an-isrc") { title } }`);
    expect(body.data?.track).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'isrc', serviceName: 'links' });
  });

  it('answers a malformed ISRC in tracks(isrcs:) null at its position with its error; the others answer, analytics included', async () => {
    const { body } = await post(stack.gateway.url, `{ tracks(isrcs: ["GBDUW0000053", "GB-DUW-00-0005", "GBAYE9700074"]) { title spotifyStreams { total } } }`);
    expect(body.data.tracks).toEqual([{ title: 'One More Time', spotifyStreams: [] }, null, { title: 'Paranoid Android', spotifyStreams: expect.any(Array) }]);
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]).toMatchObject({ path: ['tracks', 1], extensions: { code: 'BAD_USER_INPUT', argument: 'isrcs[1]', value: 'GB-DUW-00-0005', serviceName: 'links' } });
  });

  it('serves introspection for Apollo Sandbox / Studio', async () => {
    const { body } = await post(stack.gateway.url, `{ __schema { queryType { fields { name } } } }`);
    const names = body.data.__schema.queryType.fields.map((f: { name: string }) => f.name);
    expect(names).toEqual(expect.arrayContaining(['track', 'libraryTracks']));
  });

  it('serves the Apollo Sandbox landing page to a browser', async () => {
    const response = await fetch(stack.gateway.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/embeddable-sandbox|Apollo Sandbox/i);
  });

  it('reports health, with each subgraph', async () => {
    const response = await fetch(new URL('/health', stack.gateway.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', draining: false, subgraphs: { links: 'ok', analytics: 'ok', library: 'ok', 'audio-matches': 'ok' } });
  });
});
