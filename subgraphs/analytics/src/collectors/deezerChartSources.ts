import { GLOBAL, ISO_COUNTRIES } from '../../../../lib/country.ts';
import type { DeezerClient } from '../../../links/src/providers/DeezerClient.ts';
import type { DeezerListTrack } from '../../../links/src/providers/deezerLists.ts';

/**
 * The "Deezer Charts" account: it publishes Deezer's chart of each market as a playlist titled
 * "Top <market>" ("Top Worldwide", "Top France", …), refreshed by Deezer.
 */
export const DEEZER_CHARTS_USER = '637006841';

/** Where a Deezer chart is read: the market's "Top" playlist, or the `/chart/0` endpoint. */
export type DeezerChartSource = 'playlists' | 'chart';

/** One position of a Deezer chart as read. */
export interface DeezerChartTrack {
  position: number;
  /** Deezer's track id. */
  externalId: string;
  title: string;
  artistNames: string;
}

type ChartClient = Pick<DeezerClient, 'chartTracks' | 'userPlaylists' | 'playlistTracks'>;

/**
 * `GET /chart/0/tracks` (0: all genres). Deezer takes no market for it and answers with the chart of
 * the caller's location, so the operator names the market it is stored under.
 */
export async function chartEndpointTracks(deezer: ChartClient, signal?: AbortSignal): Promise<DeezerChartTrack[]> {
  const tracks = await deezer.chartTracks(0, signal);
  return tracks.map((track, index) => toChartTrack(track, track.position ?? index + 1));
}

/** The ids of the Deezer Charts playlists by market (GLOBAL for "Top Worldwide"), from the account's playlist list. */
export async function chartPlaylists(deezer: ChartClient, signal?: AbortSignal): Promise<Map<string, string>> {
  const playlists = (await deezer.userPlaylists(DEEZER_CHARTS_USER, signal)) ?? [];
  const byMarket = new Map<string, string>();
  for (const playlist of playlists) {
    const market = marketOfTitle(playlist.title);
    // The account's first list is its own "Loved tracks"; anything not named "Top <market>" is not a chart.
    if (market && !byMarket.has(market)) byMarket.set(market, String(playlist.id));
  }
  return byMarket;
}

/** A chart playlist's tracks, positions in playlist order. */
export async function chartPlaylistTracks(deezer: ChartClient, playlistId: string, signal?: AbortSignal): Promise<DeezerChartTrack[] | null> {
  const tracks = await deezer.playlistTracks(playlistId, signal);
  return tracks?.map((track, index) => toChartTrack(track, index + 1)) ?? null;
}

/** The market a Deezer Charts playlist title names: "Top Worldwide" → GLOBAL, "Top France" → FR; null for other titles. */
export function marketOfTitle(title: string): string | null {
  const name = /^Top\s+(.+)$/i.exec(title.trim())?.[1];
  return name ? (marketsByName().get(simplify(name)) ?? null) : null;
}

let names: Map<string, string> | undefined;

/** English country names (and the short forms Deezer titles use) to ISO 3166-1 alpha-2 codes. */
function marketsByName(): Map<string, string> {
  if (names) return names;
  const english = new Intl.DisplayNames(['en'], { type: 'region' });
  names = new Map([...ISO_COUNTRIES].map((code) => [simplify(english.of(code) ?? code), code]));
  for (const [alias, code] of Object.entries({ worldwide: GLOBAL, world: GLOBAL, usa: 'US', uk: 'GB' })) names.set(alias, code);
  return names;
}

function simplify(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]+/g, ' ').trim();
}

function toChartTrack(track: DeezerListTrack, position: number): DeezerChartTrack {
  return { position, externalId: String(track.id), title: track.title, artistNames: track.artist?.name ?? '' };
}
