import type { Cache } from '../../../../lib/cache/Cache.ts';
import { canonicalIsrc } from '../providers/isrcBatches.ts';
import type { LinksPrisma } from '../db.ts';
import type { ProviderPlatform, ProviderTrack } from '../providers/types.ts';
import { askByUpc, upcsByIsrc } from './askByUpc.ts';
import { askPlatforms, type AskedOutcome } from './askPlatforms.ts';
import type { BackgroundTasks } from './BackgroundTasks.ts';
import { DEFAULT_DISCOVERY_CONFIG, type DiscoveryConfig } from './config.ts';
import { isrcOfPairKey, pairKey } from './freshness.ts';
import { readKnownOutcomes } from './knownOutcomes.ts';
import { readCachedOutcomes, writeCachedOutcomes } from './outcomeCache.ts';
import { persistOutcomes } from './persistOutcomes.ts';
import type { DiscoveryLoaders, PlatformOutcome, UpcLoader } from './types.ts';

/** Every platform discovery knows, in the order outcomes are listed (and new tracks take their metadata). */
export const DISCOVERY_PLATFORMS: readonly ProviderPlatform[] = ['SPOTIFY', 'APPLE_MUSIC', 'DEEZER', 'TIDAL', 'MUSICBRAINZ', 'BEATPORT', 'DISCOGS'];

/** The platform asked by release barcode instead of by ISRC. */
const BY_BARCODE: ProviderPlatform = 'DISCOGS';

/** Options for {@link DiscoveryService}. */
export interface DiscoveryServiceOptions {
  /** The links subgraph's Prisma client. */
  prisma: LinksPrisma;
  /** The cross-request cache, shared by processes when it is Redis. */
  cache: Cache;
  /** This request's loaders, from `createDiscoveryLoaders`. */
  loaders: DiscoveryLoaders;
  /**
   * This request's Discogs loader, from `createUpcLoader` (keyed by UPC).
   * @default none: Discogs is not asked
   */
  upcLoader?: UpcLoader | null;
  /** TTLs and deadline. @default DEFAULT_DISCOVERY_CONFIG */
  config?: DiscoveryConfig;
  /** The clock (tests move it past a TTL). @default () => new Date() */
  now?: () => Date;
  /**
   * Where answers that arrive after the deadline are recorded (over the PENDING written first).
   * @default none: late answers are dropped, and the platform is asked again next time
   */
  background?: BackgroundTasks;
}

/** Options for {@link DiscoveryService.discover}. */
export interface DiscoverOptions {
  /** Only these platforms. @default every platform */
  platforms?: readonly ProviderPlatform[];
  /**
   * Recordings a platform has already described in this request, by canonical ISRC (Spotify, asked by
   * track id): each is that platform's FOUND for the ISRC, recorded over whatever stood before (its
   * link and LinkStatus), and that platform is not asked about the ISRC again. ISRCs not in `isrcs`
   * are ignored. @default none
   */
  answers?: ReadonlyMap<string, readonly ProviderTrack[]>;
}

/**
 * Finds a recording's IDs on the platforms that are not known yet: answers what the catalog, the
 * LinkStatus table and the shared cache already say, asks the platforms for the rest (batched, in
 * parallel, within one deadline), and records the answers so the next caller reads them from the
 * database; with `background`, also the answers that arrive after the deadline. Create one per
 * request, with that request's loaders.
 */
export class DiscoveryService {
  readonly #options: DiscoveryServiceOptions;
  readonly #config: DiscoveryConfig;
  readonly #now: () => Date;

