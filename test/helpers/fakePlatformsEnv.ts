import { randomBytes } from 'node:crypto';
import { exportPKCS8, generateKeyPair } from 'jose';
import type { FakeProviderServer } from '../links/providers/fakes/FakeProviderServer.ts';
import { startFakeAppleMusic } from '../links/providers/fakes/fakeAppleMusic.ts';
import { startFakeDeezer } from '../links/providers/fakes/fakeDeezer.ts';
import { startFakeMusicBrainz } from '../links/providers/fakes/fakeMusicBrainz.ts';
import { SPOTIFY_TOKEN_PATH, startFakeSpotify } from '../links/providers/fakes/fakeSpotify.ts';
import { TIDAL_TOKEN_PATH, startFakeTidal } from '../links/providers/fakes/fakeTidal.ts';

/** The platforms {@link startFakePlatformsEnv} fakes (Beatport and Discogs stay unconfigured). */
export const FAKED_PLATFORMS = ['SPOTIFY', 'APPLE_MUSIC', 'DEEZER', 'TIDAL', 'MUSICBRAINZ'] as const;
export type FakedPlatform = (typeof FAKED_PLATFORMS)[number];

/** Which ISRCs each fake platform carries (besides the fakes' own recorded ones). */
export type FakeCatalogs = Partial<Record<FakedPlatform, readonly string[]>>;

/** Running fake platforms and the environment variables that point the real clients at them. */
export interface FakePlatformsEnv {
  /**
   * Every variable the links subgraph needs to ask the fakes: base URLs, token URLs, credentials,
   * the Apple Music key as PEM text, fast retries and high rate limits. Nothing for Beatport or
   * Discogs, so those show as disabled. Discovery itself (DISCOVERY_*) is left to the caller.
   */
  env: Record<string, string>;
  /** The fake servers by platform (request logs, `failNext`, `latencyMs`). */
  servers: Record<FakedPlatform, FakeProviderServer>;
  /** Lookup requests each platform received so far (token requests excluded). */
  requests(): Record<FakedPlatform, number>;
  /** Stops every fake. */
  close(): Promise<void>;
}

const TOKEN_PATHS = new Set([SPOTIFY_TOKEN_PATH, TIDAL_TOKEN_PATH]);
const APPLE_TEAM_ID = 'TEAM123456';
const APPLE_KEY_ID = 'KEY9876543';

/**
 * A fresh, valid ISRC no one has used before (`QZ`, a random registrant, a random year and number),
 * so tests sharing a Redis cache across runs never see each other's answers.
 */
export function uniqueIsrc(): string {
  const registrant = randomBytes(2).toString('hex').toUpperCase().slice(0, 3);
  const digits = String(randomBytes(4).readUInt32BE(0) % 10_000_000).padStart(7, '0');
  return `QZ${registrant}${digits}`;
}

/**
 * Starts fake Spotify, Apple Music, Deezer, TIDAL and MusicBrainz servers carrying `catalogs`, and
 * returns the environment that configures the real platform clients against them (the config path
 * `npm start` uses: `loadProviderConfig(env)`).
 */
export async function startFakePlatformsEnv(catalogs: FakeCatalogs = {}): Promise<FakePlatformsEnv> {
  const keys = await generateKeyPair('ES256', { extractable: true });
  const [spotify, apple, deezer, tidal, musicBrainz] = await Promise.all([
    startFakeSpotify({ isrcs: catalogs.SPOTIFY ?? [] }),
    startFakeAppleMusic({ teamId: APPLE_TEAM_ID, keyId: APPLE_KEY_ID, publicKey: keys.publicKey, isrcs: catalogs.APPLE_MUSIC ?? [] }),
    startFakeDeezer({ isrcs: catalogs.DEEZER ?? [] }),
    startFakeTidal({ isrcs: catalogs.TIDAL ?? [] }),
    startFakeMusicBrainz({ isrcs: catalogs.MUSICBRAINZ ?? [] }),
  ]);
  const servers: Record<FakedPlatform, FakeProviderServer> = {
    SPOTIFY: spotify.server,
    APPLE_MUSIC: apple.server,
    DEEZER: deezer,
    TIDAL: tidal.server,
    MUSICBRAINZ: musicBrainz,
  };
  const env: Record<string, string> = {
    SPOTIFY_CLIENT_ID: spotify.oauth.clientId,
    SPOTIFY_CLIENT_SECRET: spotify.oauth.clientSecret,
    SPOTIFY_API_URL: spotify.server.url,
    SPOTIFY_AUTH_URL: `${spotify.server.url}${SPOTIFY_TOKEN_PATH}`,
    APPLE_MUSIC_TEAM_ID: APPLE_TEAM_ID,
    APPLE_MUSIC_KEY_ID: APPLE_KEY_ID,
    APPLE_MUSIC_PRIVATE_KEY: await exportPKCS8(keys.privateKey),
    APPLE_MUSIC_STOREFRONT: 'us',
    APPLE_MUSIC_API_URL: apple.server.url,
    DEEZER_API_URL: deezer.url,
    TIDAL_CLIENT_ID: tidal.oauth.clientId,
    TIDAL_CLIENT_SECRET: tidal.oauth.clientSecret,
    TIDAL_API_URL: tidal.server.url,
    TIDAL_AUTH_URL: `${tidal.server.url}${TIDAL_TOKEN_PATH}`,
    TIDAL_COUNTRY_CODE: 'US',
    MUSICBRAINZ_API_URL: musicBrainz.url,
    MUSICBRAINZ_USER_AGENT: 'TrackgraphTests/0.0.0 ( tests@example.invalid )',
    // Fast failures: one retry after ~10 ms, a short attempt timeout.
    PROVIDER_TIMEOUT_MS: '2000',
    PROVIDER_MAX_RETRIES: '1',
    PROVIDER_RETRY_BASE_DELAY_MS: '10',
    PROVIDER_MAX_RETRY_WAIT_MS: '1000',
  };
  for (const platform of FAKED_PLATFORMS) {
    // The real defaults (MusicBrainz: 1 request/s) would make the tests wait.
    env[`${platform}_REQUESTS_PER_SECOND`] = '1000';
    env[`${platform}_CONCURRENCY`] = '8';
  }
  const count = (server: FakeProviderServer) => server.requests.filter((request) => !TOKEN_PATHS.has(request.path)).length;
  return {
    env,
    servers,
    requests: () => Object.fromEntries(FAKED_PLATFORMS.map((platform) => [platform, count(servers[platform])])) as Record<FakedPlatform, number>,
    close: async () => {
      await Promise.all(Object.values(servers).map((server) => server.close()));
    },
  };
}
