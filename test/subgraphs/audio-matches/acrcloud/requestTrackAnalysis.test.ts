import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../../lib/subgraph/createSubgraph.ts';
import { AnalysisService, INTERRUPTED_AFTER_MS } from '../../../../subgraphs/audio-matches/src/acrcloud/AnalysisService.ts';
import { fetchAudioSample, isPrivateAddress, parseAudioUrl } from '../../../../subgraphs/audio-matches/src/acrcloud/fetchAudioSample.ts';
import type { Context } from '../../../../subgraphs/audio-matches/src/context.ts';
import type { AudioMatchesPrisma } from '../../../../subgraphs/audio-matches/src/db.ts';
import { audioMatchesSubgraph } from '../../../../subgraphs/audio-matches/src/module.ts';
import { testCaller } from '../../../helpers/callers.ts';
import { createTestSubgraph, execute } from '../../../helpers/subgraph.ts';
import { acrCloudEnv, startFakeAcrCloud, type FakeAcrCloud } from './fakeAcrCloud.ts';

const TRACK = 'trk_0123456789abcdef0123';
const REQUEST = /* GraphQL */ `
  mutation Analyse($trackId: ID!, $audioUrl: String!) {
    requestTrackAnalysis(trackId: $trackId, audioUrl: $audioUrl) { id status error sourceFile }
  }
`;

let fake: FakeAcrCloud;
let subgraph: Subgraph<AudioMatchesPrisma, Context>;
let unconfigured: Subgraph<AudioMatchesPrisma, Context>;

beforeAll(async () => {
  fake = await startFakeAcrCloud();
  fake.audio.set('song.mp3', Buffer.alloc(5000, 7));
  [subgraph, unconfigured] = await Promise.all([createTestSubgraph(audioMatchesSubgraph, { seed: false, env: acrCloudEnv(fake) }), createTestSubgraph(audioMatchesSubgraph, { seed: false })]);
}, 60_000);
afterAll(async () => {
  await Promise.all([subgraph?.close(), unconfigured?.close()]);
  await fake?.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.queue.length = 0;
});

