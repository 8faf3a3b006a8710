import type { Cache } from '../../../../lib/cache/Cache.ts';
import { ErrorCode, TrackgraphError } from '../../../../lib/errors.ts';

/** Wrong PINs allowed per profile within {@link PIN_WINDOW_SECONDS}; then `verifyProfilePin` answers RATE_LIMITED. */
export const MAX_PIN_FAILURES = 5;

/** How long wrong PINs are remembered. */
export const PIN_WINDOW_SECONDS = 15 * 60;

interface Failures {
  count: number;
  /** When the window ends, epoch milliseconds. */
  until: number;
}

// One check at a time per profile in this process, so parallel guesses cannot all read "no failures yet".
const queues = new Map<number, Promise<unknown>>();

/**
 * Runs `verify` for a profile's PIN unless it had {@link MAX_PIN_FAILURES} wrong
 * PINs in the last {@link PIN_WINDOW_SECONDS} (RATE_LIMITED with
 * `retryAfterSeconds`). Failures are counted in the shared cache (Redis when
 * configured), so every process sees them; a right PIN clears them.
 */
export function limitPinAttempts(cache: Cache, profileId: number, verify: () => Promise<boolean>): Promise<boolean> {
  const previous = queues.get(profileId) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(async () => {
    const key = `pin-failures:${profileId}`;
    const now = Date.now();
    const failures = await cache.get<Failures>(key);
    const current = failures && failures.until > now ? failures : { count: 0, until: now + PIN_WINDOW_SECONDS * 1000 };
    if (current.count >= MAX_PIN_FAILURES) {
      const retryAfterSeconds = Math.ceil((current.until - now) / 1000);
      throw new TrackgraphError(ErrorCode.RATE_LIMITED, `Too many wrong PINs for this profile; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds, limit: MAX_PIN_FAILURES });
    }
    const ok = await verify();
    if (ok) await cache.delete(key);
    else await cache.set(key, { count: current.count + 1, until: current.until }, Math.max(1, Math.ceil((current.until - now) / 1000)));
    return ok;
  });
  queues.set(profileId, run);
  void run.finally(() => queues.get(profileId) === run && queues.delete(profileId)).catch(() => undefined);
  return run;
}
