import type { ProviderPlatform, ProviderTrack } from '../providers/types.ts';
import type { PlatformOutcome } from './types.ts';

/** Longest error text kept in an outcome (and in LinkStatus.error). */
const MAX_ERROR_LENGTH = 500;

const TIMED_OUT = Symbol('timed out');

/** What askPlatforms needs of a loader: the platform's recordings for one ISRC (a DataLoader fits). */
export interface IsrcLoader {
  load(isrc: string): Promise<ProviderTrack[]>;
}

/** One (platform, ISRC) pair and what the platform answered. */
export interface AskedOutcome {
  isrc: string;
  outcome: PlatformOutcome;
}

/** What {@link askPlatforms} heard by the deadline, and what is still on its way. */
export interface AskedPlatforms {
  /** Every asked pair, PENDING where the platform had not answered by the deadline. */
  asked: AskedOutcome[];
  /** The PENDING pairs' answers, each resolving (never rejecting) when the platform answers or fails. */
  late: Promise<AskedOutcome>[];
}

/**
 * Asks every platform about its ISRCs at once through the per-request loaders (which batch them),
 * and waits at most `timeoutMs` for all of them together. Never rejects: an answer with recordings
 * is FOUND, an empty one NOT_FOUND, a failure ERROR, and no answer by the deadline PENDING; the
 * PENDING pairs' requests go on, and `late` says what they answer (same rules, checkedAt = arrival).
 */
export async function askPlatforms(
  loaders: ReadonlyMap<ProviderPlatform, IsrcLoader>,
  wanted: ReadonlyMap<ProviderPlatform, readonly string[]>,
  timeoutMs: number,
  now: () => Date,
): Promise<AskedPlatforms> {
  let timer: NodeJS.Timeout | undefined;
  // One deadline for the whole call, so N slow platforms still cost at most timeoutMs.
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => { timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs); });
  try {
    const asks = [...wanted].flatMap(([platform, isrcs]) => {
      const loader = loaders.get(platform);
      if (!loader) throw new TypeError(`askPlatforms: no loader for ${platform}`);
      // The outcome is made when the answer arrives, so a late one carries its own checkedAt.
      return isrcs.map((isrc) => ({
        platform,
        isrc,
        answer: loader.load(isrc).then(
          (tracks): AskedOutcome => ({ isrc, outcome: answered(platform, tracks, now()) }),
          (error: unknown): AskedOutcome => ({ isrc, outcome: failed(platform, error, now()) }),
        ),
      }));
    });
    const settled = await Promise.all(asks.map(({ answer }) => Promise.race([answer, deadline])));
    const passed = now();
    return {
      asked: settled.map((result, index) => {
        if (result !== TIMED_OUT) return result;
        const { platform, isrc } = asks[index]!;
        return { isrc, outcome: { platform, state: 'PENDING', checkedAt: passed, tracks: [], error: null } };
      }),
      late: asks.filter((_, index) => settled[index] === TIMED_OUT).map(({ answer }) => answer),
    };
  } finally {
    clearTimeout(timer);
  }
}

function answered(platform: ProviderPlatform, tracks: ProviderTrack[], checkedAt: Date): PlatformOutcome {
  return { platform, state: tracks.length > 0 ? 'FOUND' : 'NOT_FOUND', checkedAt, tracks, error: null };
}

function failed(platform: ProviderPlatform, error: unknown, checkedAt: Date): PlatformOutcome {
  const message = error instanceof Error ? error.message : String(error);
  return { platform, state: 'ERROR', checkedAt, tracks: [], error: message.slice(0, MAX_ERROR_LENGTH) };
}
