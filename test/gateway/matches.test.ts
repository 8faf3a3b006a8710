import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_HEADERS } from '../../lib/auth/requestSigning.ts';
import { ROOT } from '../../lib/config.ts';
import type { AudioMatchesPrisma } from '../../subgraphs/audio-matches/src/db.ts';
import { saveAnalysis } from '../../subgraphs/audio-matches/src/store/saveAnalysis.ts';
import { trackIdForIsrc } from '../../subgraphs/links/src/trackId.ts';
import { testCaller } from '../helpers/callers.ts';
import { countStatements, post, startTestStack, type TestStack } from '../helpers/stack.ts';
import { matchInput } from '../subgraphs/audio-matches/matchFixtures.ts';

// The audio-matches subgraph composed with the others behind the real gateway:
// matches per account, and each match's recording as a canonical Track.
let stack: TestStack;
let demoKey: string;
let acmeKey: string;
const ACME_TRACK = trackIdForIsrc('GBAYE9700074');

beforeAll(async () => {
  stack = await startTestStack();
  demoKey = await stack.createKey({ accountId: 'demo', contract: 'partner', plan: 'partner' });
  acmeKey = await stack.createKey({ accountId: 'acme', contract: 'partner', plan: 'partner' });
  // acme's "Paranoid Android" was covered by "EVIL J0RDAN" (a recording the catalog and analytics know) and by one nobody knows.
  const prisma = stack.subgraphs['audio-matches'].subgraph.prisma as unknown as AudioMatchesPrisma;
  await saveAnalysis(prisma, { accountId: 'acme', trackId: ACME_TRACK, source: 'ACRCLOUD_IMPORT', sourceFile: 'acme.json', status: 'DONE' }, [
    matchInput({ isCover: true, title: 'EVIL J0RDAN', isrc: 'USUM72414866', artists: ['Playboi Carti'] }),
    matchInput({ isCover: true, title: 'Nobody Knows', isrc: 'QZES82400001', artists: ['Unknown'] }),
  ]);
}, 120_000);
afterAll(() => stack?.close());

const COVERS = /* GraphQL */ `
  query Covers($isrc: String!) {
    track(isrc: $isrc) {
      title
      matches(filter: { isCover: true }, sort: TITLE_ASC) {
        totalCount
        nodes { title isrc recording { title links { source url } spotifyStreamTotal { total } } }
      }
    }
  }
`;

describe('covers of my track, with their links and streams', () => {
  it('resolves a cover\'s recording to the canonical Track by ISRC, and null for an ISRC the catalog lacks', async () => {
    const { result, statements } = await countStatements(stack, () => post(stack.gateway.url, COVERS, { isrc: 'GBAYE9700074' }, { key: acmeKey }));
    const { body } = result;
    expect(body.errors).toBeUndefined();
    const [evil, nobody] = body.data.track.matches.nodes;
    expect(body.data.track.matches.totalCount).toBe(2);
    expect(evil).toMatchObject({ title: 'EVIL J0RDAN', isrc: 'USUM72414866', recording: { title: 'EVIL J0RDAN', spotifyStreamTotal: { total: expect.any(Number) } } });
    expect(evil.recording.links.length).toBeGreaterThan(0);
    expect(nobody).toEqual({ title: 'Nobody Knows', isrc: 'QZES82400001', recording: null });
    // audio-matches: the page and its count, whatever the number of matches.
    expect(statements['audio-matches']).toBe(2);
  });

  it('another account sees none of them: not counted, not listed, NOT_FOUND by id', async () => {
    const { body } = await post(stack.gateway.url, COVERS, { isrc: 'GBAYE9700074' }, { key: demoKey });
    expect(body.errors).toBeUndefined();
    expect(body.data.track.matches).toEqual({ totalCount: 0, nodes: [] });
    const { body: acmeList } = await post(stack.gateway.url, '{ trackMatches(first: 100) { totalCount nodes { id title track { id title } } } }', {}, { key: acmeKey });
    expect(acmeList.data.trackMatches.totalCount).toBe(2);
    expect(acmeList.data.trackMatches.nodes[0].track).toEqual({ id: ACME_TRACK, title: 'Paranoid Android' });
    const { body: demoList } = await post(stack.gateway.url, '{ trackMatches(first: 100) { totalCount nodes { title } } }', {}, { key: demoKey });
    expect(demoList.data.trackMatches.nodes.map((n: { title: string }) => n.title).sort()).toEqual(['Elyot', 'Julian Guy Gays']);
    const acmeId = acmeList.data.trackMatches.nodes[0].id;
    const { body: stolen } = await post(stack.gateway.url, 'query ($id: ID!) { trackMatch(id: $id) { title } }', { id: acmeId }, { key: demoKey });
    expect(stolen.data.trackMatch).toBeNull();
    expect(stolen.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('anonymous callers get UNAUTHENTICATED', async () => {
    const { body } = await post(stack.gateway.url, '{ trackMatches { totalCount } }');
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a request straight to the subgraph, claiming to be the demo account, is refused by the signature check', async () => {
    const forged = Buffer.from(JSON.stringify(testCaller('demo'))).toString('base64url');
    const response = await fetch(stack.subgraphs['audio-matches'].url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNING_HEADERS.caller]: forged, [SIGNING_HEADERS.signature]: 'forged' },
      body: JSON.stringify({ query: '{ trackMatches { totalCount nodes { title } } }' }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    expect(response.status).toBe(401);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('links down: recording is null with an error, the match\'s own fields still answer', async () => {
    const { http } = stack.subgraphs.links;
    const listeners = http.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    http.removeAllListeners('request');
    http.on('request', (_req: IncomingMessage, res: ServerResponse) => res.writeHead(503).end());
    try {
      const { body } = await post(stack.gateway.url, '{ trackMatches(filter: { isCover: true }, sort: TITLE_ASC) { nodes { title isrc recording { title } } } }', {}, { key: acmeKey });
      expect(body.data.trackMatches.nodes).toEqual([
        { title: 'EVIL J0RDAN', isrc: 'USUM72414866', recording: null },
        { title: 'Nobody Knows', isrc: 'QZES82400001', recording: null },
      ]);
      expect(body.errors?.length).toBeGreaterThan(0);
    } finally {
      http.removeAllListeners('request');
      for (const listener of listeners) http.on('request', listener);
    }
  });
});

describe("the README's audio matches examples", () => {
  // Every GraphQL block of the "## Audio matches" section.
  const readme = readFileSync(`${ROOT}/README.md`, 'utf8');
  const start = readme.indexOf('\n## Audio matches\n');
  const examples = [...readme.slice(start, readme.indexOf('\n## ', start + 1)).matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);

  it('has three examples, the covers with their links and streams first', () => {
    expect(examples).toHaveLength(3);
    expect(examples[0]).toContain('matches(filter: { isCover: true })');
    expect(examples[0]).toContain('spotifyStreamTotal');
  });

  it.each(examples.map((example, i) => [i + 1, example]))('example %i runs on the demo data without errors, and finds something', async (_n, example) => {
    const { status, body } = await post(stack.gateway.url, example as string, {}, { key: demoKey });
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    for (const value of Object.values(body.data)) expect(value).not.toBeNull();
    expect(JSON.stringify(body.data)).toMatch(/"title":"(Elyot|Julian Guy Gays)"/);
  });
});
