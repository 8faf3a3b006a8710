import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveGateway, type RunningGateway } from '../../gateway/src/serveGateway.ts';
import { logger } from '../../lib/logger.ts';
import { encodeCursor } from '../../lib/pagination.ts';
import { CARD_FIELDS, TRACK_CARD, firstComplete, outageFigures, startLoad, type Sample } from '../../scripts/chaos/load.ts';
import { LEAK_MARKERS, startFaultyServer, type Fault, type FaultyServer } from '../helpers/faultyServer.ts';
import { startRestartableStack, type RestartableStack } from '../helpers/restartableStack.ts';
import { post } from '../helpers/stack.ts';

// The real stack (subgraphs stopped and restarted on their own data), and a second gateway
// whose analytics and audio-matches are local servers misbehaving on demand.
let stack: RestartableStack;
let faulty: Record<'analytics' | 'audio-matches', FaultyServer>;
let faultyGateway: RunningGateway;
/** Every answer any test received, for the check that every error has a code. */
const answers: { errors?: any[] }[] = [];
const OPTIONAL = Object.keys(CARD_FIELDS) as (keyof typeof CARD_FIELDS)[];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function ask(gateway: 'real' | 'faulty', query: string, variables: Record<string, unknown> = {}) {
  const [url, key] = gateway === 'real' ? [stack.gateway.url, stack.adminKey] : [faultyGateway.url, faultyGateway.gateway.adminKey!];
  const response = await post(url, query, variables, { key });
  answers.push(response.body);
  return response;
}

/** The links subgraph's part of the card is all there. */
function expectTrackStands(track: any): void {
  expect(track?.title).toBe('One More Time');
  expect(track?.links).toHaveLength(6);
}

/** One SERVICE_UNAVAILABLE per failed subgraph, pointing at its field of the card. */
function unavailable(...names: (keyof typeof CARD_FIELDS)[]) {
  return names.map((name) => expect.objectContaining({ path: ['track', CARD_FIELDS[name]], extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: name } }));
}

beforeAll(async () => {
  // The outage paths themselves, without the entity cache (entityCacheOutage.test.ts covers them with it).
  stack = await startRestartableStack({ ENTITY_CACHE: 'off' });
  faulty = { analytics: await startFaultyServer(), 'audio-matches': await startFaultyServer() };
  faultyGateway = await serveGateway({
    env: { ...stack.env, ANALYTICS_TIMEOUT_MS: '1000', AUDIO_MATCHES_TIMEOUT_MS: '1500' },
    port: 0,
    subgraphUrls: { ...stack.gateway.gateway.subgraphUrls, analytics: faulty.analytics.url, 'audio-matches': faulty['audio-matches'].url },
    database: stack.database('gateway_faulty'),
    seed: true,
  });
});
afterAll(async () => {
  await faultyGateway?.close();
  await Promise.all(Object.values(faulty ?? {}).map((server) => server.close()));
  await stack?.close();
});

describe('a subgraph that is down', () => {
  it.each(OPTIONAL)('%s down: its field is null, the rest of the track stands', async (name) => {
    await stack.stop(name);
    try {
      const { status, body } = await ask('real', TRACK_CARD);
      expect(status).toBe(200);
      expectTrackStands(body.data.track);
      for (const [other, field] of Object.entries(CARD_FIELDS)) expect(body.data.track[field] === null).toBe(other === name);
      expect(body.errors).toEqual(unavailable(name));
    } finally {
      await stack.restart(name);
    }
    expect((await ask('real', TRACK_CARD)).body.errors).toBeUndefined();
  });

  it('links down: the track is null, a library root field in the same query still answers', async () => {
    await stack.stop('links');
    try {
      const card = await ask('real', TRACK_CARD);
      expect(card.status).toBe(200);
      expect(card.body.data).toEqual({ track: null });
      expect(card.body.errors).toEqual([expect.objectContaining({ path: ['track'], extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'links' } })]);
      const mixed = await ask('real', `{ track(isrc: "GBDUW0000053") { title } libraryTracks(search: "paranoid") { totalCount nodes { title } } }`);
      expect(mixed.body.data).toEqual({ track: null, libraryTracks: { totalCount: 1, nodes: [{ title: 'Paranoid Android' }] } });
      expect(mixed.body.errors?.map((error) => error.extensions)).toEqual([{ code: 'SERVICE_UNAVAILABLE', serviceName: 'links' }]);
    } finally {
      await stack.restart('links');
    }
  });
});

describe('a subgraph that hangs', () => {
  it('answers after about its timeout (<SUBGRAPH>_TIMEOUT_MS), with the rest of the track', async () => {
    faulty.analytics.fault = faulty['audio-matches'].fault = 'hang';
    const started = Date.now();
    const { status, body } = await ask('faulty', TRACK_CARD);
    const elapsed = Date.now() - started;
    console.log(`hung analytics (timeout 1000 ms) and audio-matches (1500 ms): answered in ${elapsed} ms`);
    expect(status).toBe(200);
    // The longer of the two timeouts, not the 10 s default nor forever.
    expect(elapsed).toBeGreaterThanOrEqual(1_400);
    expect(elapsed).toBeLessThan(6_000);
    expectTrackStands(body.data.track);
    expect(body.data.track.libraryTracks).toEqual([{ title: 'One More Time' }]);
    expect(body.errors).toEqual(expect.arrayContaining(unavailable('analytics', 'audio-matches')));
    expect(body.errors).toHaveLength(2);
    expect(body.errors?.map((error) => error.message).sort()).toEqual([
      expect.stringContaining('analytics subgraph did not answer within 1000 ms'),
      expect.stringContaining('audio-matches subgraph did not answer within 1500 ms'),
    ]);
  });
});

