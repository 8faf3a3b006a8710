import { HttpClient } from './HttpClient.ts';
import { ProviderClientBase } from './ProviderClientBase.ts';
import { DEFAULT_PLATFORM_LIMITS, type ProviderHttpOptions } from './providerHttpOptions.ts';
import { TokenCache } from './TokenCache.ts';
import { requestWithBearer } from './bearerRequest.ts';
import { groupByIsrc } from './isrcBatches.ts';
import { JsonApiIncludes, stringAttribute, type JsonApiListDocument, type JsonApiResource } from './jsonApi.ts';
import { missingSettings } from './missingSettings.ts';
import { expectShape, secondsFromIsoDuration, upperOrNull } from './responseReading.ts';
import type { ProviderTrack } from './types.ts';

/**
 * ISRCs per `GET /v2/tracks` request. TIDAL's OpenAPI (1.10.104) declares `filter[isrc]` as an
 * array without `maxItems`; TIDAL API clients report that it serves at most 20 values per filter.
 */
export const TIDAL_ISRCS_PER_REQUEST = 20;

/** Options for {@link TidalClient}. */
export interface TidalClientOptions {
  /** App client id (TIDAL_CLIENT_ID); the client is disabled without it. */
  clientId: string | null;
  /** App client secret (TIDAL_CLIENT_SECRET); the client is disabled without it. */
  clientSecret: string | null;
  /** Country whose catalog is searched, ISO 3166-1 alpha-2. @default 'US' */
  countryCode?: string;
  /** TIDAL API base URL. @default 'https://openapi.tidal.com' */
  apiUrl?: string;
  /** Token endpoint for the client-credentials grant. @default 'https://auth.tidal.com/v1/oauth2/token' */
  authUrl?: string;
  /** `User-Agent` header. @default 'Trackgraph/0.1.0' */
  userAgent?: string;
  /** Timeouts, retries and limits. */
  http?: Partial<ProviderHttpOptions>;
}

/**
 * TIDAL API v2 (JSON:API). One `GET /v2/tracks?filter[isrc]=A&filter[isrc]=B…` answers up to
 * 20 ISRCs; `include=albums.coverArt,artists` brings names, release and artwork in the same response.
 * With several ISRCs TIDAL returns one track per ISRC; with one it pages, and only the first page is read.
 */
export class TidalClient extends ProviderClientBase {
  private readonly http: HttpClient;
  private readonly tokens: TokenCache | null;
  private readonly countryCode: string;

  constructor(options: TidalClientOptions) {
    const { clientId, clientSecret } = options;
    super({
      platform: 'TIDAL',
      batchSize: TIDAL_ISRCS_PER_REQUEST,
      disabledReason: missingSettings({ TIDAL_CLIENT_ID: clientId, TIDAL_CLIENT_SECRET: clientSecret }),
    });
    this.countryCode = (options.countryCode ?? 'US').toUpperCase();
    this.http = new HttpClient({
      platform: 'TIDAL',
      baseUrl: options.apiUrl ?? 'https://openapi.tidal.com',
      userAgent: options.userAgent,
      headers: { accept: 'application/vnd.api+json' },
      ...DEFAULT_PLATFORM_LIMITS.TIDAL,
      ...options.http,
    });
    this.tokens = clientId && clientSecret
      ? new TokenCache({ http: this.http, tokenUrl: options.authUrl ?? 'https://auth.tidal.com/v1/oauth2/token', clientId, clientSecret })
      : null;
  }

  protected async lookupBatch(isrcs: string[], signal?: AbortSignal): Promise<Map<string, ProviderTrack[]>> {
    const query = new URLSearchParams({ countryCode: this.countryCode, include: 'albums.coverArt,artists' });
    for (const isrc of isrcs) query.append('filter[isrc]', isrc);
    const { body, status } = await requestWithBearer(this.http, this.tokens!, '/v2/tracks', { query, okStatuses: [404], signal });
    if (status === 404) return groupByIsrc(isrcs, []);
    const document = expectShape<JsonApiListDocument>('TIDAL', body, (b) => Array.isArray(b.data), 'a JSON:API document with data: []');
    const includes = new JsonApiIncludes(document.included);
    const tracks = document.data.filter((resource) => resource.type === 'tracks').map((track) => toProviderTrack(track, includes));
    return groupByIsrc(isrcs, tracks);
  }
}

function toProviderTrack(track: JsonApiResource, includes: JsonApiIncludes): ProviderTrack {
  const album = includes.related(track, 'albums')[0];
  const artwork = album ? includes.related(album, 'coverArt')[0] : undefined;
  const title = stringAttribute(track, 'title') ?? '';
  const version = stringAttribute(track, 'version');
  return {
    platform: 'TIDAL',
    externalId: track.id,
    isrc: upperOrNull(stringAttribute(track, 'isrc')),
    title: version ? `${title} (${version})` : title,
    artists: includes.related(track, 'artists').map((artist) => stringAttribute(artist, 'name')).filter((name): name is string => name !== null),
    releaseTitle: stringAttribute(album, 'title'),
    releaseDate: stringAttribute(album, 'releaseDate'),
    upc: stringAttribute(album, 'barcodeId'),
    durationSeconds: secondsFromIsoDuration(stringAttribute(track, 'duration')),
    artworkUrl: largestArtworkFile(artwork),
  };
}

function largestArtworkFile(artwork: JsonApiResource | undefined): string | null {
  const files = artwork?.attributes?.files;
  if (!Array.isArray(files)) return null;
  const sorted = (files as { href?: string; meta?: { width?: number } }[])
    .filter((file) => typeof file.href === 'string')
    .sort((a, b) => (b.meta?.width ?? 0) - (a.meta?.width ?? 0));
  return sorted[0]?.href ?? null;
}
