import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisService } from '../../subgraphs/audio-matches/src/acrcloud/AnalysisService.ts';
import type { AudioMatchesPrisma } from '../../subgraphs/audio-matches/src/db.ts';
import type { AudioMatchesServices } from '../../subgraphs/audio-matches/src/services.ts';
import { post, startTestStack, type TestStack } from '../helpers/stack.ts';
import { acrCloudEnv, startFakeAcrCloud, type FakeAcrCloud } from '../subgraphs/audio-matches/acrcloud/fakeAcrCloud.ts';

// requestTrackAnalysis through the real gateway, against the fake ACRCloud replaying recorded answers.
const TRACK = 'trk_0123456789abcdef0123';
const REQUEST = /* GraphQL */ `
  mutation Analyse($trackId: ID!, $audioUrl: String!) {
    requestTrackAnalysis(trackId: $trackId, audioUrl: $audioUrl) { id status error sourceFile }
  }
`;
const MATCHES = /* GraphQL */ `
  query Matches($trackId: ID!) {
    trackMatches(filter: { trackId: $trackId }, first: 10) { totalCount nodes { id title isrc confidenceScore } }
  }
`;

let fake: FakeAcrCloud;
let stack: TestStack;
let ownerKey: string;
let otherKey: string;
beforeAll(async () => {
  fake = await startFakeAcrCloud();
  fake.audio.set('song.mp3', Buffer.alloc(4096, 1));
  stack = await startTestStack({ env: acrCloudEnv(fake) });
  ownerKey = await stack.createKey({ accountId: 'acct-owner', contract: 'partner', plan: 'partner', scopes: ['matches'] });
  otherKey = await stack.createKey({ accountId: 'acct-other', contract: 'partner', plan: 'partner', scopes: ['matches'] });
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await fake?.close();
});

describe('requestTrackAnalysis through the gateway', () => {
  it("stores DONE with the recorded matches, visible to the caller's account only", async () => {
    const audioUrl = `${fake.url}/audio/song.mp3`;
    const { body } = await post(stack.gateway.url, REQUEST, { trackId: TRACK, audioUrl }, { key: ownerKey });
    expect(body.errors).toBeUndefined();
    expect(body.data.requestTrackAnalysis).toMatchObject({ status: 'DONE', error: null, sourceFile: audioUrl });

    const mine = await post(stack.gateway.url, MATCHES, { trackId: TRACK }, { key: ownerKey });
    expect(mine.body.errors).toBeUndefined();
    expect(mine.body.data.trackMatches).toMatchObject({ totalCount: 1, nodes: [{ title: 'La Bambola', isrc: 'ITB006870616', confidenceScore: 82 }] });
    const matchId = mine.body.data.trackMatches.nodes[0].id;

    const theirs = await post(stack.gateway.url, MATCHES, { trackId: TRACK }, { key: otherKey });
    expect(theirs.body.data.trackMatches.totalCount).toBe(0);
    const peek = await post(stack.gateway.url, `query One($id: ID!) { trackMatch(id: $id) { title } }`, { id: matchId }, { key: otherKey });
    expect(peek.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('stores FAILED with the reason when ACRCloud answers an error', async () => {
    fake.queue.push({ fixture: 'error-3014-invalid-signature.json' });
    const { body } = await post(stack.gateway.url, REQUEST, { trackId: TRACK, audioUrl: `${fake.url}/audio/song.mp3?again=1` }, { key: ownerKey });
    expect(body.errors).toBeUndefined();
    expect(body.data.requestTrackAnalysis).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/ACRCloud status 3014 .*ACRCLOUD_ACCESS_SECRET/) });
  });

  it('without ACRCloud credentials: SERVICE_UNAVAILABLE naming the variables, kept by the gateway', async () => {
    // The subgraph as it starts without ACRCLOUD_* set (a second stack would only repeat the start-up).
    const services = stack.subgraphs['audio-matches'].subgraph.deps.services as AudioMatchesServices;
    const configured = services.analysis;
    services.analysis = new AnalysisService(stack.subgraphs['audio-matches'].subgraph.prisma as AudioMatchesPrisma, { env: {} });
    try {
      const { body } = await post(stack.gateway.url, REQUEST, { trackId: TRACK, audioUrl: 'https://example.com/a.mp3' }, { key: ownerKey });
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', missing: ['ACRCLOUD_HOST', 'ACRCLOUD_ACCESS_KEY', 'ACRCLOUD_ACCESS_SECRET'] });
      expect(body.errors?.[0]?.message).toMatch(/set ACRCLOUD_HOST, ACRCLOUD_ACCESS_KEY, ACRCLOUD_ACCESS_SECRET/);
    } finally {
      services.analysis = configured;
    }
  });

  it('refuses anonymous callers', async () => {
    const { body } = await post(stack.gateway.url, REQUEST, { trackId: TRACK, audioUrl: `${fake.url}/audio/song.mp3` });
    expect(body.errors?.[0]?.extensions?.code).toMatch(/UNAUTHENTICATED|GRAPHQL_VALIDATION_FAILED/);
  });
});
