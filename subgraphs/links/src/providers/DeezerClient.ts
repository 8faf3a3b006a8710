import { HttpClient } from './HttpClient.ts';
import { ProviderClientBase } from './ProviderClientBase.ts';
import { ProviderError } from './ProviderError.ts';
import { DEFAULT_PLATFORM_LIMITS, type ProviderHttpOptions } from './providerHttpOptions.ts';
import { readDeezerList, type DeezerListTrack, type DeezerPlaylistInfo } from './deezerLists.ts';
import { getDeezer } from './deezerRequests.ts';
import { groupByIsrc } from './isrcBatches.ts';
import { upperOrNull } from './responseReading.ts';
import type { ProviderTrack } from './types.ts';

/** Options for {@link DeezerClient}. */
export interface DeezerClientOptions {
  /** Deezer API base URL. @default 'https://api.deezer.com' */
  apiUrl?: string;
  /** `User-Agent` header. @default 'Trackgraph/0.1.0' */
  userAgent?: string;
  /** Timeouts, retries and limits (Deezer allows about 50 requests per 5 seconds). */
  http?: Partial<ProviderHttpOptions>;
}

interface DeezerTrack {
  id: number | string;
  title: string;
  isrc?: string;
  duration?: number;
  release_date?: string;
  contributors?: { name: string }[];
  artist?: { name: string };
  album?: { title?: string; release_date?: string; cover_xl?: string; cover_big?: string };
}

/**
 * Deezer public API (no auth). `GET /track/isrc:<ISRC>` answers one ISRC per request (batchSize 1).
 * Charts, playlists and tracks by id serve the analytics collectors (docs/collectors.md).
 */
export class DeezerClient extends ProviderClientBase {
  private readonly http: HttpClient;

  constructor(options: DeezerClientOptions = {}) {
    super({ platform: 'DEEZER', batchSize: 1, disabledReason: null });
    this.http = new HttpClient({
      platform: 'DEEZER',
      baseUrl: options.apiUrl ?? 'https://api.deezer.com',
      userAgent: options.userAgent,
      ...DEFAULT_PLATFORM_LIMITS.DEEZER,
      ...options.http,
    });
  }

  protected async lookupBatch(isrcs: string[], signal?: AbortSignal): Promise<Map<string, ProviderTrack[]>> {
    const tracks = await Promise.all(isrcs.map((isrc) => this.lookupOne(isrc, signal)));
    return groupByIsrc(isrcs, tracks.flat());
  }

  private async lookupOne(isrc: string, signal?: AbortSignal): Promise<ProviderTrack[]> {
    const track = await this.getTrack(`/track/isrc:${isrc}`, signal);
    return track ? [track] : [];
  }

  /**
   * Tracks by Deezer id, in input order (null for an id Deezer does not know): one `GET /track/{id}`
   * each, which is where Deezer gives the ISRC. Not named `getTracks`: discovery would then take
   * Deezer for a platform with batched id lookups, which it is not.
   */
  async tracksById(ids: readonly string[], signal?: AbortSignal): Promise<(ProviderTrack | null)[]> {
    return Promise.all(ids.map((id) => this.getTrack(`/track/${encodeURIComponent(id)}`, signal)));
  }

  /** The tracks of chart `genreId` (0: all genres), best first, up to 100. Deezer picks the chart's market from the caller's location. */
  async chartTracks(genreId = 0, signal?: AbortSignal): Promise<DeezerListTrack[]> {
    return (await readDeezerList<DeezerListTrack>(this.http, `/chart/${genreId}/tracks?limit=100`, signal)) ?? [];
  }

  /** A playlist's name, cover and fans; null when Deezer does not know it. */
  async playlist(id: string, signal?: AbortSignal): Promise<DeezerPlaylistInfo | null> {
    const playlist = await getDeezer<DeezerPlaylistInfo>(this.http, `/playlist/${encodeURIComponent(id)}`, signal);
    if (playlist && typeof playlist.title !== 'string') throw malformed('a playlist');
    return playlist;
  }

  /** Every track of a playlist in order, all pages read; null when Deezer does not know it. */
  async playlistTracks(id: string, signal?: AbortSignal): Promise<DeezerListTrack[] | null> {
    return readDeezerList<DeezerListTrack>(this.http, `/playlist/${encodeURIComponent(id)}/tracks`, signal);
  }

  /** The public playlists of a Deezer user, all pages read; null when Deezer does not know the user. */
  async userPlaylists(userId: string, signal?: AbortSignal): Promise<DeezerPlaylistInfo[] | null> {
    return readDeezerList<DeezerPlaylistInfo>(this.http, `/user/${encodeURIComponent(userId)}/playlists?limit=100`, signal);
  }

  private async getTrack(path: string, signal?: AbortSignal): Promise<ProviderTrack | null> {
    const body = await getDeezer<DeezerTrack>(this.http, path, signal);
    if (body === null) return null;
    if (body.id === undefined || typeof body.title !== 'string') throw malformed('a track');
    return toProviderTrack(body);
  }
}

function malformed(what: string): ProviderError {
  return new ProviderError(`unexpected response shape: expected ${what}`, { platform: 'DEEZER', code: 'MALFORMED_RESPONSE', status: 200 });
}

function toProviderTrack(track: DeezerTrack): ProviderTrack {
  const contributors = (track.contributors ?? []).map((contributor) => contributor.name);
  return {
    platform: 'DEEZER',
    externalId: String(track.id),
    isrc: upperOrNull(track.isrc),
    title: track.title,
    artists: contributors.length > 0 ? contributors : track.artist ? [track.artist.name] : [],
    releaseTitle: track.album?.title ?? null,
    releaseDate: track.album?.release_date ?? track.release_date ?? null,
    upc: null,
    durationSeconds: typeof track.duration === 'number' ? track.duration : null,
    artworkUrl: track.album?.cover_xl ?? track.album?.cover_big ?? null,
  };
}
