import { isrcProblem, normalizeIsrc } from '../../../../lib/isrc/isrc.ts';
import type { ProviderTrack } from './types.ts';

/** The ISRC in the project's canonical form, or null when it is not a valid ISRC (so it never reaches a query string). */
export function canonicalIsrc(value: string): string | null {
  const isrc = normalizeIsrc(value);
  return isrcProblem(isrc) === null ? isrc : null;
}

/** Splits `items` into consecutive chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** Looks up one batch of distinct, valid ISRCs; tracks are keyed by the ISRC they answer. */
export type IsrcBatchLookup = (isrcs: string[], signal?: AbortSignal) => Promise<Map<string, ProviderTrack[]>>;

/**
 * Answers `isrcs` in input order with the fewest requests: invalid ISRCs get [] without a request,
 * duplicates are asked once, and the rest go in batches of `batchSize` (run concurrently; the
 * platform's HTTP client enforces its limits).
 */
export async function lookupInBatches(
  isrcs: readonly string[],
  batchSize: number,
  lookupBatch: IsrcBatchLookup,
  signal?: AbortSignal,
): Promise<ProviderTrack[][]> {
  const normalized = isrcs.map(canonicalIsrc);
  const distinct = [...new Set(normalized.filter((isrc): isrc is string => isrc !== null))];
  const answers = await Promise.all(chunk(distinct, batchSize).map((batch) => lookupBatch(batch, signal)));
  const found = new Map<string, ProviderTrack[]>();
  for (const answer of answers) for (const [isrc, tracks] of answer) found.set(isrc, tracks);
  return normalized.map((isrc) => (isrc === null ? [] : [...(found.get(isrc) ?? [])]));
}

/** Groups `tracks` under the requested ISRC each one reports; tracks reporting another ISRC are dropped. */
export function groupByIsrc(requested: readonly string[], tracks: readonly ProviderTrack[]): Map<string, ProviderTrack[]> {
  const groups = new Map<string, ProviderTrack[]>(requested.map((isrc) => [isrc, []]));
  for (const track of tracks) {
    if (track.isrc !== null) groups.get(track.isrc)?.push(track);
  }
  return groups;
}
