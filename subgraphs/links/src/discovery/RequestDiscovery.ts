import { rethrowErrors } from '../../../../lib/loaderUtils.ts';
import DataLoader from 'dataloader';
import type { Cache } from '../../../../lib/cache/Cache.ts';
import type { Track } from '../../../../prisma/links/generated/client.ts';
import type { LinksPrisma } from '../db.ts';
import type { Loaders } from '../loaders.ts';
import type { ProviderPlatform, ProviderTrack } from '../providers/types.ts';
import type { DiscoveryServices } from '../services.ts';
import { askByTrackId } from './askByTrackId.ts';
import { createDiscoveryLoaders } from './createDiscoveryLoaders.ts';
import { createTrackIdLoader } from './createTrackIdLoader.ts';
import { createUpcLoader } from './createUpcLoader.ts';
import { DiscoveryService } from './DiscoveryService.ts';
import { isFresh } from './freshness.ts';
import type { PlatformOutcome, TrackIdLoader, UpcLoader } from './types.ts';

/** What {@link RequestDiscovery} needs: the request's loaders, and discovery's services (null when it is off). */
export interface RequestDiscoveryOptions {
  prisma: LinksPrisma;
  cache: Cache;
  loaders: Loaders;
  services: DiscoveryServices | null;
}

/**
 * Discovery within one request: lookups by ISRC ask the platforms for what the catalog does not know
 * yet, every ISRC of the request in one `discover()` batch (so each platform gets ceil(N / its batch
 * size) requests), then read the catalog again. A track that is known is checked only when its links
 * or link status are read, so a query for titles costs no platform request and no extra SQL. Ids of a
 * platform that can be asked by id (Spotify) give ISRCs, which join the same batches.
 */
export class RequestDiscovery {
  readonly #options: RequestDiscoveryOptions;
  readonly #services: DiscoveryServices | null;
  /** ISRC → what the platforms said; batches every ISRC of a tick into one discover() call. */
  readonly #outcomes: DataLoader<string, PlatformOutcome[]> | null;
  /** Known tracks looked up by ISRC, checked (once) when their links are read. */
  readonly #deferred = new Set<string>();
  readonly #settled = new Map<string, Promise<void>>();
  /** The outcomes of the ISRCs discovered in this request (also while the discovery is running). */
  readonly #ran = new Map<string, Promise<PlatformOutcome[]>>();
  /** Discogs by barcode, one per request (made on first use), so each barcode is searched once per request. */
  #upcLoader: UpcLoader | null | undefined;
  /** Tracks by a platform's own ids (Spotify), one loader per platform (made on first use), so each id is asked once per request. */
  readonly #idLoaders = new Map<ProviderPlatform, TrackIdLoader>();
  /** Recordings a platform described in this request (asked by track id), by ISRC, for the next discover() of the ISRC. */
  readonly #answers = new Map<string, ProviderTrack[]>();

  constructor(options: RequestDiscoveryOptions) {
    this.#options = options;
    const services = options.services;
    this.#services = services && (services.askable.length > 0 || services.byBarcode) ? services : null;
    this.#outcomes = this.#services ? new DataLoader((isrcs) => this.#discover(isrcs)) : null;
  }

  /** Whether this request can ask platforms. */
  get enabled(): boolean {
    return this.#outcomes !== null;
  }

