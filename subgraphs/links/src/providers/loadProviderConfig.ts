import { readFileSync } from 'node:fs';
import type { AppleMusicClientOptions } from './AppleMusicClient.ts';
import type { BeatportClientOptions } from './BeatportClient.ts';
import type { DeezerClientOptions } from './DeezerClient.ts';
import type { DiscogsClientOptions } from './DiscogsClient.ts';
import { DEFAULT_MUSICBRAINZ_USER_AGENT, type MusicBrainzClientOptions } from './MusicBrainzClient.ts';
import type { SpotifyClientOptions } from './SpotifyClient.ts';
import type { TidalClientOptions } from './TidalClient.ts';
import { DEFAULT_HTTP_OPTIONS, DEFAULT_PLATFORM_LIMITS, type ProviderHttpOptions } from './providerHttpOptions.ts';
import type { ProviderPlatform } from './types.ts';

/** Options for every platform client, as read from the environment. */
export interface ProviderConfig {
  /** Spotify Web API. */
  spotify: SpotifyClientOptions;
  /** Apple Music API. */
  appleMusic: AppleMusicClientOptions;
  /** Deezer API. */
  deezer: DeezerClientOptions;
  /** TIDAL API v2. */
  tidal: TidalClientOptions;
  /** MusicBrainz WS/2. */
  musicBrainz: MusicBrainzClientOptions;
  /** Beatport API v4. */
  beatport: BeatportClientOptions;
  /** Discogs API. */
  discogs: DiscogsClientOptions;
}

/** Environment variables, as in `process.env`. */
export type ProviderEnv = Record<string, string | undefined>;

/** Default `User-Agent` for every platform except MusicBrainz (PROVIDER_USER_AGENT). */
export const DEFAULT_PROVIDER_USER_AGENT = 'Trackgraph/0.1.0';

/**
 * Reads every platform's settings from `env` (see the table in this folder's README.md).
 * Base URLs default to the real platforms. Missing credentials leave a client disabled, not an error;
 * a malformed number, or an APPLE_MUSIC_PRIVATE_KEY that is neither PEM nor a readable file, throws.
 */
export function loadProviderConfig(env: ProviderEnv = process.env): ProviderConfig {
  const userAgent = text(env, 'PROVIDER_USER_AGENT') ?? DEFAULT_PROVIDER_USER_AGENT;
  return {
    spotify: {
      clientId: text(env, 'SPOTIFY_CLIENT_ID'),
      clientSecret: text(env, 'SPOTIFY_CLIENT_SECRET'),
      apiUrl: text(env, 'SPOTIFY_API_URL') ?? 'https://api.spotify.com',
      authUrl: text(env, 'SPOTIFY_AUTH_URL') ?? 'https://accounts.spotify.com/api/token',
      userAgent,
      http: httpOptions(env, 'SPOTIFY'),
    },
    appleMusic: {
      teamId: text(env, 'APPLE_MUSIC_TEAM_ID'),
      keyId: text(env, 'APPLE_MUSIC_KEY_ID'),
      privateKey: privateKey(text(env, 'APPLE_MUSIC_PRIVATE_KEY')),
      storefront: text(env, 'APPLE_MUSIC_STOREFRONT') ?? 'us',
      apiUrl: text(env, 'APPLE_MUSIC_API_URL') ?? 'https://api.music.apple.com',
      userAgent,
      http: httpOptions(env, 'APPLE_MUSIC'),
    },
    deezer: {
      apiUrl: text(env, 'DEEZER_API_URL') ?? 'https://api.deezer.com',
      userAgent,
      http: httpOptions(env, 'DEEZER'),
    },
    tidal: {
      clientId: text(env, 'TIDAL_CLIENT_ID'),
      clientSecret: text(env, 'TIDAL_CLIENT_SECRET'),
      countryCode: text(env, 'TIDAL_COUNTRY_CODE') ?? 'US',
      apiUrl: text(env, 'TIDAL_API_URL') ?? 'https://openapi.tidal.com',
      authUrl: text(env, 'TIDAL_AUTH_URL') ?? 'https://auth.tidal.com/v1/oauth2/token',
      userAgent,
      http: httpOptions(env, 'TIDAL'),
    },
    musicBrainz: {
      apiUrl: text(env, 'MUSICBRAINZ_API_URL') ?? 'https://musicbrainz.org',
      userAgent: text(env, 'MUSICBRAINZ_USER_AGENT') ?? DEFAULT_MUSICBRAINZ_USER_AGENT,
      http: httpOptions(env, 'MUSICBRAINZ'),
    },
    beatport: {
      clientId: text(env, 'BEATPORT_CLIENT_ID'),
      clientSecret: text(env, 'BEATPORT_CLIENT_SECRET'),
      apiUrl: text(env, 'BEATPORT_API_URL') ?? 'https://api.beatport.com',
      userAgent,
      http: httpOptions(env, 'BEATPORT'),
    },
    discogs: {
      token: text(env, 'DISCOGS_TOKEN'),
      apiUrl: text(env, 'DISCOGS_API_URL') ?? 'https://api.discogs.com',
      userAgent,
      http: httpOptions(env, 'DISCOGS'),
    },
  };
}

