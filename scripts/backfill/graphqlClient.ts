import { ApiError } from './errors.ts';
import { parseRetryAfter, retryDelay, RETRYABLE_CODES, RETRYABLE_STATUSES, sleep, type RetryOptions } from './retry.ts';
import type { ResolveStatus } from './rowResult.ts';

/** One `ResolveResult` as the API returns it. */
export interface ApiResolveResult {
  input: string;
  status: ResolveStatus;
  reason: string | null;
  track: { id: string; isrc: string; title: string } | null;
  links: { source: string; externalId: string; url: string }[];
}

/** `ResolveTracksPayload` as the API returns it. */
export interface ResolvePayload {
  results: ApiResolveResult[];
  partial: boolean;
  processed: number;
  creditsUsed: number;
  creditsRemaining: number;
  message: string | null;
}

/** One `SearchHit`. */
export interface SearchHit {
  score: number;
  track: { isrc: string; title: string };
}

/** Options for {@link createBackfillClient}. */
export interface BackfillClientOptions {
  /** The GraphQL endpoint, e.g. `http://localhost:4000/graphql`. */
  url: string;
  /** The API key (`sk_…`), sent as `Authorization: Bearer`; resolveTracks charges its account. */
  key?: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  retry?: RetryOptions;
}

/** The two operations the backfill sends. */
export interface BackfillClient {
  /** `resolveTracks(inputType: ISRC)` for up to 100 ISRCs; one result per ISRC, in order. */
  resolveIsrcs(isrcs: readonly string[], signal?: AbortSignal): Promise<ResolvePayload>;
  /** The best `searchTracks` hit for an artist and title, or null when there is none. */
  searchBest(artist: string | null, title: string, signal?: AbortSignal): Promise<SearchHit | null>;
  /** Any other operation: its `data[field]` (its whole `data` when `field` is `''`), with the same auth header, retries and errors. */
  request<T>(query: string, variables: Record<string, unknown>, field: string, signal?: AbortSignal): Promise<T>;
  /** HTTP requests sent so far, retries included. */
  readonly requests: number;
}

const RESOLVE = `mutation Backfill($items: [ResolveItemInput!]!) {
  resolveTracks(inputType: ISRC, items: $items) {
    results { input status reason track { id isrc title } links { source externalId url } }
    partial processed creditsUsed creditsRemaining message
  }
}`;

const SEARCH = `query BackfillSearch($artist: String, $title: String) {
  searchTracks(artist: $artist, title: $title, limit: 1) { score track { isrc title } }
}`;

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message?: string; extensions?: { code?: string; retryAfterSeconds?: number } }[];
}

/** A GraphQL client over global fetch that retries 429/503 (and RATE_LIMITED / SERVICE_UNAVAILABLE) with backoff, honouring `Retry-After`. */
export function createBackfillClient(options: BackfillClientOptions): BackfillClient {
  const doFetch = options.fetch ?? globalThis.fetch;
  const { maxAttempts = 6 } = options.retry ?? {};
  const wait = options.retry?.sleep ?? sleep;
  let requests = 0;

  async function send<T>(query: string, variables: Record<string, unknown>, field: string, signal?: AbortSignal): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      requests++;
      try {
        response = await doFetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...(options.key ? { authorization: `Bearer ${options.key}` } : {}) },
          body: JSON.stringify({ query, variables }),
        });
      } catch (error) {
        // Not retried: a dropped connection may have been charged, and the checkpoint makes a rerun cheap.
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        throw new ApiError('NETWORK_ERROR', `${options.url} did not answer (${cause ?? (error as Error).message})`);
      }
      const body = (await response.json().catch(() => null)) as GraphQLBody | null;
      const first = body?.errors?.[0];
      const code = first?.extensions?.code ?? `HTTP_${response.status}`;
      const retryable = RETRYABLE_STATUSES.has(response.status) || RETRYABLE_CODES.has(code);
      if (retryable && attempt < maxAttempts) {
        const serverSeconds = first?.extensions?.retryAfterSeconds;
        const serverMs = parseRetryAfter(response.headers.get('retry-after')) ?? (typeof serverSeconds === 'number' ? serverSeconds * 1000 : null);
        await wait(retryDelay(attempt, serverMs, options.retry), signal);
        continue;
      }
      if (first) throw new ApiError(code, `${first.message ?? 'GraphQL error'}${retryable ? ` (gave up after ${attempt} attempts)` : ''}`, response.status);
      if (!response.ok) throw new ApiError(code, `HTTP ${response.status} ${response.statusText}`.trim(), response.status);
      // An empty `field` asks for the whole `data` (operations with several root fields or aliases).
      const value = field ? body?.data?.[field] : body?.data;
      if (value === undefined || value === null) throw new ApiError('BAD_RESPONSE', `the answer has no data.${field}`, response.status);
      return value as T;
    }
  }

  return {
    get requests() {
      return requests;
    },
    request: send,
    async resolveIsrcs(isrcs, signal) {
      const payload = await send<ResolvePayload>(RESOLVE, { items: isrcs.map((isrc) => ({ isrc })) }, 'resolveTracks', signal);
      if (!Array.isArray(payload.results) || payload.results.length !== isrcs.length) {
        throw new ApiError('BAD_RESPONSE', `resolveTracks answered ${payload.results?.length ?? 'no'} results for ${isrcs.length} items`);
      }
      return payload;
    },
    async searchBest(artist, title, signal) {
      const hits = await send<SearchHit[]>(SEARCH, { artist, title }, 'searchTracks', signal);
      return hits[0] ?? null;
    },
  };
}
