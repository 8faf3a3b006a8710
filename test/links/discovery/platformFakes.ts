import { exportPKCS8, generateKeyPair } from 'jose';
import { AppleMusicClient } from '../../../subgraphs/links/src/providers/AppleMusicClient.ts';
import { DeezerClient } from '../../../subgraphs/links/src/providers/DeezerClient.ts';
import { DiscogsClient } from '../../../subgraphs/links/src/providers/DiscogsClient.ts';
import { SpotifyClient } from '../../../subgraphs/links/src/providers/SpotifyClient.ts';
import { TidalClient } from '../../../subgraphs/links/src/providers/TidalClient.ts';
import type { ProviderClient, ProviderPlatform } from '../../../subgraphs/links/src/providers/types.ts';
import type { FakeOAuth } from '../providers/fakes/fakeOAuth.ts';
import type { FakeProviderServer } from '../providers/fakes/FakeProviderServer.ts';
import { startFakeAppleMusic } from '../providers/fakes/fakeAppleMusic.ts';
import { startFakeDeezer } from '../providers/fakes/fakeDeezer.ts';
import { startFakeDiscogs, type FakeDiscogsRelease } from '../providers/fakes/fakeDiscogs.ts';
import { SPOTIFY_TOKEN_PATH, startFakeSpotify } from '../providers/fakes/fakeSpotify.ts';
import { TIDAL_TOKEN_PATH, startFakeTidal } from '../providers/fakes/fakeTidal.ts';
import { FAST_HTTP } from '../providers/fastHttpOptions.ts';

/** `count` valid ISRCs `<prefix><7 digits>` from `start` (prefix: 2-letter country, 3 registrant characters). */
export function isrcRange(prefix: string, count: number, start = 0): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}${String(start + index).padStart(7, '0')}`);
}

/** Which ISRCs each fake platform carries. */
export type FakeCatalogs = Partial<Record<'SPOTIFY' | 'APPLE_MUSIC' | 'DEEZER' | 'TIDAL', readonly string[]>>;

/** Four fake platforms (Spotify, Apple Music, Deezer, TIDAL) and clients pointed at them, plus an enabled Discogs client. */
export interface PlatformFakes {
  /** The fake servers by platform. */
  servers: Record<'SPOTIFY' | 'APPLE_MUSIC' | 'DEEZER' | 'TIDAL', FakeProviderServer>;
  /** The token endpoints of the platforms that use OAuth (e.g. `expireAll()`, so the platform rejects the tokens it issued). */
  oauth: Record<'SPOTIFY' | 'TIDAL', FakeOAuth>;
  /** Clients for the four platforms and Discogs (which must never be asked by ISRC; it points nowhere unless `discogs` was given). */
  clients: ProviderClient[];
  /** The fake Discogs, when started with the `discogs` option (not in `servers`, `requests()` or `totalRequests()`). */
  discogs: FakeProviderServer | null;
  /** Barcode searches the fake Discogs received so far (0 without it). */
  discogsSearches(): number;
  /** Lookup requests each platform received so far (token requests excluded). */
  requests(): Record<string, number>;
  /** Lookup requests received by all platforms together. */
  totalRequests(): number;
  close(): Promise<void>;
}

const TOKEN_PATHS = new Set([SPOTIFY_TOKEN_PATH, TIDAL_TOKEN_PATH]);
const appleKeys = generateKeyPair('ES256', { extractable: true });

/** Options for {@link startPlatformFakes}. */
export interface PlatformFakesOptions {
  /** Starts a fake Discogs (the recorded releases plus `releases`) and points the Discogs client at it. */
  discogs?: { releases?: readonly FakeDiscogsRelease[] };
}

const DISCOGS_TOKEN = 'discogs-token';

/** Starts the fakes with the given catalogs (fast retries: 3 attempts, 20 ms base backoff). */
export async function startPlatformFakes(catalogs: FakeCatalogs = {}, options: PlatformFakesOptions = {}): Promise<PlatformFakes> {
  const keys = await appleKeys;
  const [spotify, apple, deezer, tidal] = await Promise.all([
    startFakeSpotify({ isrcs: catalogs.SPOTIFY ?? [] }),
    startFakeAppleMusic({ teamId: 'TEAM123456', keyId: 'KEY9876543', publicKey: keys.publicKey, isrcs: catalogs.APPLE_MUSIC ?? [] }),
    startFakeDeezer({ isrcs: catalogs.DEEZER ?? [] }),
    startFakeTidal({ isrcs: catalogs.TIDAL ?? [] }),
  ]);
  const discogs = options.discogs ? await startFakeDiscogs({ token: DISCOGS_TOKEN, extraReleases: options.discogs.releases }) : null;
  const servers = { SPOTIFY: spotify.server, APPLE_MUSIC: apple.server, DEEZER: deezer, TIDAL: tidal.server };
  const clients: ProviderClient[] = [
    new SpotifyClient({ clientId: spotify.oauth.clientId, clientSecret: spotify.oauth.clientSecret, apiUrl: spotify.server.url, authUrl: `${spotify.server.url}${SPOTIFY_TOKEN_PATH}`, http: FAST_HTTP }),
    new AppleMusicClient({ teamId: 'TEAM123456', keyId: 'KEY9876543', privateKey: await exportPKCS8(keys.privateKey), apiUrl: apple.server.url, http: FAST_HTTP }),
    new DeezerClient({ apiUrl: deezer.url, http: FAST_HTTP }),
    new TidalClient({ clientId: tidal.oauth.clientId, clientSecret: tidal.oauth.clientSecret, apiUrl: tidal.server.url, authUrl: `${tidal.server.url}${TIDAL_TOKEN_PATH}`, http: FAST_HTTP }),
    new DiscogsClient({ token: DISCOGS_TOKEN, apiUrl: discogs?.url ?? 'http://127.0.0.1:1', http: FAST_HTTP }),
  ];
  const count = (server: FakeProviderServer) => server.requests.filter((request) => !TOKEN_PATHS.has(request.path)).length;
  const requests = () => Object.fromEntries(Object.entries(servers).map(([platform, server]) => [platform, count(server)])) as Record<ProviderPlatform, number>;
  return {
    servers,
    oauth: { SPOTIFY: spotify.oauth, TIDAL: tidal.oauth },
    clients,
    discogs,
    discogsSearches: () => discogs?.requestCount('/database/search') ?? 0,
    requests,
    totalRequests: () => Object.values(servers).reduce((sum, server) => sum + count(server), 0),
    close: async () => { await Promise.all([...Object.values(servers), ...(discogs ? [discogs] : [])].map((server) => server.close())); },
  };
}