describe('a subgraph that answers garbage', () => {
  it.each<Fault>(['html500', 'garbage', 'empty200', 'notGraphQL', 'reset', 'truncated'])('%s: SERVICE_UNAVAILABLE, nothing of it reaches the client', async (fault) => {
    faulty.analytics.fault = faulty['audio-matches'].fault = fault;
    const before = faulty.analytics.requests;
    const { status, headers, body } = await ask('faulty', TRACK_CARD);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    expectTrackStands(body.data.track);
    expect(body.data.track).toMatchObject({ spotifyStreams: null, matches: null, libraryTracks: [{ title: 'One More Time' }] });
    expect(body.errors).toEqual(expect.arrayContaining(unavailable('analytics', 'audio-matches')));
    expect(body.errors).toHaveLength(2);
    const text = JSON.stringify(body);
    for (const marker of [...LEAK_MARKERS, 'stacktrace']) expect(text).not.toContain(marker);
    // Sent once more only when the connection died before any answer.
    expect(faulty.analytics.requests - before).toBe(fault === 'reset' ? 2 : 1);
  });
});

describe('a bad argument stays with its field', () => {
  it('a Date variable that is no date: BAD_USER_INPUT from analytics, the track stands', async () => {
    const query = `query Card($from: Date) { track(isrc: "GBDUW0000053") { title links { source url } spotifyStreams(from: $from) { date total } } }`;
    const { status, body } = await ask('real', query, { from: '2025-02-30' });
    expect(status).toBe(200);
    expectTrackStands(body.data.track);
    expect(body.data.track.spotifyStreams).toBeNull();
    // Coercion fails before any resolver: graphql-js names the variable in the message.
    expect(body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('$from'), extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: '$from', serviceName: 'analytics' }) })]);
  });

  it.each([2 ** 31, Number.MAX_SAFE_INTEGER, -1])('a forged matches cursor for id %d: BAD_USER_INPUT naming `after`, the track stands', async (id) => {
    const after = encodeCursor(id);
    const query = `query Card($after: String) { track(isrc: "GBDUW0000053") { title links { source url } matches(after: $after) { totalCount } } }`;
    const { status, body } = await ask('real', query, { after });
    expect(status).toBe(200);
    expectTrackStands(body.data.track);
    expect(body.data.track.matches).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['track', 'matches'], extensions: { code: 'BAD_USER_INPUT', argument: 'after', value: after, serviceName: 'audio-matches' } }),
    ]);
  });
});

describe('each subgraph killed and restarted under steady load', () => {
  it('keeps the links fields in every answer, shows only SERVICE_UNAVAILABLE, and recovers', { timeout: 120_000 }, async () => {
    // Hundreds of expected "subgraph fetch failed" lines would bury the figures.
    const level = logger.level;
    logger.level = 'error';
    const load = startLoad({ url: stack.gateway.url, key: stack.adminKey, concurrency: 8 });
    const rows: (ReturnType<typeof outageFigures> & { restartMs: number; recoveryMs: number | null })[] = [];
    let samples: Sample[];
    try {
      await sleep(500);
      for (const name of OPTIONAL) {
        const killed = Date.now();
        await stack.stop(name);
        await sleep(1_000);
        const restarting = Date.now();
        await stack.restart(name);
        const restarted = Date.now();
        const first = await firstComplete(load.samples, restarted, 10_000);
        rows.push({ ...outageFigures(name, load.samples, killed, restarted), restartMs: restarted - restarting, recoveryMs: first && first.ended - restarted });
        await sleep(300);
      }
    } finally {
      samples = await load.stop();
      logger.level = level;
    }
    const codes = [...new Set(samples.flatMap((sample) => sample.codes))];
    const withLinks = samples.filter((sample) => sample.status === 200 && sample.links).length;
    console.log(`${samples.length} answers (8 clients); ${((100 * withLinks) / samples.length).toFixed(1)} % carried the links fields; codes: ${codes.join(', ')}`);
    console.table(rows.map((row) => ({ subgraph: row.subgraph, 'answers during outage': row.responses, 'with links': `${(100 * row.linksShare).toFixed(1)} %`, codes: JSON.stringify(row.codes), 'restart ms': row.restartMs, 'restart → complete ms': row.recoveryMs })));
    expect(withLinks).toBe(samples.length);
    expect(codes).toEqual(['SERVICE_UNAVAILABLE']);
    for (const row of rows) {
      expect(row.responses).toBeGreaterThan(0);
      expect(row.codes.SERVICE_UNAVAILABLE).toBeGreaterThan(0);
      expect(row.services).toContain(row.subgraph);
      expect(row.recoveryMs).not.toBeNull();
      expect(row.recoveryMs!).toBeLessThan(5_000);
    }
    // Healthy again at the end: the last round of every client was complete.
    expect(samples.slice(-8).every((sample) => sample.complete)).toBe(true);
  });
});

describe('every answer', () => {
  it('gave every error an extensions.code', () => {
    expect(answers.length).toBeGreaterThan(15);
    const errors = answers.flatMap((body) => body.errors ?? []);
    expect(errors.filter((error) => typeof error?.extensions?.code !== 'string')).toEqual([]);
  });
});