describe('requestTrackAnalysis', () => {
  it('sends the first bytes of the audio to ACRCloud and stores the analysis DONE with its matches, for the caller', async () => {
    const audioUrl = `${fake.url}/audio/song.mp3`;
    const { data, errors } = await execute(subgraph, REQUEST, { trackId: TRACK, audioUrl }, testCaller('acct-a'));
    expect(errors).toBeUndefined();
    expect(data!.requestTrackAnalysis).toMatchObject({ status: 'DONE', error: null, sourceFile: audioUrl });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.sampleBytes).toBe(2048);
    const matches = await subgraph.prisma.trackMatch.findMany({ where: { accountId: 'acct-a', trackId: TRACK } });
    expect(matches).toMatchObject([{ title: 'La Bambola', isrc: 'ITB006870616', confidenceScore: 82, analysisId: Number(data!.requestTrackAnalysis.id) }]);
    const analysis = await subgraph.prisma.trackAnalysis.findUniqueOrThrow({ where: { id: Number(data!.requestTrackAnalysis.id) } });
    expect(analysis).toMatchObject({ accountId: 'acct-a', source: 'ACRCLOUD_API', status: 'DONE' });
    expect(analysis.analyzedAt).not.toBeNull();
  });

  it('stores FAILED with the reason when ACRCloud refuses, or the audio cannot be fetched', async () => {
    fake.queue.push({ fixture: 'error-2004-no-fingerprint.json' });
    const refused = await execute(subgraph, REQUEST, { trackId: TRACK, audioUrl: `${fake.url}/audio/song.mp3?take=2` }, testCaller('acct-b'));
    expect(refused.errors).toBeUndefined();
    expect(refused.data!.requestTrackAnalysis).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/ACRCloud status 2004/) });
    const missing = await execute(subgraph, REQUEST, { trackId: TRACK, audioUrl: `${fake.url}/audio/none.mp3` }, testCaller('acct-b'));
    expect(missing.data!.requestTrackAnalysis).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/HTTP 404/) });
    expect(await subgraph.prisma.trackMatch.count({ where: { accountId: 'acct-b' } })).toBe(0);
  });

  it('without ACRCloud credentials: SERVICE_UNAVAILABLE naming the variables to set, nothing stored', async () => {
    const { errors } = await execute(unconfigured, REQUEST, { trackId: TRACK, audioUrl: 'https://example.com/a.mp3' });
    expect(errors![0]!.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', missing: ['ACRCLOUD_HOST', 'ACRCLOUD_ACCESS_KEY', 'ACRCLOUD_ACCESS_SECRET'] });
    expect(errors![0]!.message).toMatch(/set ACRCLOUD_HOST, ACRCLOUD_ACCESS_KEY, ACRCLOUD_ACCESS_SECRET/);
    expect(await unconfigured.prisma.trackAnalysis.count()).toBe(0);
  });

  it('needs a caller with the matches scope, a track id and an http(s) URL', async () => {
    const audioUrl = `${fake.url}/audio/song.mp3`;
    expect((await execute(subgraph, REQUEST, { trackId: TRACK, audioUrl }, null)).errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect((await execute(subgraph, REQUEST, { trackId: TRACK, audioUrl }, testCaller('acct-c', ['library']))).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const badTrack = await execute(subgraph, REQUEST, { trackId: 'trk_x', audioUrl });
    expect(badTrack.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'trackId' });
    const badUrl = await execute(subgraph, REQUEST, { trackId: TRACK, audioUrl: 'file:///etc/passwd' });
    expect(badUrl.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'audioUrl' });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('audio URLs', () => {
  it('refuses loopback and private addresses unless allowed', () => {
    for (const url of ['http://127.0.0.1/a.mp3', 'http://localhost:8080/a', 'http://10.1.2.3/a', 'http://192.168.0.10/a', 'http://[::1]/a', 'http://[::ffff:127.0.0.1]/a', 'http://169.254.169.254/latest']) {
      expect(() => parseAudioUrl(url, false), url).toThrow(/loopback or private/);
      expect(parseAudioUrl(url, true).href).toBeTruthy();
    }
    expect(parseAudioUrl('https://cdn.example.com/a.mp3', false).host).toBe('cdn.example.com');
    expect(() => parseAudioUrl(`https://example.com/${'a'.repeat(2100)}`, false)).toThrow(/longer than 2048/);
    expect(() => parseAudioUrl('https://user:pw@example.com/a', false)).toThrow(/credentials/);
    expect(isPrivateAddress('8.8.8.8')).toBe(false);
    expect(isPrivateAddress('2001:db8::1')).toBe(false);
  });

  it('refuses a name that resolves to a private address, and a redirect to one, when connecting', async () => {
    const server = createServer((req, res) => void res.writeHead(302, { location: `http://127.0.0.1:${(server.address() as AddressInfo).port}/secret` }).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const options = { maxBytes: 100, timeoutMs: 2000, allowPrivate: false };
      // "localhost" resolves (through /etc/hosts) to loopback: refused at connect time, before any request.
      await expect(fetchAudioSample(new URL(`http://localhost:${port}/a`), options)).rejects.toThrow(/resolves to the private address/);
      await expect(fetchAudioSample(new URL(`http://localhost:${port}/a`), { ...options, allowPrivate: true })).rejects.toThrow(/more than 5 redirects/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('interrupted analyses', () => {
  it('an analysis left PENDING past the deadline is marked FAILED (interrupted); a recent one is left alone', async () => {
    const old = new Date(Date.now() - INTERRUPTED_AFTER_MS - 60_000);
    const stale = await subgraph.prisma.trackAnalysis.create({ data: { accountId: 'acct-d', trackId: TRACK, source: 'ACRCLOUD_API', sourceFile: 'https://x/1', status: 'PENDING', createdAt: old, updatedAt: old } });
    const running = await subgraph.prisma.trackAnalysis.create({ data: { accountId: 'acct-d', trackId: TRACK, source: 'ACRCLOUD_API', sourceFile: 'https://x/2', status: 'PENDING' } });
    const service = new AnalysisService(subgraph.prisma, { env: {} });
    expect(await service.failInterrupted()).toBe(1);
    expect(await subgraph.prisma.trackAnalysis.findUniqueOrThrow({ where: { id: stale.id } })).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/^interrupted/) });
    expect(await subgraph.prisma.trackAnalysis.findUniqueOrThrow({ where: { id: running.id } })).toMatchObject({ status: 'PENDING' });
  });
});