  constructor(options: DiscoveryServiceOptions) {
    this.#options = options;
    this.#config = options.config ?? DEFAULT_DISCOVERY_CONFIG;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * What each platform says about each ISRC, keyed by the ISRC in canonical form, outcomes in
   * {@link DISCOVERY_PLATFORMS} order. A platform is listed when a link to it is known or when it
   * can be asked (enabled and searchable by ISRC; Discogs: given `upcLoader`, and a UPC of the
   * recording is known from the catalog or from another platform's answer). Never fails because a
   * platform is slow (PENDING) or failing (ERROR). Throws a TypeError for an invalid ISRC or an
   * unknown platform.
   */
  async discover(isrcs: readonly string[], options: DiscoverOptions = {}): Promise<Map<string, PlatformOutcome[]>> {
    const canonical = [...new Set(isrcs.map((raw) => {
      const isrc = canonicalIsrc(raw);
      if (isrc === null) throw new TypeError(`discover: expected valid ISRCs, got "${raw}"`);
      return isrc;
    }))];
    const platforms = new Set(options.platforms ?? DISCOVERY_PLATFORMS);
    for (const platform of platforms) {
      if (!DISCOVERY_PLATFORMS.includes(platform)) throw new TypeError(`discover: unknown platform "${platform}"; expected one of ${DISCOVERY_PLATFORMS.join(', ')}`);
    }
    if (canonical.length === 0 || platforms.size === 0) return new Map(canonical.map((isrc) => [isrc, []]));
    const { prisma, cache, loaders } = this.#options;
    const upcLoader = platforms.has(BY_BARCODE) ? this.#options.upcLoader ?? null : null;
    const now = this.#now();

    // 1. The database: known links, answers that still stand, and (for Discogs) release barcodes.
    const known = await readKnownOutcomes(prisma, canonical, platforms, this.#config, now, { withUpcs: upcLoader !== null });
    // What the caller already heard from a platform settles those pairs, whatever stood before.
    const given = givenOutcomes(canonical, options.answers, known.outcomes, now);
    const askable = DISCOVERY_PLATFORMS.filter((platform) => platforms.has(platform) && (loaders.has(platform) || (platform === BY_BARCODE && upcLoader)));
    const answered = new Set(given.map(({ isrc, outcome }) => pairKey(outcome.platform, isrc)));
    const settled = (key: string) => known.outcomes.has(key) || answered.has(key);
    const open = askable.flatMap((platform) => canonical.filter((isrc) => !settled(pairKey(platform, isrc))).map((isrc) => ({ platform, isrc })));
    // 2. The shared cache: what other requests learned since.
    const cached = await readCachedOutcomes(cache, open, this.#config, now);
    const wanted = new Map<ProviderPlatform, string[]>();
    const byBarcode: string[] = [];
    for (const { platform, isrc } of open) {
      if (cached.has(pairKey(platform, isrc))) continue;
      if (platform === BY_BARCODE) byBarcode.push(isrc);
      else wanted.set(platform, [...(wanted.get(platform) ?? []), isrc]);
    }
    // 3. The platforms by ISRC, then Discogs by the barcodes known now (the catalog's, and those the
    // platforms just answered), in what is left of the same deadline; then the database and the
    // cache, committed before the cache says anything.
    const started = Date.now();
    const byIsrc = await askPlatforms(loaders, wanted, this.#config.timeoutMs, this.#now);
    const fromCache = [...cached].map(([key, outcome]) => ({ isrc: isrcOfPairKey(key), outcome }));
    const upcs = upcsByIsrc(known.upcs, [...given, ...byIsrc.asked, ...fromCache]);
    // An ISRC with no known barcode is not asked, and gets no LinkStatus row.
    const barcoded = new Map(byBarcode.flatMap((isrc) => (upcs.has(isrc) ? [[isrc, upcs.get(isrc)!] as const] : [])));
    const left = Math.max(0, this.#config.timeoutMs - (Date.now() - started));
    const byUpc = upcLoader && barcoded.size > 0 ? await askByUpc(upcLoader, barcoded, left, this.#now) : { asked: [], late: [] };
    const asked = [...given, ...byIsrc.asked, ...byUpc.asked];
    const late = [...byIsrc.late, ...byUpc.late];
    // Cached answers are written too: the database lacked them (a restored database, or another
    // deployment sharing the cache), and a FOUND must become a catalog track, not stay in the cache.
    // Discogs' answers come last: its hits are releases, never the source of a new track's metadata;
    // a platform's own description of the recording (given) comes first.
    await persistOutcomes(prisma, [...given, ...byIsrc.asked, ...fromCache, ...byUpc.asked]);
    // Started only once the PENDING rows are committed, so a late answer always lands after them.
    if (late.length > 0) this.#options.background?.run('discovery late answers', () => this.#recordLate(late));
    await writeCachedOutcomes(cache, asked, this.#config);

    const outcomes = new Map([...known.outcomes, ...cached, ...asked.map(({ isrc, outcome }) => [pairKey(outcome.platform, isrc), outcome] as const)]);
    return new Map(canonical.map((isrc) => [isrc, DISCOVERY_PLATFORMS.flatMap((platform) => outcomes.get(pairKey(platform, isrc)) ?? [])]));
  }

  /** Waits for every late answer of one discover() call, then records them all in one write. */
  async #recordLate(late: readonly Promise<AskedOutcome>[]): Promise<void> {
    const answers = await Promise.all(late);
    await persistOutcomes(this.#options.prisma, answers);
    await writeCachedOutcomes(this.#options.cache, answers, this.#config);
  }
}

/**
 * discover()'s `answers` as FOUND outcomes of their platform, each with the links the catalog already
 * holds for the pair (so the outcome, and the cache entry made from it, lists them all).
 */
function givenOutcomes(
  isrcs: readonly string[],
  answers: DiscoverOptions['answers'],
  known: ReadonlyMap<string, PlatformOutcome>,
  checkedAt: Date,
): AskedOutcome[] {
  if (!answers) return [];
  return isrcs.flatMap((isrc) => {
    const byPlatform = new Map<ProviderPlatform, ProviderTrack[]>();
    for (const track of answers.get(isrc) ?? []) byPlatform.set(track.platform, [...(byPlatform.get(track.platform) ?? []), track]);
    return [...byPlatform].map(([platform, tracks]): AskedOutcome => {
      const listed = [...(known.get(pairKey(platform, isrc))?.tracks ?? [])];
      for (const track of tracks) if (!listed.some((other) => other.externalId === track.externalId)) listed.push(track);
      return { isrc, outcome: { platform, state: 'FOUND', checkedAt, tracks: listed, error: null } };
    });
  });
}
