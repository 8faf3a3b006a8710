import { AppleMusicClient } from './AppleMusicClient.ts';
import { BeatportClient } from './BeatportClient.ts';
import { DeezerClient } from './DeezerClient.ts';
import { DiscogsClient } from './DiscogsClient.ts';
import { MusicBrainzClient } from './MusicBrainzClient.ts';
import { SpotifyClient } from './SpotifyClient.ts';
import { TidalClient } from './TidalClient.ts';
import type { ProviderConfig } from './loadProviderConfig.ts';
import type { ProviderClient } from './types.ts';

/** One client per platform; disabled ones are included and report why. */
export interface ProviderClients {
  /** Spotify Web API. */
  spotify: SpotifyClient;
  /** Apple Music API. */
  appleMusic: AppleMusicClient;
  /** Deezer API. */
  deezer: DeezerClient;
  /** TIDAL API v2. */
  tidal: TidalClient;
  /** MusicBrainz WS/2. */
  musicBrainz: MusicBrainzClient;
  /** Beatport API v4. */
  beatport: BeatportClient;
  /** Discogs API (barcode lookups; no ISRC search). */
  discogs: DiscogsClient;
}

/**
 * Creates every platform client from `config` (usually `loadProviderConfig()`). Create them once per
 * process: each client owns its platform's rate limiter and token cache.
 */
export function createProviderClients(config: ProviderConfig): ProviderClients {
  return {
    spotify: new SpotifyClient(config.spotify),
    appleMusic: new AppleMusicClient(config.appleMusic),
    deezer: new DeezerClient(config.deezer),
    tidal: new TidalClient(config.tidal),
    musicBrainz: new MusicBrainzClient(config.musicBrainz),
    beatport: new BeatportClient(config.beatport),
    discogs: new DiscogsClient(config.discogs),
  };
}

/** The clients as a list, e.g. to build one DataLoader per enabled platform. */
export function listProviderClients(clients: ProviderClients): ProviderClient[] {
  return Object.values(clients);
}
