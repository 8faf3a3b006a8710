import type { DeezerClient } from '../../../links/src/providers/DeezerClient.ts';
import { canonicalIsrc } from '../../../links/src/providers/isrcBatches.ts';
import type { AnalyticsPrisma } from '../db.ts';

/**
 * ISRCs of Deezer tracks by Deezer id. Deezer's chart and playlist lists carry no ISRC, so each
 * track costs a `GET /track/{id}` (the client's concurrency and rate limits apply); ids already
 * resolved in a stored Deezer chart, or earlier in this run, cost nothing.
 */
export class DeezerIsrcResolver {
  private readonly known = new Map<string, string | null>();

  constructor(
    private readonly deezer: Pick<DeezerClient, 'tracksById'>,
    private readonly prisma: AnalyticsPrisma,
  ) {}

  /** The ISRC of each id (null: Deezer does not know the track or gives no valid ISRC). Throws ProviderError when Deezer failed. */
  async resolve(ids: readonly string[], signal?: AbortSignal): Promise<Map<string, string | null>> {
    const wanted = [...new Set(ids)].filter((id) => !this.known.has(id));
    if (wanted.length > 0) {
      for (const [id, isrc] of await storedDeezerIsrcs(this.prisma, wanted)) this.known.set(id, isrc);
      const asked = wanted.filter((id) => !this.known.has(id));
      const tracks = await this.deezer.tracksById(asked, signal);
      asked.forEach((id, index) => this.known.set(id, tracks[index]?.isrc ? canonicalIsrc(tracks[index].isrc) : null));
    }
    return new Map(ids.map((id) => [id, this.known.get(id) ?? null]));
  }
}

/** ISRCs already stored for Deezer track ids in Deezer chart entries (the newest one per id). */
async function storedDeezerIsrcs(prisma: AnalyticsPrisma, ids: string[]): Promise<Map<string, string>> {
  const rows = await prisma.$queryRaw<{ externalId: string; isrc: string }[]>`
    SELECT DISTINCT ON (e."externalId") e."externalId", e.isrc FROM "ChartEntry" e JOIN "Chart" c ON c.id = e."chartId"
    WHERE c.platform = 'DEEZER'::"ChartPlatform" AND e."externalId" = ANY(${ids}::text[]) AND e.isrc IS NOT NULL
    ORDER BY e."externalId", e.date DESC`;
  return new Map(rows.map((row) => [row.externalId, row.isrc.trim()]));
}
