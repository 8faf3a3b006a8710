import { HttpClient } from './HttpClient.ts';
import { ProviderClientBase } from './ProviderClientBase.ts';
import { DEFAULT_PLATFORM_LIMITS, type ProviderHttpOptions } from './providerHttpOptions.ts';
import { groupByIsrc } from './isrcBatches.ts';
import { expectShape, secondsFromMs } from './responseReading.ts';
import type { ProviderTrack } from './types.ts';

/** Default `User-Agent`; MusicBrainz asks for an application name, version and a way to reach its operator. */
export const DEFAULT_MUSICBRAINZ_USER_AGENT = 'Trackgraph/0.1.0 ( contact@example.invalid; set MUSICBRAINZ_USER_AGENT )';

/** ISRCs per recording search: keeps one page of 100 results enough for nearly every batch. */
export const MUSICBRAINZ_ISRCS_PER_REQUEST = 25;

/** MusicBrainz search's documented maximum page size. */
const PAGE_SIZE = 100;
/** Pages read per batch at most, so a pathological ISRC cannot page forever. */
const MAX_PAGES = 5;

/** Options for {@link MusicBrainzClient}. */
export interface MusicBrainzClientOptions {
  /** WS/2 base URL. @default 'https://musicbrainz.org' */
  apiUrl?: string;
  /** `User-Agent` naming the application and a contact; MusicBrainz blocks anonymous clients. @default DEFAULT_MUSICBRAINZ_USER_AGENT */
  userAgent?: string;
  /** Timeouts, retries and limits (MusicBrainz allows one request per second). */
  http?: Partial<ProviderHttpOptions>;
}

interface MusicBrainzRecording {
  id: string;
  title: string;
  length?: number | null;
  isrcs?: string[];
  'first-release-date'?: string;
  'artist-credit'?: { name: string; artist?: { name?: string } }[];
  releases?: { title?: string; date?: string; barcode?: string | null }[];
}

interface MusicBrainzSearchPage {
  count: number;
  offset: number;
  recordings: MusicBrainzRecording[];
}

/**
 * MusicBrainz WS/2. At one request per second, `GET /ws/2/isrc/<ISRC>` (one ISRC per request)
 * would take 25 s for 25 ISRCs, so this client searches `isrc:A OR isrc:B …` instead: one request
 * answers the batch, search results carry each recording's `isrcs` (so hits map back exactly and
 * nothing fuzzy slips in), and a further page is read only when more than 100 recordings match.
 * The search index trails edits by minutes, which is acceptable for link discovery.
 */
export class MusicBrainzClient extends ProviderClientBase {
  private readonly http: HttpClient;

  constructor(options: MusicBrainzClientOptions = {}) {
    super({ platform: 'MUSICBRAINZ', batchSize: MUSICBRAINZ_ISRCS_PER_REQUEST, disabledReason: null });
    this.http = new HttpClient({
      platform: 'MUSICBRAINZ',
      baseUrl: options.apiUrl ?? 'https://musicbrainz.org',
      userAgent: options.userAgent ?? DEFAULT_MUSICBRAINZ_USER_AGENT,
      ...DEFAULT_PLATFORM_LIMITS.MUSICBRAINZ,
      ...options.http,
    });
  }

  protected async lookupBatch(isrcs: string[], signal?: AbortSignal): Promise<Map<string, ProviderTrack[]>> {
    const requested = new Set(isrcs);
    const query = isrcs.map((isrc) => `isrc:${isrc}`).join(' OR ');
    const tracks: ProviderTrack[] = [];
    for (let offset = 0, page = 0; page < MAX_PAGES; page += 1) {
      const { body } = await this.http.request('/ws/2/recording', {
        query: { query, fmt: 'json', limit: String(PAGE_SIZE), offset: String(offset) },
        signal,
      });
      const result = expectShape<MusicBrainzSearchPage>(
        'MUSICBRAINZ', body, (b) => Array.isArray(b.recordings), '{ recordings: [] }',
      );
      for (const recording of result.recordings) tracks.push(...toProviderTracks(recording, requested));
      offset += result.recordings.length;
      if (result.recordings.length === 0 || offset >= result.count) break;
    }
    return groupByIsrc(isrcs, tracks);
  }
}

/** One track per requested ISRC the recording carries. */
function toProviderTracks(recording: MusicBrainzRecording, requested: ReadonlySet<string>): ProviderTrack[] {
  const release = recording.releases?.[0];
  const isrcs = (recording.isrcs ?? []).map((isrc) => isrc.toUpperCase()).filter((isrc) => requested.has(isrc));
  return isrcs.map((isrc) => ({
    platform: 'MUSICBRAINZ',
    externalId: recording.id,
    isrc,
    title: recording.title,
    artists: (recording['artist-credit'] ?? []).map((credit) => credit.name),
    releaseTitle: release?.title ?? null,
    releaseDate: recording['first-release-date'] || release?.date || null,
    upc: release?.barcode || null,
    durationSeconds: secondsFromMs(recording.length),
    artworkUrl: null,
  }));
}
