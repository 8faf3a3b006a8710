import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../../subgraphs/links/src/context.ts';
import { grantCredits } from '../../../subgraphs/links/src/credits/grantCredits.ts';
import type { LinksPrisma } from '../../../subgraphs/links/src/db.ts';
import { linksSubgraph } from '../../../subgraphs/links/src/module.ts';
import { upsertTrack } from '../../../subgraphs/links/src/catalog/upsertTrack.ts';
import { trackIdForIsrc } from '../../../subgraphs/links/src/trackId.ts';
import { buildSyntheticCatalog } from '../../../scripts/syntheticCatalog.ts';
import { writeSyntheticLinks } from '../../../scripts/writeSyntheticCatalog.ts';
import { createTestSubgraph } from '../../helpers/subgraph.ts';
import { testCaller } from '../../helpers/callers.ts';

let links: Subgraph<LinksPrisma, Context>;
beforeAll(async () => {
  links = await createTestSubgraph(linksSubgraph);
  await grantCredits(links.prisma, 'resolver', 10_000);
});
afterAll(() => links?.close());

const RESOLVE = /* GraphQL */ `
  mutation Resolve($inputType: ResolveInputType!, $items: [ResolveItemInput!]!) {
    resolveTracks(inputType: $inputType, items: $items) {
      results { input status reason track { id isrc title } links { source externalId url } candidates { score ambiguous track { isrc } } }
      partial processed creditsUsed creditsRemaining message
    }
  }
`;

/** Runs resolveTracks as `accountId`, returning the payload, errors and the SQL sent. */
async function resolve(inputType: string, items: Record<string, unknown>[], accountId = 'resolver') {
  const sql: string[] = [];
  const stop = links.onQuery((statement) => sql.push(statement));
  try {
    const response = await links.server.executeOperation({ query: RESOLVE, variables: { inputType, items } }, { contextValue: links.context(testCaller(accountId)) });
    if (response.body.kind !== 'single') throw new TypeError('expected a single result');
    const { data, errors } = response.body.singleResult;
    return { payload: (data as { resolveTracks: any } | null)?.resolveTracks, errors, sql };
  } finally {
    stop();
  }
}

const status = (payload: any) => payload.results.map((r: { status: string }) => r.status);

describe('ISRC items', () => {
  it('matches, misses and rejects in input order, charging only what was looked up', async () => {
    const { payload, errors } = await resolve('ISRC', [{ isrc: 'gb-duw-00-00053' }, { isrc: 'USQX91300108' }, { isrc: 'XXDUW00000AB' }, {}, { isrc: 'GBAYE9700074' }]);
    expect(errors).toBeUndefined();
    expect(status(payload)).toEqual(['MATCHED', 'NOT_FOUND', 'INVALID_INPUT', 'INVALID_INPUT', 'MATCHED']);
    const [hit, miss, bad, missing, second] = payload.results;
    expect(hit).toMatchObject({ input: 'gb-duw-00-00053', reason: null, track: { id: trackIdForIsrc('GBDUW0000053'), title: 'One More Time' } });
    expect(hit.links).toHaveLength(6);
    expect(hit.links).toContainEqual({ source: 'SPOTIFY', externalId: '5W3cjX2J3tjhG8zb6u0qHn', url: 'https://open.spotify.com/track/5W3cjX2J3tjhG8zb6u0qHn' });
    expect(miss).toMatchObject({ input: 'USQX91300108', track: null, links: [] });
    expect(bad.reason).toMatch(/`items\[2\]\.isrc`.*must be 2 letters/);
    expect(missing).toMatchObject({ input: '', track: null, links: [] });
    expect(missing.reason).toMatch(/`items\[3\]\.isrc` is required/);
    expect(second.track.title).toBe('Paranoid Android');
    expect(payload).toMatchObject({ partial: false, processed: 3, creditsUsed: 3 });
    expect(payload.message).toMatch(/2 items were INVALID_INPUT/);
  });

  it('has no message when every item went through', async () => {
    const { payload } = await resolve('ISRC', [{ isrc: 'GBDUW0000053' }]);
    expect(payload).toMatchObject({ partial: false, processed: 1, message: null });
  });

  it('charges each item, duplicates included', async () => {
    const before = (await resolve('ISRC', [{ isrc: 'GBDUW0000053' }])).payload.creditsRemaining;
    const { payload } = await resolve('ISRC', [{ isrc: 'GBDUW0000053' }, { isrc: 'GBDUW0000053' }]);
    expect(status(payload)).toEqual(['MATCHED', 'MATCHED']);
    expect(payload.creditsRemaining).toBe(before - 2);
  });
});

