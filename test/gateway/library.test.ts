import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../lib/config.ts';
import { countStatements, post, startTestStack, type TestStack } from '../helpers/stack.ts';

// The library subgraph composed with the others behind the real gateway: a
// user's own library with every platform link of its recordings, per account.
let stack: TestStack;
let demoKey: string;
let otherKey: string;
beforeAll(async () => {
  stack = await startTestStack();
  // The demo library is the demo account's; a partner key of that account, and one of an account with no library.
  demoKey = await stack.createKey({ accountId: 'demo', contract: 'partner', plan: 'partner' });
  otherKey = await stack.createKey({ accountId: 'acme', contract: 'partner', plan: 'partner' });
}, 120_000);
afterAll(() => stack?.close());

const LIBRARY_PAGE = /* GraphQL */ `
  query LibraryPage {
    libraryTracks(first: 100) {
      totalCount
      nodes {
        title artistName albumTitle
        externalIds { source url }
        track { isrc title links { source url } }
      }
    }
  }
`;


describe('a library page with every platform link, in one query', () => {
  it("answers the demo account's library tracks with their canonical recordings' links", async () => {
    const { result, statements } = await countStatements(stack, () => post(stack.gateway.url, LIBRARY_PAGE, {}, { key: demoKey }));
    const { status, body } = result;
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const nodes = body.data.libraryTracks.nodes as { title: string; externalIds: { url: string }[]; track: { isrc: string; title: string; links: { source: string; url: string }[] } | null }[];
    expect(body.data.libraryTracks.totalCount).toBe(4);
    const paranoid = nodes.find((n) => n.title === 'Paranoid Android')!;
    expect(paranoid.externalIds.map((e) => e.url)).toContain('https://open.spotify.com/track/6LgJvl0Xdtc73RJ1mN1a7Z');
    expect(paranoid.track).toMatchObject({ isrc: 'GBAYE9700074', title: 'Paranoid Android' });
    expect(paranoid.track!.links.length).toBeGreaterThan(0);
    const oneMoreTime = nodes.find((n) => n.title === 'One More Time')!;
    expect(oneMoreTime.track!.links.map((l) => l.source)).toHaveLength(6);
    expect(nodes.find((n) => n.title === 'Airbag')!.track).toBeNull();
    // Library: the page and its count (the external IDs one more); links: one batch for every recording.
    expect(statements.library).toBe(3);
    expect(statements.links).toBeLessThanOrEqual(3);
  });

  it('an album with its tracks in order and each canonical recording, and an artist with its canonical recordings', async () => {
    const { body } = await post(stack.gateway.url, `{
      libraryArtists(search: "radiohead") { nodes { name albumCount canonicalTracks { title links { source } }
        albums { title year tracks { trackNumber title track { title } } } } } }`, {}, { key: demoKey });
    expect(body.errors).toBeUndefined();
    const [radiohead] = body.data.libraryArtists.nodes;
    expect(radiohead).toMatchObject({ name: 'Radiohead', albumCount: 2, canonicalTracks: [{ title: 'Paranoid Android' }] });
    expect(radiohead.albums[0].tracks.map((t: { trackNumber: number; track: { title: string } | null }) => [t.trackNumber, t.track?.title ?? null])).toEqual([
      [1, null],
      [2, 'Paranoid Android'],
      [3, null],
    ]);
  });
});

describe('per account', () => {
  it("another account's key sees an empty library, and no library tracks on a recording", async () => {
    const { body } = await post(stack.gateway.url, `{ libraryTracks { totalCount } libraryStats { tracks } track(isrc: "GBAYE9700074") { title libraryTracks { title } } }`, {}, { key: otherKey });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ libraryTracks: { totalCount: 0 }, libraryStats: { tracks: 0 }, track: { title: 'Paranoid Android', libraryTracks: [] } });
    const demo = await post(stack.gateway.url, `{ track(isrc: "GBAYE9700074") { libraryTracks { title albumTitle } } }`, {}, { key: demoKey });
    expect(demo.body.data.track.libraryTracks).toEqual([{ title: 'Paranoid Android', albumTitle: 'OK Computer' }]);
  });

  it('without a key the library is UNAUTHENTICATED; a bad argument is BAD_USER_INPUT from the library subgraph', async () => {
    const anonymous = await post(stack.gateway.url, '{ libraryStats { tracks } }');
    expect(anonymous.status).toBe(401);
    const { body } = await post(stack.gateway.url, '{ libraryArtists(letter: "ab") { totalCount } }', {}, { key: demoKey });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'letter', serviceName: 'library' });
  });
});

describe("the README's library examples", () => {
  // Every GraphQL block of the "## Library" section, up to its first subsection.
  const readme = readFileSync(`${ROOT}/README.md`, 'utf8');
  const section = readme.slice(readme.indexOf('\n## Library\n'), readme.indexOf('\n### ', readme.indexOf('\n## Library\n')));
  const examples = [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);

  it('has four examples, the library page with every platform link first', () => {
    expect(examples).toHaveLength(4);
    expect(examples[0]).toContain('links { source url }');
  });

  it.each(examples.map((example, i) => [i + 1, example]))('example %i runs on the demo data without errors', async (_n, example) => {
    const { status, body } = await post(stack.gateway.url, example as string, {}, { key: demoKey });
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    for (const value of Object.values(body.data)) expect(value).not.toBeNull();
  });

  // The profiles subsection's blocks, in order (the mutations first), each run twice: adds are idempotent.
  const profilesStart = readme.indexOf('\n### Profiles, watchlist, wishlist, discovery\n');
  const profiles = [...readme.slice(profilesStart, readme.indexOf('\n## ', profilesStart + 1)).matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);

  it('runs the profiles examples on the demo data, the second time without a change but the CONFLICT of a name taken', async () => {
    expect(profiles).toHaveLength(3);
    for (const round of [1, 2]) {
      for (const [i, example] of profiles.entries()) {
        const { body } = await post(stack.gateway.url, example, {}, { key: demoKey });
        if (round === 2 && i === 0) {
          expect(body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
          continue;
        }
        expect(body.errors, `block ${i + 1}, round ${round}`).toBeUndefined();
        for (const value of Object.values(body.data)) expect(value).not.toBeNull();
      }
    }
  });
});
