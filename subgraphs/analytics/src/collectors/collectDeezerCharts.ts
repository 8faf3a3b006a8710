import type { DeezerClient } from '../../../links/src/providers/DeezerClient.ts';
import type { DeezerIsrcResolver } from './DeezerIsrcResolver.ts';
import type { CollectContext, CollectResult } from './collectTypes.ts';
import { chartEndpointTracks, chartPlaylists, chartPlaylistTracks, type DeezerChartSource, type DeezerChartTrack } from './deezerChartSources.ts';
import { failed, writeEdition } from './writeCollected.ts';

/** Options for {@link collectDeezerCharts}. */
export interface DeezerChartsOptions {
  /** GLOBAL or ISO 3166-1 alpha-2 codes, already checked. */
  markets: string[];
  /** Where the charts are read. @default 'playlists' */
  source?: DeezerChartSource;
}

/**
 * Collects Deezer's chart of each market as a DEEZER TOP DAILY edition dated `ctx.date`: from the
 * market's "Top" playlist of the Deezer Charts account, or (source `chart`) from `/chart/0/tracks`.
 * Each edition is fetched whole, ISRCs included, before its one write transaction.
 */
export async function collectDeezerCharts(ctx: CollectContext, deezer: DeezerClient, isrcs: DeezerIsrcResolver, options: DeezerChartsOptions): Promise<CollectResult[]> {
  const results: CollectResult[] = [];
  let playlists: Promise<Map<string, string>> | undefined;
  for (const market of options.markets) {
    const label = `DEEZER TOP DAILY ${market} ${ctx.date}`;
    try {
      let tracks: DeezerChartTrack[];
      if (options.source === 'chart') {
        tracks = await chartEndpointTracks(deezer, ctx.signal);
      } else {
        playlists ??= chartPlaylists(deezer, ctx.signal);
        const id = (await playlists).get(market);
        if (!id) throw new Error(`the Deezer Charts account has no "Top" playlist for ${market} (it has: ${[...(await playlists).keys()].join(', ') || 'none'})`);
        tracks = (await chartPlaylistTracks(deezer, id, ctx.signal)) ?? [];
      }
      // An empty answer would empty today's stored edition: refuse it instead.
      if (tracks.length === 0) throw new Error('Deezer listed no tracks');
      const found = await isrcs.resolve(tracks.map((track) => track.externalId), ctx.signal);
      const entries = tracks.map((track) => ({ position: track.position, externalId: track.externalId, isrc: found.get(track.externalId) ?? null, trackName: track.title, artistNames: track.artistNames }));
      results.push(await writeEdition(ctx, label, { platform: 'DEEZER', country: market, type: 'TOP', frequency: 'DAILY', date: ctx.date, entries }));
    } catch (error) {
      results.push(failed(label, 'edition', error));
    }
  }
  return results;
}