describe('PLATFORM_ID items', () => {
  it('reverse-looks up every pair, echoing SOURCE:externalId', async () => {
    const { payload, errors } = await resolve('PLATFORM_ID', [
      { source: 'SPOTIFY', externalId: '5W3cjX2J3tjhG8zb6u0qHn' },
      { source: 'SPOTIFY', externalId: 'spotify:track:6LgJvl0Xdtc73RJ1mN1a7Z' },
      { source: 'DEEZER', externalId: '999' },
      { source: 'SPOTIFY', externalId: 'abc' },
      { externalId: '1440650' },
      { source: 'APPLE_MUSIC', externalId: '1802175271' },
    ]);
    expect(errors).toBeUndefined();
    expect(status(payload)).toEqual(['MATCHED', 'MATCHED', 'NOT_FOUND', 'INVALID_INPUT', 'INVALID_INPUT', 'MATCHED']);
    expect(payload.results.map((r: { input: string }) => r.input)).toEqual([
      'SPOTIFY:5W3cjX2J3tjhG8zb6u0qHn',
      'SPOTIFY:spotify:track:6LgJvl0Xdtc73RJ1mN1a7Z',
      'DEEZER:999',
      'SPOTIFY:abc',
      ':1440650',
      'APPLE_MUSIC:1802175271',
    ]);
    expect(payload.results.map((r: any) => r.track?.title ?? null)).toEqual(['One More Time', 'Paranoid Android', null, null, null, 'EVIL J0RDAN']);
    expect(payload.results[3].reason).toMatch(/Invalid SPOTIFY id "abc" in `items\[3\]\.externalId`/);
    expect(payload.results[4].reason).toMatch(/`items\[4\]\.source` is required/);
    expect(payload.results[5].links.map((l: { source: string }) => l.source)).toContain('SHAZAM');
    expect(payload).toMatchObject({ processed: 4, creditsUsed: 4, partial: false });
  });
});

describe('TRACK_NAME items', () => {
  it('matches through search, says how, and rejects blank or over-long names', async () => {
    const { payload, errors } = await resolve('TRACK_NAME', [
      { artist: 'daft punk', title: 'One More Time' },
      { artist: 'Nobody Known', title: 'Nothing Like It At All' },
      { artist: '  ', title: 'One More Time' },
      { artist: 'Radiohead', title: 'x'.repeat(201) },
      { artist: 'Radiohead', title: 'Paranoid Android' },
      { artist: '!!!', title: '???' },
    ]);
    expect(errors).toBeUndefined();
    expect(status(payload)).toEqual(['MATCHED', 'NOT_FOUND', 'INVALID_INPUT', 'INVALID_INPUT', 'MATCHED', 'INVALID_INPUT']);
    expect(payload.results[0]).toMatchObject({ input: 'daft punk - One More Time', track: { title: 'One More Time' } });
    expect(payload.results[0].reason).toMatch(/score \d\.\d\d/);
    expect(payload.results[0].links).toHaveLength(6);
    expect(payload.results[1].reason).toMatch(/No catalog recording matched/);
    expect(payload.results[2].reason).toMatch(/`items\[2\]\.artist` is required.*must not be blank/);
    expect(payload.results[3].reason).toMatch(/`items\[3\]\.title` is 201 characters long; at most 200/);
    expect(payload.results[4].track.title).toBe('Paranoid Android');
    expect(payload.results[5].reason).toMatch(/`items\[5\]\.artist` has no letters or digits/);
    expect(payload.processed).toBe(3);
  });

  it('answers AMBIGUOUS with the candidates when two recordings match equally well, and durationMs tells them apart', async () => {
    // Two recordings of one title by one artist (album and single masters), 3:00 and 3:30.
    await links.prisma.$transaction(async (tx) => {
      await upsertTrack(tx, { isrc: 'QZTST2690001', title: 'Twin Song', artists: [{ name: 'Tie Band' }], durationSeconds: 180 });
      await upsertTrack(tx, { isrc: 'QZTST2690002', title: 'Twin Song', artists: [{ name: 'Tie Band' }], durationSeconds: 210 });
    });
    const { payload, errors } = await resolve('TRACK_NAME', [
      { artist: 'Tie Band', title: 'Twin Song' },
      { artist: 'Tie Band', title: 'Twin Song', durationMs: 210_400 },
      { artist: 'Tie Band', title: 'Twin Song', durationMs: 400_000 },
      { artist: 'daft punk', title: 'One More Time' },
    ]);
    expect(errors).toBeUndefined();
    expect(status(payload)).toEqual(['AMBIGUOUS', 'MATCHED', 'NOT_FOUND', 'MATCHED']);
    expect(payload.results[0].track).toBeNull();
    expect(payload.results[0].candidates.map((c: { track: { isrc: string } }) => c.track.isrc).sort()).toEqual(['QZTST2690001', 'QZTST2690002']);
    expect(payload.results[0].candidates.every((c: { ambiguous: boolean; score: number }) => c.ambiguous && c.score < 0.8)).toBe(true);
    expect(payload.results[0].reason).toMatch(/2 catalog recordings match .* equally well/);
    expect(payload.results[1]).toMatchObject({ track: { isrc: 'QZTST2690002' }, candidates: [] });
    expect(payload.processed).toBe(4);
  });

  it.each([0, -5, 10_800_001])('refuses durationMs %j for that item only, naming it', async (durationMs) => {
    const { payload, errors } = await resolve('TRACK_NAME', [{ artist: 'Radiohead', title: 'Paranoid Android', durationMs }, { artist: 'daft punk', title: 'One More Time' }]);
    expect(errors).toBeUndefined();
    expect(status(payload)).toEqual(['INVALID_INPUT', 'MATCHED']);
    expect(payload.results[0].reason).toMatch(/`items\[0\]\.durationMs` must be a whole number of milliseconds from 1 to 10800000/);
  });
});

