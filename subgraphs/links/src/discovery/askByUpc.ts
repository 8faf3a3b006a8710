import type { ProviderTrack } from '../providers/types.ts';
import { askPlatforms, type AskedOutcome, type AskedPlatforms } from './askPlatforms.ts';
import type { UpcLoader } from './types.ts';

/**
 * The barcodes known for each ISRC: the catalog's (its releases' UPCs) and those of the recordings
 * the platforms answered (FOUND outcomes whose tracks carry an album UPC), digits only, each once.
 */
export function upcsByIsrc(catalog: ReadonlyMap<string, readonly string[]>, answers: readonly AskedOutcome[]): Map<string, string[]> {
  const upcs = new Map<string, Set<string>>();
  const add = (isrc: string, upc: string | null | undefined) => {
    const digits = upc?.replace(/\D/g, '') ?? '';
    if (digits === '') return;
    upcs.set(isrc, (upcs.get(isrc) ?? new Set()).add(digits));
  };
  for (const [isrc, list] of catalog) for (const upc of list) add(isrc, upc);
  for (const { isrc, outcome } of answers) {
    if (outcome.state === 'FOUND') for (const track of outcome.tracks) add(isrc, track.upc);
  }
  return new Map([...upcs].map(([isrc, set]) => [isrc, [...set]]));
}

/**
 * Asks the barcode platform (Discogs) about each ISRC through its barcodes, within `timeoutMs`, with
 * askPlatforms' rules: the releases of all its barcodes together → FOUND, none → NOT_FOUND, any
 * barcode failing → ERROR, no answer in time → PENDING (its answer arrives in `late`).
 */
export function askByUpc(
  loader: UpcLoader,
  upcs: ReadonlyMap<string, readonly string[]>,
  timeoutMs: number,
  now: () => Date,
): Promise<AskedPlatforms> {
  const byIsrc = {
    load: async (isrc: string) => unionOfReleases(await Promise.all((upcs.get(isrc) ?? []).map((upc) => loader.load(upc)))),
  };
  return askPlatforms(new Map([['DISCOGS', byIsrc]]), new Map([['DISCOGS', [...upcs.keys()]]]), timeoutMs, now);
}

/** Every release once: two barcodes of one recording may name the same release. */
function unionOfReleases(answers: readonly ProviderTrack[][]): ProviderTrack[] {
  const releases = new Map<string, ProviderTrack>();
  for (const track of answers.flat()) if (!releases.has(track.externalId)) releases.set(track.externalId, track);
  return [...releases.values()];
}
