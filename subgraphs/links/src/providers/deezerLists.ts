import type { HttpClient } from './HttpClient.ts';
import { ProviderError } from './ProviderError.ts';
import { getDeezer } from './deezerRequests.ts';
import { pagePath } from './pagePath.ts';

/** A track as Deezer lists it in a chart or a playlist. It carries no ISRC: that takes `GET /track/{id}`. */
export interface DeezerListTrack {
  /** Deezer's track id. */
  id: number | string;
  /** Title as Deezer shows it. */
  title: string;
  /** The main artist (chart and playlist lists name only this one). */
  artist?: { name?: string };
  /** Chart lists only: the rank, from 1. */
  position?: number;
  /** Playlist lists only: when it was added, in Unix seconds (0 when Deezer does not know). */
  time_add?: number;
}

/** A playlist as `GET /playlist/{id}` or a user's playlist list gives it. */
export interface DeezerPlaylistInfo {
  /** Deezer's playlist id. */
  id: number | string;
  /** The playlist's name. */
  title: string;
  /** Followers ("fans"); absent from list entries. */
  fans?: number;
  /** Tracks in it, unreadable ones included. */
  nb_tracks?: number;
  /** Cover, 1000 px. */
  picture_xl?: string;
  /** Cover, 500 px. */
  picture_big?: string;
  /** Cover redirect URL. */
  picture?: string;
}

interface DeezerPage<T> {
  data?: T[];
  next?: string;
}

/** Pages read from one list at most: 500 pages of Deezer's 25 items is beyond any playlist, so more means a loop. */
const MAX_PAGES = 500;

/**
 * Every item of a paginated Deezer list, in order, following each page's `next` (Deezer's
 * `index` paging); null when Deezer answers "no data" for the list.
 */
export async function readDeezerList<T>(http: HttpClient, path: string, signal?: AbortSignal): Promise<T[] | null> {
  const items: T[] = [];
  let next: string | undefined = path;
  for (let page = 0; next !== undefined; page += 1) {
    if (page === MAX_PAGES) throw new ProviderError(`${path}: more than ${MAX_PAGES} pages`, { platform: 'DEEZER', code: 'MALFORMED_RESPONSE', status: 200 });
    const body: DeezerPage<T> | null = await getDeezer<DeezerPage<T>>(http, next, signal);
    if (body === null) {
      if (page === 0) return null;
      break;
    }
    if (!Array.isArray(body.data)) throw new ProviderError(`${next}: expected { data: [] }`, { platform: 'DEEZER', code: 'MALFORMED_RESPONSE', status: 200 });
    items.push(...body.data);
    next = typeof body.next === 'string' && body.next !== '' ? pagePath(body.next) : undefined;
  }
  return items;
}