describe('batch size', () => {
  it.each([0, 101])('rejects %i items naming `items` and the limit, charging nothing and looking nothing up', async (count) => {
    const before = await links.prisma.account.findUniqueOrThrow({ where: { id: 'resolver' } });
    const { payload, errors, sql } = await resolve('ISRC', Array.from({ length: count }, () => ({ isrc: 'GBDUW0000053' })));
    expect(payload).toBeUndefined();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'items', limit: 100 });
    expect(errors?.[0]?.message).toContain(`1 to 100 items, got ${count}`);
    expect(sql).toEqual([]);
    expect((await links.prisma.account.findUniqueOrThrow({ where: { id: 'resolver' } })).credits).toBe(before.credits);
  });

  it('accepts exactly 100', async () => {
    const { payload } = await resolve('ISRC', Array.from({ length: 100 }, () => ({ isrc: 'GBDUW0000053' })));
    expect(payload.processed).toBe(100);
  });
});

describe('SQL statements', () => {
  // 100 known recordings, each with three links.
  const HUNDRED = buildSyntheticCatalog(100);
  beforeAll(() => writeSyntheticLinks(HUNDRED, links.prisma));
  const isrcs = (n: number) => HUNDRED.slice(0, n).map(({ isrc }) => ({ isrc }));

  it('costs the same few statements for 100 known ISRCs, with their links, as for 1 (credits included)', async () => {
    const one = await resolve('ISRC', isrcs(1));
    const hundred = await resolve('ISRC', isrcs(100));
    expect(hundred.payload.processed).toBe(100);
    expect(hundred.payload.results.every((result: { status: string; links: unknown[] }) => result.status === 'MATCHED' && result.links.length === 3)).toBe(true);
    expect(hundred.sql.length).toBe(one.sql.length);
    // The credit reservation, the tracks, their links.
    expect(hundred.sql.length).toBeLessThanOrEqual(6);
    expect(hundred.sql.length).toBe(3);
  });

  it('costs the same for 100 known platform ids as for 1', async () => {
    const ids = (n: number) => HUNDRED.slice(0, n).map(({ deezerId }) => ({ source: 'DEEZER', externalId: deezerId }));
    const one = await resolve('PLATFORM_ID', ids(1));
    const hundred = await resolve('PLATFORM_ID', ids(100));
    expect(one.payload.results[0].status).toBe('MATCHED');
    expect(hundred.payload.results.every((result: { status: string; links: unknown[] }) => result.status === 'MATCHED' && result.links.length === 3)).toBe(true);
    expect(hundred.sql.length).toBe(one.sql.length);
  });
  it('costs the same for 100 known artist-and-title items as for 1 (one batched search)', async () => {
    const names = (n: number) => HUNDRED.slice(0, n).map(({ artist, title }) => ({ artist, title }));
    const one = await resolve('TRACK_NAME', names(1));
    const hundred = await resolve('TRACK_NAME', names(100));
    expect(one.payload.results[0].status).toBe('MATCHED');
    expect(hundred.payload.results.map((result: { track: { isrc: string } | null }) => result.track?.isrc)).toEqual(HUNDRED.map(({ isrc }) => isrc));
    expect(hundred.payload.processed).toBe(100);
    expect(hundred.sql.length).toBe(one.sql.length);
  });
});
