import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaLike } from '../../lib/subgraph/SubgraphModule.ts';
import { buildSyntheticCatalog } from '../../scripts/syntheticCatalog.ts';
import { writeSyntheticCatalog } from '../../scripts/writeSyntheticCatalog.ts';
import { analyticsSubgraph } from '../../subgraphs/analytics/src/module.ts';
import { audioMatchesSubgraph } from '../../subgraphs/audio-matches/src/module.ts';
import { librarySubgraph } from '../../subgraphs/library/src/module.ts';
import { linksSubgraph } from '../../subgraphs/links/src/module.ts';
import { createTestSubgraph } from '../helpers/subgraph.ts';

type RawPrisma = PrismaLike & { $queryRawUnsafe<T>(sql: string, ...values: unknown[]): Promise<T> };

const TRACKS = 2_000;
const catalog = buildSyntheticCatalog(TRACKS);
let subgraphs: Awaited<ReturnType<typeof open>>;
const open = async () => ({
  links: await createTestSubgraph(linksSubgraph, { seed: false }),
  analytics: await createTestSubgraph(analyticsSubgraph, { seed: false }),
  library: await createTestSubgraph(librarySubgraph, { seed: false }),
  audioMatches: await createTestSubgraph(audioMatchesSubgraph, { seed: false }),
});

/** The planner's row count of `table` in the subgraph's schema; -1 when it was never analyzed. */
async function plannedRows(prisma: PrismaLike, table: string): Promise<number> {
  const [row] = await (prisma as RawPrisma).$queryRawUnsafe<{ rows: number }[]>(`SELECT reltuples::float8 AS rows FROM pg_class WHERE oid = '"${table}"'::regclass`);
  return Number(row!.rows);
}

describe('writeSyntheticCatalog', () => {
  beforeAll(async () => {
    subgraphs = await open();
    const { links, analytics, library, audioMatches } = subgraphs;
    await writeSyntheticCatalog(catalog, { links: links.prisma, analytics: analytics.prisma, library: library.prisma, audioMatches: audioMatches.prisma } as never, () => undefined);
  }, 120_000);
  afterAll(() => Promise.all(Object.values(subgraphs ?? {}).map((s) => s.close())));

  // A benchmark (or a first caller) right after seeding would otherwise get a sequential scan for every lookup by key.
  it('leaves statistics on every table it filled at once, not at autovacuum\'s next pass', async () => {
    const { links, analytics, library, audioMatches } = subgraphs;
    expect(await plannedRows(links.prisma, 'Track')).toBe(TRACKS);
    expect(await plannedRows(links.prisma, 'PlatformLink')).toBe(3 * TRACKS);
    for (const table of ['Artist', 'TrackArtist', 'Release', 'TrackRelease']) expect(await plannedRows(links.prisma, table), table).toBeGreaterThan(0);
    expect(await plannedRows(analytics.prisma, 'SpotifyStreamCount')).toBe(30 * TRACKS);
    expect(await plannedRows(library.prisma, 'Track')).toBe(TRACKS / 2);
    for (const table of ['TrackAnalysis', 'TrackMatch']) expect(await plannedRows(audioMatches.prisma, table), table).toBeGreaterThan(0);
  });
});
