import type { ProviderPlatform } from '../providers/types.ts';
import type { DiscoveryLoaders, PlatformOutcome } from './types.ts';

/** Longest error text kept in an outcome (and in LinkStatus.error). */
const MAX_ERROR_LENGTH = 500;

const TIMED_OUT = Symbol('timed out');

/** One (platform, ISRC) pair and what the platform answered. */
export interface AskedOutcome {
  isrc: string;
  outcome: PlatformOutcome;
}

/**
 * Asks every platform about its ISRCs at once through the per-request loaders (which batch them),
 * and waits at most `timeoutMs` for all of them together. Never rejects: an answer with recordings
 * is FOUND, an empty one NOT_FOUND, a failure ERROR, and no answer by the deadline PENDING.
 */
export async function askPlatforms(
  loaders: DiscoveryLoaders,
  wanted: ReadonlyMap<ProviderPlatform, readonly string[]>,
  timeoutMs: number,
  now: () => Date,
): Promise<AskedOutcome[]> {
  let timer: NodeJS.Timeout | undefined;
  // One deadline for the whole call, so N slow platforms still cost at most timeoutMs.
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => { timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs); });
  try {
    const asks = [...wanted].flatMap(([platform, isrcs]) => {
      const loader = loaders.get(platform);
      if (!loader) throw new TypeError(`askPlatforms: no loader for ${platform}`);
      return isrcs.map(async (isrc): Promise<AskedOutcome> => {
        const answer = await Promise.race([loader.load(isrc).then((tracks) => ({ tracks }), (error: unknown) => ({ error })), deadline]);
        const checkedAt = now();
        if (answer === TIMED_OUT) return { isrc, outcome: { platform, state: 'PENDING', checkedAt, tracks: [], error: null } };
        if ('error' in answer) {
          const message = answer.error instanceof Error ? answer.error.message : String(answer.error);
          return { isrc, outcome: { platform, state: 'ERROR', checkedAt, tracks: [], error: message.slice(0, MAX_ERROR_LENGTH) } };
        }
        return { isrc, outcome: { platform, state: answer.tracks.length > 0 ? 'FOUND' : 'NOT_FOUND', checkedAt, tracks: answer.tracks, error: null } };
      });
    });
    return await Promise.all(asks);
  } finally {
    clearTimeout(timer);
  }
}
