import { createHmac } from 'node:crypto';
import { HttpClient } from '../../../links/src/providers/HttpClient.ts';
import { ProviderError } from '../../../links/src/providers/ProviderError.ts';
import type { ProviderHttpOptions } from '../../../links/src/providers/providerHttpOptions.ts';
import { asNumber, asObject, asText } from './resultFields.ts';
import { describeStatus, statusKind } from './acrCloudStatus.ts';

/** The identification endpoint, as signed. */
export const IDENTIFY_PATH = '/v1/identify';

/** Options for {@link AcrCloudClient}. */
export interface AcrCloudClientOptions extends Partial<ProviderHttpOptions> {
  /** The project's host (`identify-eu-west-1.acrcloud.com`); a full `http(s)://host:port` URL is used as is (tests). */
  host: string;
  /** The project's access key. */
  accessKey: string;
  /** The project's access secret (signs requests, never sent). */
  accessSecret: string;
  /** The fetch implementation. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Clock for the signed timestamp, in milliseconds. @default Date.now */
  now?: () => number;
}

/** An identification answer: ACRCloud's JSON with status 0 (results) or 1001 (no result). */
export type AcrCloudResponse = Record<string, unknown>;

/**
 * ACRCloud's request signature (identification protocol v1):
 * base64(HMAC-SHA1(secret, "POST\n/v1/identify\n" + key + "\naudio\n1\n" + timestamp)).
 */
export function acrCloudSignature(accessSecret: string, accessKey: string, timestamp: string, dataType = 'audio'): string {
  const stringToSign = ['POST', IDENTIFY_PATH, accessKey, dataType, '1', timestamp].join('\n');
  return createHmac('sha1', accessSecret).update(stringToSign, 'utf8').digest('base64');
}

/**
 * ACRCloud's identification API (`POST https://<host>/v1/identify`, multipart):
 * the links subgraph's HttpClient gives timeouts, bounded retries with backoff
 * on timeouts, network errors, 429/502/503/504 (Retry-After honoured) and a
 * request rate; ACRCloud's own statuses, sent with HTTP 200, are sorted here:
 * 3003 "Limit exceeded" and 3000 (service error) are retried, 3001/3014
 * (key, signature) never, any other is a failure.
 */
export class AcrCloudClient {
  private readonly http: HttpClient;
  private readonly accessKey: string;
  private readonly accessSecret: string;
  private readonly now: () => number;

  constructor(options: AcrCloudClientOptions) {
    const { host, accessKey, accessSecret, fetch, now, ...limits } = options;
    this.http = new HttpClient({
      platform: 'ACRCLOUD',
      baseUrl: /^https?:\/\//.test(host) ? host : `https://${host}`,
      fetch,
      // An upload and a recognition take longer than a catalog lookup; ACRCloud publishes no rate, so stay modest.
      timeoutMs: 15_000,
      maxRetries: 2,
      concurrency: 2,
      requestsPerSecond: 2,
      ...limits,
    });
    this.accessKey = accessKey;
    this.accessSecret = accessSecret;
    this.now = now ?? Date.now;
  }

  /** Identifies an audio sample (ACRCloud advises 15 seconds or less, under 5 MB). Throws ProviderError. */
  async identify(sample: Uint8Array, options: { signal?: AbortSignal; fileName?: string } = {}): Promise<AcrCloudResponse> {
    const timestamp = String(Math.floor(this.now() / 1000));
    const form = new FormData();
    form.set('sample', new Blob([new Uint8Array(sample)]), options.fileName ?? 'sample');
    form.set('sample_bytes', String(sample.byteLength));
    form.set('access_key', this.accessKey);
    form.set('data_type', 'audio');
    form.set('signature_version', '1');
    form.set('signature', acrCloudSignature(this.accessSecret, this.accessKey, timestamp));
    form.set('timestamp', timestamp);
    const response = await this.http.request<AcrCloudResponse>(IDENTIFY_PATH, { method: 'POST', body: form, signal: options.signal, checkBody: statusError });
    return response.body;
  }
}

/** ACRCloud's status in a 200 answer, as a ProviderError when it is not a result. */
function statusError(body: unknown): ProviderError | null {
  const status = asObject(asObject(body)?.status);
  const code = asNumber(status?.code);
  if (code === null) return new ProviderError(`answer without status.code: ${JSON.stringify(body).slice(0, 100)}`, { platform: 'ACRCLOUD', code: 'MALFORMED_RESPONSE' });
  const message = describeStatus(code, asText(status?.msg) ?? undefined);
  switch (statusKind(code)) {
    case 'result':
      return null;
    case 'rate-limited':
      return new ProviderError(message, { platform: 'ACRCLOUD', code: 'RATE_LIMITED', retryable: true, rateLimited: true });
    case 'transient':
      return new ProviderError(message, { platform: 'ACRCLOUD', code: 'UNAVAILABLE', retryable: true });
    case 'auth':
      return new ProviderError(message, { platform: 'ACRCLOUD', code: 'UNAUTHORIZED' });
    default:
      return new ProviderError(message, { platform: 'ACRCLOUD', code: 'HTTP_ERROR' });
  }
}
