import { AppleDeveloperToken } from './AppleDeveloperToken.ts';
import { HttpClient } from './HttpClient.ts';
import { ProviderClientBase } from './ProviderClientBase.ts';
import { DEFAULT_PLATFORM_LIMITS, type ProviderHttpOptions } from './providerHttpOptions.ts';
import { requestWithBearer } from './bearerRequest.ts';
import { groupByIsrc } from './isrcBatches.ts';
import { missingSettings } from './missingSettings.ts';
import { expectShape, secondsFromMs, upperOrNull } from './responseReading.ts';
import type { ProviderTrack } from './types.ts';

/** Apple's documented maximum ISRCs per "Get Multiple Catalog Songs by ISRC" request. */
export const APPLE_MUSIC_ISRCS_PER_REQUEST = 25;

/** Options for {@link AppleMusicClient}. */
export interface AppleMusicClientOptions {
  /** Apple Developer team id (APPLE_MUSIC_TEAM_ID); the client is disabled without it. */
  teamId: string | null;
  /** MusicKit key id (APPLE_MUSIC_KEY_ID); the client is disabled without it. */
  keyId: string | null;
  /** MusicKit private key, PEM text of the .p8 file (APPLE_MUSIC_PRIVATE_KEY); disabled without it. */
  privateKey: string | null;
  /** Catalog storefront, an ISO 3166-1 alpha-2 code in lower case. @default 'us' */
  storefront?: string;
  /** Apple Music API base URL. @default 'https://api.music.apple.com' */
  apiUrl?: string;
  /** Lifetime of each signed developer token, in seconds. @default 43200 */
  tokenLifetimeSeconds?: number;
  /** `User-Agent` header. @default 'Trackgraph/0.1.0' */
  userAgent?: string;
  /** Timeouts, retries and limits. */
  http?: Partial<ProviderHttpOptions>;
}

interface AppleArtwork {
  url: string;
  width?: number;
  height?: number;
}

interface AppleSong {
  id: string;
  attributes?: {
    name: string;
    artistName?: string;
    albumName?: string;
    releaseDate?: string;
    durationInMillis?: number;
    isrc?: string;
    artwork?: AppleArtwork;
  };
  relationships?: {
    artists?: { data?: { attributes?: { name?: string } }[] };
    albums?: { data?: { attributes?: { upc?: string } }[] };
  };
}

/**
 * Apple Music API catalog. One `GET /v1/catalog/{storefront}/songs?filter[isrc]=A,B,…` answers
 * up to 25 ISRCs; `include=albums,artists` brings artist names and the album UPC in the same response.
 */
export class AppleMusicClient extends ProviderClientBase {
  private readonly http: HttpClient;
  private readonly tokens: AppleDeveloperToken | null;
  private readonly storefront: string;

  constructor(options: AppleMusicClientOptions) {
    const { teamId, keyId, privateKey } = options;
    super({
      platform: 'APPLE_MUSIC',
      batchSize: APPLE_MUSIC_ISRCS_PER_REQUEST,
      disabledReason: missingSettings({
        APPLE_MUSIC_TEAM_ID: teamId,
        APPLE_MUSIC_KEY_ID: keyId,
        APPLE_MUSIC_PRIVATE_KEY: privateKey,
      }),
    });
    this.storefront = (options.storefront ?? 'us').toLowerCase();
    this.http = new HttpClient({
      platform: 'APPLE_MUSIC',
      baseUrl: options.apiUrl ?? 'https://api.music.apple.com',
      userAgent: options.userAgent,
      ...DEFAULT_PLATFORM_LIMITS.APPLE_MUSIC,
      ...options.http,
    });
    this.tokens = teamId && keyId && privateKey
      ? new AppleDeveloperToken({ teamId, keyId, privateKey, lifetimeSeconds: options.tokenLifetimeSeconds })
      : null;
  }

  protected async lookupBatch(isrcs: string[], signal?: AbortSignal): Promise<Map<string, ProviderTrack[]>> {
    const { body, status } = await requestWithBearer(
      this.http,
      this.tokens!,
      `/v1/catalog/${encodeURIComponent(this.storefront)}/songs`,
      { query: { 'filter[isrc]': isrcs.join(','), include: 'albums,artists' }, okStatuses: [404], signal },
    );
    if (status === 404) return groupByIsrc(isrcs, []);
    const { data } = expectShape<{ data: AppleSong[] }>('APPLE_MUSIC', body, (b) => Array.isArray(b.data), '{ data: [] }');
    return groupByIsrc(isrcs, data.map(toProviderTrack));
  }
}

function toProviderTrack(song: AppleSong): ProviderTrack {
  const attributes = song.attributes;
  const artistNames = (song.relationships?.artists?.data ?? [])
    .map((artist) => artist.attributes?.name)
    .filter((name): name is string => typeof name === 'string');
  return {
    platform: 'APPLE_MUSIC',
    externalId: song.id,
    isrc: upperOrNull(attributes?.isrc),
    title: attributes?.name ?? '',
    artists: artistNames.length > 0 ? artistNames : attributes?.artistName ? [attributes.artistName] : [],
    releaseTitle: attributes?.albumName ?? null,
    releaseDate: attributes?.releaseDate ?? null,
    upc: song.relationships?.albums?.data?.[0]?.attributes?.upc ?? null,
    durationSeconds: secondsFromMs(attributes?.durationInMillis),
    artworkUrl: artworkUrl(attributes?.artwork),
  };
}

/** Apple artwork URLs are templates; ask for the full-size image. */
function artworkUrl(artwork: AppleArtwork | undefined): string | null {
  if (!artwork?.url) return null;
  return artwork.url.replace('{w}', String(artwork.width ?? 3000)).replace('{h}', String(artwork.height ?? 3000));
}