  /**
   * Tracks by (normalized) ISRC, for a lookup by ISRC. When some are not in the catalog, they are
   * discovered now, with the known ones that miss a platform, in one batch. Otherwise (unless `eager`)
   * the known ones are checked later, if their links are read.
   */
  async tracksByIsrc(isrcs: readonly string[], { eager = false } = {}): Promise<(Track | null)[]> {
    const { trackByIsrc } = this.#options.loaders;
    const tracks = rethrowErrors(await trackByIsrc.loadMany(isrcs));
    if (!this.#outcomes) return tracks;
    const unknown = isrcs.filter((_, index) => !tracks[index]);
    const known = tracks.filter((track): track is Track => track !== null);
    if (unknown.length === 0 && !eager) {
      for (const track of known) this.#deferred.add(track.isrc);
      return tracks;
    }
    const open = await this.#openIsrcs(known);
    await this.#outcomes.loadMany([...new Set([...unknown, ...open])]);
    return rethrowErrors(await trackByIsrc.loadMany(isrcs));
  }

  /** Whether ids of `platform` the catalog lacks can be looked up on the platform (Spotify, when enabled). */
  canLookUpIds(platform: string): boolean {
    return this.#outcomes !== null && this.#services!.byTrackId.has(platform as ProviderPlatform);
  }

  /**
   * Recordings by `platform`'s own track ids (valid, distinct) that the catalog lacks: the platform is
   * asked about them (batched, see askByTrackId.ts), and the ISRCs it gives are discovered like lookups
   * by ISRC, in the tick's discover() batch, with its answers recorded as its links. Per id: the
   * track, null when the platform does not know the id, or the Error that kept it from answering.
   */
  async tracksByPlatformIds(platform: ProviderPlatform, ids: readonly string[]): Promise<Map<string, Track | null | Error>> {
    const client = this.#services?.byTrackId.get(platform);
    if (!client || !this.#outcomes) throw new TypeError(`tracksByPlatformIds: ${platform} ids cannot be looked up here; check canLookUpIds() first`);
    let loader = this.#idLoaders.get(platform);
    if (!loader) this.#idLoaders.set(platform, (loader = createTrackIdLoader(client)));
    const answers = await askByTrackId(loader, this.#options.cache, platform, ids, this.#services!.config);
    const found = [...answers.values()].filter((answer): answer is ProviderTrack => answer !== null && !(answer instanceof Error));
    for (const track of found) this.#answers.set(track.isrc!, [...(this.#answers.get(track.isrc!) ?? []), track]);
    const isrcs = [...new Set(found.map((track) => track.isrc!))];
    // An ISRC this request has discovered already is discovered again, so that this answer is recorded too.
    await Promise.allSettled(isrcs.map((isrc) => this.#ran.get(isrc)));
    for (const isrc of isrcs) if (this.#ran.has(isrc)) this.#outcomes.clear(isrc);
    rethrowErrors(await this.#outcomes.loadMany(isrcs));
    const tracks = rethrowErrors(await this.#options.loaders.trackByIsrc.loadMany(isrcs));
    const byIsrc = new Map(isrcs.map((isrc, index) => [isrc, tracks[index]!]));
    return new Map([...answers].map(([id, answer]) => [id, answer === null || answer instanceof Error ? answer : byIsrc.get(answer.isrc!) ?? null]));
  }

  /**
   * Call before reading a track's links: when it was looked up by ISRC in this request, the platforms
   * with no link and no standing answer are asked first (batched with the other tracks of the request).
   */
  settle(track: Track): Promise<void> {
    if (!this.#outcomes || !this.#deferred.has(track.isrc)) return Promise.resolve();
    let settled = this.#settled.get(track.isrc);
    if (!settled) {
      const outcomes = this.#outcomes;
      settled = this.#openIsrcs([track]).then(async (open) => {
        if (open.length > 0) await outcomes.load(track.isrc);
      });
      this.#settled.set(track.isrc, settled);
    }
    return settled;
  }

  /** The platforms that gave no answer about `isrc` (PENDING or ERROR) when this request asked them; [] when it did not. */
  async unanswered(isrc: string): Promise<ProviderPlatform[]> {
    const outcomes = (await this.#ran.get(isrc)) ?? [];
    return outcomes.filter((outcome) => outcome.state === 'PENDING' || outcome.state === 'ERROR').map((outcome) => outcome.platform);
  }

  /**
   * ISRCs of `tracks` with an askable platform that has neither a link nor an answer that still
   * stands; for Discogs (asked by barcode), only when one of the track's releases has a UPC. The
   * releases are read only for tracks that nothing else would send to discovery.
   */
  async #openIsrcs(tracks: readonly Track[]): Promise<string[]> {
    if (tracks.length === 0) return [];
    const { loaders } = this.#options;
    const services = this.#services!;
    const byBarcode = services.byBarcode?.platform ?? null;
    const askable = [...services.askable.map((client) => client.platform as string), ...(byBarcode ? [byBarcode] : [])];
    const links = rethrowErrors(await loaders.linksByTrackId.loadMany(tracks.map((track) => track.id)));
    const missing = new Map<string, { track: Track; platforms: string[] }>();
    tracks.forEach((track, index) => {
      const linked = new Set(links[index]!.map((link) => link.platform as string));
      const platforms = askable.filter((platform) => !linked.has(platform));
      if (platforms.length > 0) missing.set(track.isrc, { track, platforms });
    });
    if (missing.size === 0) return [];
    const statuses = rethrowErrors(await loaders.linkStatusByIsrc.loadMany([...missing.keys()]));
    const now = new Date();
    const unsettled = [...missing.values()].map(({ track, platforms }, index) => {
      const standing = new Set(
        statuses[index]!.filter((row) => isFresh(row.state, row.checkedAt, services.config, now)).map((row) => row.platform as string),
      );
      return { track, platforms: platforms.filter((platform) => !standing.has(platform)) };
    }).filter(({ platforms }) => platforms.length > 0);
    const open = unsettled.filter(({ platforms }) => platforms.some((platform) => platform !== byBarcode)).map(({ track }) => track.isrc);
    const barcodeOnly = unsettled.filter(({ platforms }) => platforms.every((platform) => platform === byBarcode)).map(({ track }) => track);
    if (barcodeOnly.length === 0) return open;
    const releases = rethrowErrors(await loaders.releasesByTrackId.loadMany(barcodeOnly.map((track) => track.id)));
    return [...open, ...barcodeOnly.filter((_, index) => releases[index]!.some((release) => release.upc)).map((track) => track.isrc)];
  }

  /** One discover() call for a batch; afterwards this request reads the catalog afresh. */
  async #discover(isrcs: readonly string[]): Promise<PlatformOutcome[][]> {
    const { prisma, cache, loaders } = this.#options;
    const { askable, byBarcode, config, background } = this.#services!;
    this.#upcLoader ??= byBarcode ? createUpcLoader([byBarcode]) : null;
    const service = new DiscoveryService({ prisma, cache, loaders: createDiscoveryLoaders(askable), upcLoader: this.#upcLoader, config, background });
    // Answers a platform gave this request about these ISRCs are recorded by this discover() call.
    const answers = new Map(isrcs.flatMap((isrc) => (this.#answers.has(isrc) ? [[isrc, this.#answers.get(isrc)!] as const] : [])));
    for (const isrc of answers.keys()) this.#answers.delete(isrc);
    const running = service.discover(isrcs, { answers });
    const perIsrc = isrcs.map((isrc) => running.then((outcomes) => outcomes.get(isrc) ?? []));
    isrcs.forEach((isrc, index) => this.#ran.set(isrc, perIsrc[index]!));
    await running;
    // What was found is committed now; drop what this request read before it.
    for (const isrc of isrcs) {
      loaders.trackByIsrc.clear(isrc);
      loaders.linkStatusByIsrc.clear(isrc);
    }
    loaders.linksByTrackId.clearAll();
    return Promise.all(perIsrc);
  }
}
