import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iswcProblem } from '../../lib/codes/iswc.ts';
import { upcProblem } from '../../lib/codes/upc.ts';
import { isrcProblem } from '../../lib/isrc/isrc.ts';
import type { Subgraph } from '../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../subgraphs/audio-matches/src/context.ts';
import type { AudioMatchesPrisma } from '../../subgraphs/audio-matches/src/db.ts';
import { audioMatchesSubgraph } from '../../subgraphs/audio-matches/src/module.ts';
import { syntheticIsrc } from '../../scripts/syntheticCatalog.ts';
import { buildSyntheticMatches } from '../../scripts/syntheticMatches.ts';
import { writeSyntheticMatches } from '../../scripts/writeSyntheticMatches.ts';
import { trackIdForIsrc } from '../../subgraphs/links/src/trackId.ts';
import { createTestSubgraph } from '../helpers/subgraph.ts';

describe('buildSyntheticMatches', () => {
  const analyses = buildSyntheticMatches(1_000, 5_000);
  const matches = analyses.flatMap((a) => a.matches);

  it('is deterministic and writes exactly the matches asked for, over the catalog', () => {
    expect(buildSyntheticMatches(1_000, 5_000)).toEqual(analyses);
    expect(matches).toHaveLength(5_000);
    expect(analyses.every(({ track }) => track >= 0 && track < 1_000 && track % 5 === 0)).toBe(true);
    expect(new Set(matches.map((m) => m.externalKey)).size).toBe(5_000);
  });

  it('has the relation counts of real results: 1–3 artists, 0–2 distributors, 1–2 time offsets', () => {
    const range = (counts: number[]) => [Math.min(...counts), Math.max(...counts)];
    expect(range(matches.map((m) => m.artists.length))).toEqual([1, 3]);
    expect(range(matches.map((m) => m.distributors.length))).toEqual([0, 2]);
    expect(range(matches.map((m) => m.timeOffsets.length))).toEqual([1, 2]);
    for (const m of matches) expect(m.spotifyArtists.length).toBe(m.spotify ? m.artists.length : 0);
  });

  it('matches recordings of the catalog mostly, some unknown to it, some without ISRC; every code valid', () => {
    const catalog = new Set(Array.from({ length: 1_000 }, (_, n) => syntheticIsrc(n)));
    const known = matches.filter((m) => m.isrc && catalog.has(m.isrc)).length / matches.length;
    const unknown = matches.filter((m) => m.isrc && !catalog.has(m.isrc)).length / matches.length;
    expect(known).toBeGreaterThan(0.65);
    expect(unknown).toBeGreaterThan(0.1);
    expect(unknown).toBeLessThan(0.2);
    for (const m of matches) {
      if (m.isrc) expect(isrcProblem(m.isrc)).toBeNull();
      if (m.albumUpc) expect(upcProblem(m.albumUpc)).toBeNull();
      if (m.iswc) expect(iswcProblem(m.iswc)).toBeNull();
    }
  });
});

describe('writeSyntheticMatches', () => {
  let audioMatches: Subgraph<AudioMatchesPrisma, Context>;
  beforeAll(async () => {
    audioMatches = await createTestSubgraph(audioMatchesSubgraph, { seed: false });
  });
  afterAll(() => audioMatches?.close());
  const options = { accountId: 'synthetic-test', catalogSize: 50, matches: 300 };

  it('stores every match through saveAnalysis, one SYNTHETIC analysis per recording, owned by the account', async () => {
    const result = await writeSyntheticMatches(audioMatches.prisma, options);
    const analyses = buildSyntheticMatches(50, 300);
    expect(result).toMatchObject({ analyses: analyses.length, matches: 300, inserted: 300, unchanged: 0 });
    expect(await audioMatches.prisma.trackMatch.count({ where: { accountId: 'synthetic-test' } })).toBe(300);
    const stored = await audioMatches.prisma.trackAnalysis.findMany({ where: { accountId: 'synthetic-test' } });
    expect(stored.map((a) => a.trackId).sort()).toEqual(analyses.map((a) => trackIdForIsrc(syntheticIsrc(a.track))).sort());
    expect(stored.every((a) => a.source === 'SYNTHETIC' && a.status === 'DONE')).toBe(true);
    expect(await audioMatches.prisma.matchArtist.count()).toBe(analyses.flatMap((a) => a.matches).reduce((n, m) => n + m.artists.length, 0));
  });

  it('is idempotent, and a smaller set replaces the larger one', async () => {
    expect(await writeSyntheticMatches(audioMatches.prisma, options)).toMatchObject({ inserted: 0, updated: 0, removed: 0, unchanged: 300 });
    await writeSyntheticMatches(audioMatches.prisma, { ...options, matches: 100 });
    expect(await audioMatches.prisma.trackMatch.count({ where: { accountId: 'synthetic-test' } })).toBe(100);
  });
});
