import { HttpClient } from './HttpClient.ts';
import { ProviderClientBase } from './ProviderClientBase.ts';
import { DEFAULT_PLATFORM_LIMITS, type ProviderHttpOptions } from './providerHttpOptions.ts';
import { missingSettings } from './missingSettings.ts';
import { expectShape } from './responseReading.ts';
import type { ProviderTrack, UpcLookupClient } from './types.ts';

/** Options for {@link DiscogsClient}. */
export interface DiscogsClientOptions {
  /** Personal access token (DISCOGS_TOKEN); the client is disabled without it. */
  token: string | null;
  /** Discogs API base URL. @default 'https://api.discogs.com' */
  apiUrl?: string;
  /** `User-Agent` header, which Discogs requires. @default 'Trackgraph/0.1.0' */
  userAgent?: string;
  /** Timeouts, retries and limits (Discogs allows 60 authenticated requests per minute). */
  http?: Partial<ProviderHttpOptions>;
}

interface DiscogsSearchHit {
  id: number;
  type?: string;
  title?: string;
  year?: string | number;
  cover_image?: string;
}

/**
 * Discogs API. Discogs catalogs releases, not recordings, and its search has no ISRC field, so
 * `lookupIsrcs` answers [] for every ISRC without a request; `lookupByUpc` finds releases by barcode.
 */
export class DiscogsClient extends ProviderClientBase implements UpcLookupClient {
  private readonly http: HttpClient;
  private readonly token: string | null;

  constructor(options: DiscogsClientOptions) {
    super({ platform: 'DISCOGS', batchSize: 1, disabledReason: missingSettings({ DISCOGS_TOKEN: options.token }) });
    this.token = options.token;
    this.http = new HttpClient({
      platform: 'DISCOGS',
      baseUrl: options.apiUrl ?? 'https://api.discogs.com',
      userAgent: options.userAgent,
      ...DEFAULT_PLATFORM_LIMITS.DISCOGS,
      ...options.http,
    });
  }

  /** Always [] per ISRC, without a request: Discogs cannot be searched by ISRC. */
  override async lookupIsrcs(isrcs: readonly string[]): Promise<ProviderTrack[][]> {
    return isrcs.map(() => []);
  }

  /** Releases whose barcode is each UPC/EAN, in input order (externalId is the release id). */
  async lookupByUpc(upcs: readonly string[], signal?: AbortSignal): Promise<ProviderTrack[][]> {
    this.assertEnabled();
    return Promise.all(upcs.map((upc) => this.searchBarcode(upc.replace(/\D/g, ''), signal)));
  }

  protected async lookupBatch(isrcs: string[]): Promise<Map<string, ProviderTrack[]>> {
    return new Map(isrcs.map((isrc) => [isrc, []]));
  }

  private async searchBarcode(barcode: string, signal?: AbortSignal): Promise<ProviderTrack[]> {
    if (barcode === '') return [];
    const { body } = await this.http.request('/database/search', {
      query: { barcode, type: 'release' },
      headers: { authorization: `Discogs token=${this.token}` },
      signal,
    });
    const page = expectShape<{ results: DiscogsSearchHit[] }>('DISCOGS', body, (b) => Array.isArray(b.results), '{ results: [] }');
    return page.results.filter((hit) => (hit.type ?? 'release') === 'release').map((hit) => toProviderTrack(hit, barcode));
  }
}

/** Search hits title releases "Artist - Title"; the split is at the first " - ", and "(2)"-style disambiguators are dropped. */
function toProviderTrack(hit: DiscogsSearchHit, barcode: string): ProviderTrack {
  const fullTitle = hit.title ?? '';
  const separator = fullTitle.indexOf(' - ');
  const artist = separator >= 0 ? fullTitle.slice(0, separator).replace(/ \(\d+\)$/, '') : null;
  const title = separator >= 0 ? fullTitle.slice(separator + 3) : fullTitle;
  const year = hit.year === undefined || hit.year === '' || hit.year === 0 || hit.year === '0' ? null : String(hit.year);
  return {
    platform: 'DISCOGS',
    externalId: String(hit.id),
    isrc: null,
    title,
    artists: artist ? [artist] : [],
    releaseTitle: title,
    releaseDate: year,
    upc: barcode,
    durationSeconds: null,
    // Discogs answers a placeholder "spacer" image for releases without artwork.
    artworkUrl: hit.cover_image && !hit.cover_image.includes('spacer.gif') ? hit.cover_image : null,
  };
}
