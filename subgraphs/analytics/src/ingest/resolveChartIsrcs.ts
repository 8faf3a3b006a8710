import { isrcProblem, normalizeIsrc } from '../../../../lib/isrc/isrc.ts';
import type { ChartPlatform } from '../../../../prisma/analytics/generated/enums.ts';
import type { AnalyticsPrisma } from '../db.ts';
import { resolveChartTracks, unresolvedChartTracks } from './store.ts';

/**
 * The links subgraph's reverse lookup through the gateway: one answer per id,
 * in order, null where links does not know the track (and cannot discover it).
 * Chart platforms are named as links' `Platform` names them.
 */
export const TRACKS_BY_PLATFORM_IDS = /* GraphQL */ `query ChartTrackIsrcs($source: Platform!, $ids: [String!]!) {
  tracks(source: $source, externalIds: $ids) { isrc }
}`;

/** Most ids `Query.tracks` takes in one request. */
export const IDS_PER_REQUEST = 100;

/** Sends one GraphQL operation and returns `data[field]` (the backfill client's `request`). */
export type GraphQLRequest = <T>(query: string, variables: Record<string, unknown>, field: string) => Promise<T>;

/** What a resolution run did. */
export interface IsrcResolution {
  /** Distinct track ids without an ISRC when the run started. */
  unresolvedBefore: number;
  /** Of them, the ids links answered with an ISRC. */
  resolved: number;
  /** Ids still without an ISRC: unknown to links, or not asked because the run stopped. */
  unresolved: number;
  /** Chart entries given their ISRC. */
  entriesUpdated: number;
  /** GraphQL operations sent (the client's retries not counted). */
  requests: number;
  /** Why the run stopped early; what was resolved before stays resolved. */
  error?: string;
}

/** Options for {@link resolveChartIsrcs}. */
export interface ResolveChartIsrcsOptions {
  /** Charts whose entries to resolve. @default every chart platform */
  platforms?: readonly ChartPlatform[];
  /** Called after each request with the ids asked so far and the total. */
  onBatch?: (asked: number, total: number) => void;
}

const ALL_PLATFORMS: readonly ChartPlatform[] = ['SPOTIFY', 'APPLE_MUSIC', 'DEEZER', 'SHAZAM'];

/**
 * Gives chart entries known only by their platform's track id their ISRC:
 * every id still unresolved in the database (so ids an earlier run could not
 * resolve are asked again), {@link IDS_PER_REQUEST} per request. Each batch's
 * answers are stored before the next is sent, so a gateway that fails midway
 * loses nothing already resolved; the failure is reported, not thrown.
 */
export async function resolveChartIsrcs(prisma: AnalyticsPrisma, request: GraphQLRequest, options: ResolveChartIsrcsOptions = {}): Promise<IsrcResolution> {
  const result: IsrcResolution = { unresolvedBefore: 0, resolved: 0, unresolved: 0, entriesUpdated: 0, requests: 0 };
  let asked = 0;
  try {
    const pending = await Promise.all((options.platforms ?? ALL_PLATFORMS).map(async (platform) => ({ platform, ids: await unresolvedChartTracks(prisma, platform) })));
    const total = pending.reduce((sum, { ids }) => sum + ids.length, 0);
    Object.assign(result, { unresolvedBefore: total, unresolved: total });
    for (const { platform, ids } of pending) {
      for (let start = 0; start < ids.length; start += IDS_PER_REQUEST) {
        const batch = ids.slice(start, start + IDS_PER_REQUEST);
        result.requests++;
        const tracks = await request<({ isrc?: string } | null)[]>(TRACKS_BY_PLATFORM_IDS, { source: platform, ids: batch }, 'tracks');
        if (!Array.isArray(tracks) || tracks.length !== batch.length) throw new Error(`BAD_RESPONSE: tracks answered ${Array.isArray(tracks) ? tracks.length : 'no'} results for ${batch.length} ids`);
        const isrcs = new Map<string, string>();
        tracks.forEach((track, i) => {
          const isrc = track?.isrc ? normalizeIsrc(track.isrc) : null;
          if (isrc && !isrcProblem(isrc)) isrcs.set(batch[i]!, isrc);
        });
        result.entriesUpdated += await resolveChartTracks(prisma, platform, isrcs);
        result.resolved += isrcs.size;
        result.unresolved -= isrcs.size;
        asked += batch.length;
        options.onBatch?.(asked, total);
      }
    }
  } catch (error) {
    result.error = (error as Error).message;
  }
  return result;
}