/** `<PLATFORM>_…` overrides, then `PROVIDER_…` values, then defaults. */
function httpOptions(env: ProviderEnv, platform: ProviderPlatform): ProviderHttpOptions {
  const setting = (suffix: string, kind: NumberKind, fallback: number): number =>
    number(env, `${platform}_${suffix}`, kind) ?? number(env, `PROVIDER_${suffix}`, kind) ?? fallback;
  const limits = DEFAULT_PLATFORM_LIMITS[platform];
  return {
    timeoutMs: setting('TIMEOUT_MS', 'positive', DEFAULT_HTTP_OPTIONS.timeoutMs),
    maxRetries: setting('MAX_RETRIES', 'count', DEFAULT_HTTP_OPTIONS.maxRetries),
    maxRetryWaitMs: setting('MAX_RETRY_WAIT_MS', 'count', DEFAULT_HTTP_OPTIONS.maxRetryWaitMs),
    retryBaseDelayMs: setting('RETRY_BASE_DELAY_MS', 'count', DEFAULT_HTTP_OPTIONS.retryBaseDelayMs),
    concurrency: number(env, `${platform}_CONCURRENCY`, 'positiveInteger') ?? limits.concurrency,
    requestsPerSecond: number(env, `${platform}_REQUESTS_PER_SECOND`, 'positive') ?? limits.requestsPerSecond,
  };
}

type NumberKind = 'positive' | 'positiveInteger' | 'count';

function number(env: ProviderEnv, name: string, kind: NumberKind): number | null {
  const raw = text(env, name);
  if (raw === null) return null;
  const value = Number(raw);
  const valid = kind === 'positive'
    ? Number.isFinite(value) && value > 0
    : Number.isInteger(value) && (kind === 'count' ? value >= 0 : value > 0);
  if (!valid) {
    const expected = { positive: 'a positive number', positiveInteger: 'a positive integer', count: 'a whole number ≥ 0' }[kind];
    throw new TypeError(`${name} must be ${expected}, got "${raw}"`);
  }
  return value;
}

function text(env: ProviderEnv, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

/** PEM text as is (with literal "\n" sequences unescaped, as .env files often hold them), or a .p8 file's contents. */
function privateKey(value: string | null): string | null {
  if (value === null) return null;
  if (value.includes('-----BEGIN')) return value.replace(/\\n/g, '\n');
  try {
    return readFileSync(value, 'utf8');
  } catch (error) {
    throw new TypeError(`APPLE_MUSIC_PRIVATE_KEY is neither PEM text nor a readable .p8 file path: ${(error as Error).message}`);
  }
}
