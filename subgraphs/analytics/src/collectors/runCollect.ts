import { DeezerClient } from '../../../links/src/providers/DeezerClient.ts';
import { loadProviderConfig, type ProviderEnv } from '../../../links/src/providers/loadProviderConfig.ts';
import { SpotifyClient } from '../../../links/src/providers/SpotifyClient.ts';
import { DeezerIsrcResolver } from './DeezerIsrcResolver.ts';
import { CollectUsageError, type CollectCommand } from './collectArgs.ts';
import { collectDeezerCharts } from './collectDeezerCharts.ts';
import { collectDeezerPlaylists } from './collectDeezerPlaylists.ts';
import { collectSpotifyPlaylists } from './collectSpotifyPlaylists.ts';
import type { CollectContext, CollectResult } from './collectTypes.ts';

/** The platform clients a collect run uses, built as the links subgraph builds them. */
export interface CollectClients {
  deezer: DeezerClient;
  spotify: SpotifyClient;
}

/**
 * The clients from the environment (`loadProviderConfig`: base URLs, credentials, limits).
 * CollectUsageError when the command needs Spotify and its credentials are not set, or a setting is malformed.
 */
export function createCollectClients(command: CollectCommand, env: ProviderEnv = process.env): CollectClients {
  let config;
  try {
    config = loadProviderConfig(env);
  } catch (error) {
    throw new CollectUsageError((error as Error).message);
  }
  const clients = { deezer: new DeezerClient(config.deezer), spotify: new SpotifyClient(config.spotify) };
  if (command.what === 'spotify-playlists' && !clients.spotify.enabled) {
    throw new CollectUsageError(`spotify-playlists needs Spotify app credentials: ${clients.spotify.disabledReason} (see docs/collectors.md)`);
  }
  return clients;
}

/** Runs one command: every chart edition or playlist snapshot it names, each fetched whole then written in its own transaction. */
export async function runCollect(command: CollectCommand, ctx: CollectContext, clients: CollectClients): Promise<CollectResult[]> {
  switch (command.what) {
    case 'deezer-charts':
      return collectDeezerCharts(ctx, clients.deezer, new DeezerIsrcResolver(clients.deezer, ctx.prisma), { markets: command.markets, source: command.source });
    case 'deezer-playlists':
      return collectDeezerPlaylists(ctx, clients.deezer, new DeezerIsrcResolver(clients.deezer, ctx.prisma), command.ids);
    case 'spotify-playlists':
      return collectSpotifyPlaylists(ctx, clients.spotify, command.ids);
  }
}
