import { HttpClient } from './HttpClient.ts';
import { ProviderClientBase } from './ProviderClientBase.ts';
import { DEFAULT_PLATFORM_LIMITS, type ProviderHttpOptions } from './providerHttpOptions.ts';
import { TokenCache } from './TokenCache.ts';
import { requestWithBearer } from './bearerRequest.ts';
import { groupByIsrc } from './isrcBatches.ts';
import { missingSettings } from './missingSettings.ts';
import { expectShape, secondsFromMs, upperOrNull } from './responseReading.ts';
import type { ProviderTrack } from './types.ts';

/** Options for {@link BeatportClient}. */
export interface BeatportClientOptions {
  /** Partner client id (BEATPORT_CLIENT_ID); the client is disabled without it. */
  clientId: string | null;
  /** Partner client secret (BEATPORT_CLIENT_SECRET); the client is disabled without it. */
  clientSecret: string | null;
  /** Beatport API base URL; the token endpoint is `<apiUrl>/v4/auth/o/token/`. @default 'https://api.beatport.com' */
  apiUrl?: string;
  /** `User-Agent` header. @default 'Trackgraph/0.1.0' */
  userAgent?: string;
  /** Timeouts, retries and limits. */
  http?: Partial<ProviderHttpOptions>;
}

interface BeatportImage {
  uri?: string;
}

interface BeatportTrack {
  id: number | string;
  name: string;
  mix_name?: string | null;
  isrc?: string | null;
  length_ms?: number | null;
  new_release_date?: string | null;
  publish_date?: string | null;
  artists?: { name: string }[];
  release?: { name?: string; image?: BeatportImage };
}

/** Beatport's default mix name, left out of titles as Beatport's own store pages do. */
const ORIGINAL_MIX = 'Original Mix';

/** Beatport API v4 catalog. `GET /v4/catalog/tracks/?isrc=` filters on one ISRC (batchSize 1). */
export class BeatportClient extends ProviderClientBase {
  private readonly http: HttpClient;
  private readonly tokens: TokenCache | null;

  constructor(options: BeatportClientOptions) {
    const { clientId, clientSecret } = options;
    super({
      platform: 'BEATPORT',
      batchSize: 1,
      disabledReason: missingSettings({ BEATPORT_CLIENT_ID: clientId, BEATPORT_CLIENT_SECRET: clientSecret }),
    });
    const apiUrl = (options.apiUrl ?? 'https://api.beatport.com').replace(/\/+$/, '');
    this.http = new HttpClient({
      platform: 'BEATPORT',
      baseUrl: apiUrl,
      userAgent: options.userAgent,
      ...DEFAULT_PLATFORM_LIMITS.BEATPORT,
      ...options.http,
    });
    this.tokens = clientId && clientSecret
      ? new TokenCache({ http: this.http, tokenUrl: `${apiUrl}/v4/auth/o/token/`, clientId, clientSecret })
      : null;
  }

  protected async lookupBatch(isrcs: string[], signal?: AbortSignal): Promise<Map<string, ProviderTrack[]>> {
    const pages = await Promise.all(isrcs.map(async (isrc) => {
      const { body } = await requestWithBearer(this.http, this.tokens!, '/v4/catalog/tracks/', { query: { isrc }, signal });
      const page = expectShape<{ results: BeatportTrack[] }>('BEATPORT', body, (b) => Array.isArray(b.results), '{ results: [] }');
      return page.results.map(toProviderTrack);
    }));
    return groupByIsrc(isrcs, pages.flat());
  }
}

function toProviderTrack(track: BeatportTrack): ProviderTrack {
  const mix = track.mix_name?.trim();
  return {
    platform: 'BEATPORT',
    externalId: String(track.id),
    isrc: upperOrNull(track.isrc),
    title: mix && mix !== ORIGINAL_MIX ? `${track.name} (${mix})` : track.name,
    artists: (track.artists ?? []).map((artist) => artist.name),
    releaseTitle: track.release?.name ?? null,
    releaseDate: track.new_release_date ?? track.publish_date ?? null,
    upc: null,
    durationSeconds: secondsFromMs(track.length_ms),
    artworkUrl: track.release?.image?.uri ?? null,
  };
}
