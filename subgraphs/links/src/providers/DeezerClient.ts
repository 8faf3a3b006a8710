import { HttpClient } from './HttpClient.ts';
import { ProviderClientBase } from './ProviderClientBase.ts';
import { ProviderError } from './ProviderError.ts';
import { DEFAULT_PLATFORM_LIMITS, type ProviderHttpOptions } from './providerHttpOptions.ts';
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

interface DeezerErrorBody {
  error?: { type?: string; message?: string; code?: number };
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

/** Deezer error codes: 4 is the request quota, 700 "service busy", 800 "no data". */
const QUOTA_EXCEEDED = 4;
const SERVICE_BUSY = 700;
const DATA_NOT_FOUND = 800;

/** Deezer public API (no auth). `GET /track/isrc:<ISRC>` answers one ISRC per request (batchSize 1). */
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
    const { body } = await this.http.request<DeezerTrack & DeezerErrorBody>(`/track/isrc:${isrc}`, {
      signal,
      checkBody: (parsed) => quotaError(parsed),
    });
    if (body?.error?.code === DATA_NOT_FOUND) return [];
    if (body?.error) {
      throw new ProviderError(`error ${body.error.code} ${body.error.type}: ${body.error.message}`, {
        platform: 'DEEZER', code: 'HTTP_ERROR', status: 200,
      });
    }
    if (!body || body.id === undefined || typeof body.title !== 'string') {
      throw new ProviderError('unexpected response shape: expected a track', { platform: 'DEEZER', code: 'MALFORMED_RESPONSE', status: 200 });
    }
    return [toProviderTrack(body)];
  }
}

/** Deezer reports its quota and overload as HTTP 200 with an error body; make them retryable failures. */
function quotaError(body: unknown): ProviderError | null {
  const code = (body as DeezerErrorBody | null)?.error?.code;
  if (code !== QUOTA_EXCEEDED && code !== SERVICE_BUSY) return null;
  return new ProviderError(`error ${code}: ${(body as DeezerErrorBody).error?.message ?? ''}`, {
    platform: 'DEEZER',
    code: code === QUOTA_EXCEEDED ? 'RATE_LIMITED' : 'UNAVAILABLE',
    status: 200,
    retryable: true,
    rateLimited: code === QUOTA_EXCEEDED,
  });
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
