import { HttpClient } from './HttpClient.ts';
import { ProviderClientBase } from './ProviderClientBase.ts';
import { DEFAULT_PLATFORM_LIMITS, type ProviderHttpOptions } from './providerHttpOptions.ts';
import { TokenCache } from './TokenCache.ts';
import { requestWithBearer } from './bearerRequest.ts';
import { chunk, groupByIsrc } from './isrcBatches.ts';
import { missingSettings } from './missingSettings.ts';
import { expectShape, largestImageUrl, secondsFromMs, upperOrNull, type SizedImage } from './responseReading.ts';
import { readSpotifyPlaylist, type SpotifyPlaylist } from './spotifyPlaylists.ts';
import type { ProviderTrack, TrackIdLookupClient } from './types.ts';

/** Spotify's documented maximum ids per `GET /v1/tracks` request. */
export const SPOTIFY_TRACKS_PER_REQUEST = 50;

/** Options for {@link SpotifyClient}. */
export interface SpotifyClientOptions {
  /** App client id (SPOTIFY_CLIENT_ID); the client is disabled without it. */
  clientId: string | null;
  /** App client secret (SPOTIFY_CLIENT_SECRET); the client is disabled without it. */
  clientSecret: string | null;
  /** Web API base URL. @default 'https://api.spotify.com' */
  apiUrl?: string;
  /** Token endpoint for the client-credentials grant. @default 'https://accounts.spotify.com/api/token' */
  authUrl?: string;
  /** `User-Agent` header. @default 'Trackgraph/0.1.0' */
  userAgent?: string;
  /** Timeouts, retries and limits. */
  http?: Partial<ProviderHttpOptions>;
}

interface SpotifyTrack {
  id: string;
  name: string;
  duration_ms?: number;
  external_ids?: { isrc?: string };
  artists?: { name: string }[];
  album?: { name?: string; release_date?: string; images?: SizedImage[]; external_ids?: { upc?: string } };
}

/**
 * Spotify Web API. Search accepts one `isrc:` filter per query, so each ISRC costs one
 * `GET /v1/search` (batchSize 1); `getTracks` fetches tracks by id, 50 per request, with their ISRCs.
 */
export class SpotifyClient extends ProviderClientBase implements TrackIdLookupClient {
  /** Most ids per `GET /v1/tracks` request. */
  readonly idBatchSize = SPOTIFY_TRACKS_PER_REQUEST;
  private readonly http: HttpClient;
  private readonly tokens: TokenCache | null;

  constructor(options: SpotifyClientOptions) {
    const { clientId, clientSecret } = options;
    super({
      platform: 'SPOTIFY',
      batchSize: 1,
      disabledReason: missingSettings({ SPOTIFY_CLIENT_ID: clientId, SPOTIFY_CLIENT_SECRET: clientSecret }),
    });
    this.http = new HttpClient({
      platform: 'SPOTIFY',
      baseUrl: options.apiUrl ?? 'https://api.spotify.com',
      userAgent: options.userAgent,
      ...DEFAULT_PLATFORM_LIMITS.SPOTIFY,
      ...options.http,
    });
    this.tokens = clientId && clientSecret
      ? new TokenCache({ http: this.http, tokenUrl: options.authUrl ?? 'https://accounts.spotify.com/api/token', clientId, clientSecret })
      : null;
  }

  /** Tracks by Spotify id, in input order; null for an id Spotify does not know. */
  async getTracks(ids: readonly string[], signal?: AbortSignal): Promise<(ProviderTrack | null)[]> {
    this.assertEnabled();
    const pages = await Promise.all(
      chunk(ids, SPOTIFY_TRACKS_PER_REQUEST).map(async (page) => {
        const { body } = await requestWithBearer(this.http, this.tokens!, '/v1/tracks', { query: { ids: page.join(',') }, signal });
        const { tracks } = expectShape<{ tracks: (SpotifyTrack | null)[] }>('SPOTIFY', body, (b) => Array.isArray(b.tracks), '{ tracks: [] }');
        return tracks.map((track) => (track ? toProviderTrack(track) : null));
      }),
    );
    return pages.flat();
  }

  /** A playlist's name, cover, followers and every entry with its ISRC (see spotifyPlaylists.ts); null when Spotify does not know it. */
  async playlist(id: string, signal?: AbortSignal): Promise<SpotifyPlaylist | null> {
    this.assertEnabled();
    return readSpotifyPlaylist((path, options) => requestWithBearer(this.http, this.tokens!, path, options), id, signal);
  }

  protected async lookupBatch(isrcs: string[], signal?: AbortSignal): Promise<Map<string, ProviderTrack[]>> {
    const tracks = await Promise.all(isrcs.map((isrc) => this.search(isrc, signal)));
    return groupByIsrc(isrcs, tracks.flat());
  }

  private async search(isrc: string, signal?: AbortSignal): Promise<ProviderTrack[]> {
    const { body } = await requestWithBearer(this.http, this.tokens!, '/v1/search', {
      query: { q: `isrc:${isrc}`, type: 'track' },
      signal,
    });
    const result = expectShape<{ tracks: { items: SpotifyTrack[] } }>(
      'SPOTIFY', body, (b) => Array.isArray(b.tracks?.items), '{ tracks: { items: [] } }',
    );
    return result.tracks.items.map(toProviderTrack);
  }
}

function toProviderTrack(track: SpotifyTrack): ProviderTrack {
  return {
    platform: 'SPOTIFY',
    externalId: track.id,
    isrc: upperOrNull(track.external_ids?.isrc),
    title: track.name,
    artists: (track.artists ?? []).map((artist) => artist.name),
    releaseTitle: track.album?.name ?? null,
    releaseDate: track.album?.release_date ?? null,
    upc: track.album?.external_ids?.upc ?? null,
    durationSeconds: secondsFromMs(track.duration_ms),
    artworkUrl: largestImageUrl(track.album?.images),
  };
}
