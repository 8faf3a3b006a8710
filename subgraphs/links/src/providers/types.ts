/** A music platform the links subgraph can ask about a recording. */
export type ProviderPlatform =
  | 'SPOTIFY'
  | 'APPLE_MUSIC'
  | 'DEEZER'
  | 'TIDAL'
  | 'MUSICBRAINZ'
  | 'BEATPORT'
  | 'DISCOGS';

/** Who an {@link HttpClient} talks to and a ProviderError names: a platform, or ACRCloud (the audio-matches identification API). */
export type HttpService = ProviderPlatform | 'ACRCLOUD';

/** One recording as a platform reports it. */
export interface ProviderTrack {
  /** The platform that reported this recording. */
  platform: ProviderPlatform;
  /** The platform's own track/recording id (Discogs: the release id). */
  externalId: string;
  /** The ISRC the platform reports for it, upper case, or null when it reports none. */
  isrc: string | null;
  /** The title as the platform shows it. */
  title: string;
  /** Credited artist names, in the platform's order. */
  artists: string[];
  /** Title of the release (album, single, EP) the platform lists it on. */
  releaseTitle?: string | null;
  /** `YYYY-MM-DD` when known, or `YYYY` / `YYYY-MM` as the platform gives it. */
  releaseDate?: string | null;
  /** Barcode (UPC/EAN) of the release, when the platform gives it in the same response. */
  upc?: string | null;
  /** Length in whole seconds. */
  durationSeconds?: number | null;
  /** URL of the largest cover image the platform offers. */
  artworkUrl?: string | null;
}

/** A client for one platform's catalog, looked up by ISRC. */
export interface ProviderClient {
  /** The platform this client talks to. */
  readonly platform: ProviderPlatform;
  /** false when credentials are missing; `disabledReason` says which setting is missing. */
  readonly enabled: boolean;
  /** Why the client is disabled, or null when it is enabled. */
  readonly disabledReason: string | null;
  /** Max ISRCs per lookupIsrcs call (the platform's own per-request limit). */
  readonly batchSize: number;
  /**
   * One result per input ISRC, same order: [] means "the platform does not have it".
   * Throws ProviderError when the platform failed (after retries).
   */
  lookupIsrcs(isrcs: readonly string[], signal?: AbortSignal): Promise<ProviderTrack[][]>;
}

/** A client that can also find releases by barcode (Discogs, which has no ISRC search). */
export interface UpcLookupClient {
  /** One result per input barcode, same order: [] means "no release with that barcode". */
  lookupByUpc(upcs: readonly string[], signal?: AbortSignal): Promise<ProviderTrack[][]>;
}

/** A client that can also fetch recordings by the platform's own track ids, which gives their ISRCs (Spotify). */
export interface TrackIdLookupClient {
  /** Most ids per platform request. */
  readonly idBatchSize: number;
  /**
   * One result per input id, same order: null means "the platform does not know this id".
   * Throws ProviderError when the platform failed (after retries).
   */
  getTracks(ids: readonly string[], signal?: AbortSignal): Promise<(ProviderTrack | null)[]>;
}

/** Supplies the bearer token for a platform's API. */
export interface TokenSource {
  /** A token valid now; concurrent callers share one token request. */
  getToken(): Promise<string>;
  /** Forget `token` because the platform rejected it, so the next getToken fetches a new one. */
  invalidate(token: string): void;
}
