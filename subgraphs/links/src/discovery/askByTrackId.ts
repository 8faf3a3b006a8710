import type { Cache } from '../../../../lib/cache/Cache.ts';
import { canonicalIsrc } from '../providers/isrcBatches.ts';
import { ProviderError } from '../providers/ProviderError.ts';
import type { ProviderPlatform, ProviderTrack } from '../providers/types.ts';
import type { DiscoveryConfig } from './config.ts';
import { cacheTtlSeconds, isFresh } from './freshness.ts';
import type { TrackIdLoader } from './types.ts';

/**
 * What a platform said of one of its track ids: the recording (ISRC in canonical form, `externalId`
 * the id asked), null when it does not know the id or gives the recording no valid ISRC, or the
 * Error that kept it from answering.
 */
export type TrackIdAnswer = ProviderTrack | null | Error;

/** An id the platform did not know, as the shared cache keeps it. */
interface CachedUnknownId {
  checkedAt: string;
}

/** The shared-cache key of "the platform has no recording with an ISRC under this id" (`discovery:<platform>:id:<id>`). */
export function unknownIdKey(platform: ProviderPlatform, id: string): string {
  return `discovery:${platform}:id:${id}`;
}

/**
 * Asks a platform about its own track ids (distinct, valid) through the per-request loader, which
 * batches them: ids the platform did not know within `DISCOVERY_NOT_FOUND_TTL_SECONDS` (shared cache,
 * one round trip) are not asked again; the rest are asked at once and waited for at most
 * `DISCOVERY_TIMEOUT_MS` together. Newly unknown ids are remembered; failures are not (the caller is
 * told, and asks again). Never rejects.
 */
export async function askByTrackId(
  loader: TrackIdLoader,
  cache: Cache,
  platform: ProviderPlatform,
  ids: readonly string[],
  config: DiscoveryConfig,
  now: () => Date = () => new Date(),
): Promise<Map<string, TrackIdAnswer>> {
  const answers = new Map<string, TrackIdAnswer>();
  if (ids.length === 0) return answers;
  // 1. Ids the platform said recently it does not know.
  const cached = await cache.getMany<CachedUnknownId>(ids.map((id) => unknownIdKey(platform, id)));
  const started = now();
  const asking = ids.filter((id, index) => {
    const hit = cached[index];
    const checkedAt = hit ? new Date(hit.checkedAt) : null;
    const known = checkedAt !== null && !Number.isNaN(checkedAt.getTime()) && isFresh('NOT_FOUND', checkedAt, config, started);
    if (known) answers.set(id, null);
    return !known;
  });
  // 2. The others, all at once, within one deadline.
  let timer: NodeJS.Timeout | undefined;
  const late = new ProviderError(`did not answer within DISCOVERY_TIMEOUT_MS (${config.timeoutMs} ms)`, { platform, code: 'TIMEOUT', retryable: true });
  const deadline = new Promise<Error>((resolve) => { timer = setTimeout(() => resolve(late), config.timeoutMs); });
  try {
    const settled = await Promise.all(asking.map((id) => Promise.race([
      loader.load(id).then((track) => usable(id, track), (error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
      deadline,
    ])));
    asking.forEach((id, index) => answers.set(id, settled[index]!));
  } finally {
    clearTimeout(timer);
  }
  // 3. Remember the ids it does not know, as discovery remembers NOT_FOUND.
  const unknown = asking.filter((id) => answers.get(id) === null);
  const ttl = cacheTtlSeconds('NOT_FOUND', config);
  if (unknown.length > 0 && ttl > 0) {
    const entry: CachedUnknownId = { checkedAt: now().toISOString() };
    await cache.setMany(unknown.map((id) => [unknownIdKey(platform, id), entry] as const), ttl);
  }
  return answers;
}

/** The recording as discovery takes it, or null when it has no valid ISRC (the catalog is keyed by ISRC). */
function usable(id: string, track: ProviderTrack | null): ProviderTrack | null {
  const isrc = track?.isrc ? canonicalIsrc(track.isrc) : null;
  // The id asked is what the catalog must know next time, even if the platform answered with another (relinking).
  return track && isrc ? { ...track, isrc, externalId: id } : null;
}
