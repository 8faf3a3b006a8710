import type { HttpRequestOptions, HttpResponse } from './HttpClient.ts';
import { ProviderError } from './ProviderError.ts';
import { pagePath } from './pagePath.ts';
import { largestImageUrl, upperOrNull, type SizedImage } from './responseReading.ts';

/** One entry of a Spotify playlist, as listed. */
export interface SpotifyPlaylistEntry {
  /** Position in the playlist, from 1 (entries Spotify cannot resolve keep their place). */
  position: number;
  /** When it was added (ISO 8601), or null for very old playlists. */
  addedAt: string | null;
  /** The track's ISRC, upper case, or null (episodes, local files, removed tracks). */
  isrc: string | null;
  /** Spotify's track id, or null for local files and removed tracks. */
  trackId: string | null;
  /** Track title ('' when none). */
  title: string;
  /** Credited artist names. */
  artists: string[];
}

/** A Spotify playlist with every entry read. */
export interface SpotifyPlaylist {
  /** Spotify's playlist id. */
  id: string;
  /** The playlist's name. */
  name: string;
  /** The largest cover image, or null. */
  artworkUrl: string | null;
  /** `followers.total`, or null when Spotify gave none. */
  followers: number | null;
  /** The entries in order, or null when Spotify listed none (Development Mode apps only see the items of playlists they own). */
  entries: SpotifyPlaylistEntry[] | null;
}

/** Sends one authorized GET (the client's bearer handling); `path` is relative to the API base URL. */
export type SpotifyGet = (path: string, options?: HttpRequestOptions) => Promise<HttpResponse<unknown>>;

interface SpotifyPage {
  items?: SpotifyPlaylistItem[];
  next?: string | null;
}

interface SpotifyPlaylistItem {
  added_at?: string | null;
  /** `track` until February 2026, `item` since (Spotify sends both while `track` is deprecated). */
  track?: SpotifyItemTrack | null;
  item?: SpotifyItemTrack | null;
}

interface SpotifyItemTrack {
  id?: string | null;
  name?: string;
  type?: string;
  external_ids?: { isrc?: string };
  artists?: { name: string }[];
}

interface SpotifyPlaylistBody {
  id?: string;
  name?: string;
  images?: SizedImage[] | null;
  followers?: { total?: number } | null;
  /** The first page of entries: `tracks` until February 2026, `items` since. */
  tracks?: SpotifyPage;
  items?: SpotifyPage;
}

/** Pages read from one playlist at most (Spotify pages hold 100 entries; playlists hold at most 10,000). */
const MAX_PAGES = 101;

/**
 * Reads a playlist with `GET /v1/playlists/{id}`: its name, cover, followers and first page of
 * entries, then each further page from the `next` link Spotify gives (100 entries a page).
 * Null when Spotify does not know the playlist.
 */
export async function readSpotifyPlaylist(get: SpotifyGet, id: string, signal?: AbortSignal): Promise<SpotifyPlaylist | null> {
  const { status, body } = await get(`/v1/playlists/${encodeURIComponent(id)}`, { signal, okStatuses: [404] });
  if (status === 404) return null;
  const playlist = body as SpotifyPlaylistBody | null;
  if (!playlist || typeof playlist.name !== 'string') throw malformed('a playlist');
  const first = playlist.tracks ?? playlist.items;
  return {
    id: playlist.id ?? id,
    name: playlist.name,
    artworkUrl: largestImageUrl(playlist.images),
    followers: typeof playlist.followers?.total === 'number' ? playlist.followers.total : null,
    entries: Array.isArray(first?.items) ? await readEntries(get, first, signal) : null,
  };
}

async function readEntries(get: SpotifyGet, first: SpotifyPage, signal?: AbortSignal): Promise<SpotifyPlaylistEntry[]> {
  const entries: SpotifyPlaylistEntry[] = [];
  let page: SpotifyPage = first;
  for (let pages = 1; ; pages += 1) {
    for (const item of page.items ?? []) entries.push(toEntry(item, entries.length + 1));
    if (!page.next) return entries;
    if (pages === MAX_PAGES) throw malformed(`at most ${MAX_PAGES} pages`);
    const { body } = await get(pagePath(page.next), { signal });
    if (!body || !Array.isArray((body as SpotifyPage).items)) throw malformed('a page of playlist items');
    page = body as SpotifyPage;
  }
}

function toEntry(item: SpotifyPlaylistItem, position: number): SpotifyPlaylistEntry {
  const track = item.item ?? item.track ?? null;
  const isTrack = track !== null && (track.type === undefined || track.type === 'track');
  return {
    position,
    addedAt: item.added_at ?? null,
    isrc: isTrack ? upperOrNull(track.external_ids?.isrc) : null,
    trackId: isTrack ? (track.id ?? null) : null,
    title: track?.name ?? '',
    artists: (track?.artists ?? []).map((artist) => artist.name),
  };
}

function malformed(what: string): ProviderError {
  return new ProviderError(`unexpected response shape: expected ${what}`, { platform: 'SPOTIFY', code: 'MALFORMED_RESPONSE', status: 200 });
}
