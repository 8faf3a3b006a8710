import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FakeProviderServer, type FakeRequest, type FakeResponse } from '../links/providers/fakes/FakeProviderServer.ts';
import { FakeOAuth } from '../links/providers/fakes/fakeOAuth.ts';
import { SPOTIFY_TOKEN_PATH } from '../links/providers/fakes/fakeSpotify.ts';

const SPOTIFY_FIXTURES = fileURLToPath(new URL('../fixtures/analytics/spotify-web-api/', import.meta.url));

/** The recorded playlist ("Rap RU": 4 tracks, followers 0). */
export const RAP_RU = '1h9q8vXXDl2vHOmwdsuXms';

/** The recorded `GET /v1/playlists/1h9q8vXXDl2vHOmwdsuXms` body. */
export function recordedPlaylist(): any {
  return JSON.parse(readFileSync(`${SPOTIFY_FIXTURES}com.spotify.api_v1_playlists_${RAP_RU}.json`, 'utf8'));
}

/** Options for {@link startFakeSpotifyPlaylists}. */
export interface FakeSpotifyPlaylistsOptions {
  /**
   * Entries per page: the recorded playlist's 4 entries are then served as the first page of its
   * body plus `GET /v1/playlists/{id}/tracks?offset=…` pages linked by `next`, in Spotify's paging
   * envelope. @default 100 (one page, as recorded)
   */
  pageSize?: number;
  /** Serve the playlist without entries, as Spotify does for Development Mode apps that do not own it. @default false */
  withoutEntries?: boolean;
  /** Answers an authorized request instead of the fake when it returns a response (e.g. failures on one path only). */
  intercept?: (request: FakeRequest) => FakeResponse | undefined;
}

/** A running fake Spotify Web API for playlists: the server and its OAuth state. */
export interface FakeSpotifyPlaylists {
  server: FakeProviderServer;
  oauth: FakeOAuth;
  /** The environment pointing `loadProviderConfig` at the fake (credentials included). */
  env: Record<string, string>;
}

/** A fake Spotify serving the recorded playlist, with client-credentials tokens and bearer checks like the real one. */
export async function startFakeSpotifyPlaylists(options: FakeSpotifyPlaylistsOptions = {}): Promise<FakeSpotifyPlaylists> {
  const oauth = new FakeOAuth();
  const recorded = recordedPlaylist();
  const entries: unknown[] = recorded.tracks.items;
  const size = options.pageSize ?? 100;
  const base = `https://api.spotify.com/v1/playlists/${RAP_RU}/tracks`;

  const handle = (request: FakeRequest): FakeResponse => {
    if (request.path === SPOTIFY_TOKEN_PATH) return oauth.issue(request);
    const unauthorized = oauth.reject(request);
    if (unauthorized) return unauthorized;
    const intercepted = options.intercept?.(request);
    if (intercepted) return intercepted;
    if (request.path === `/v1/playlists/${RAP_RU}`) {
      if (options.withoutEntries) {
        const { tracks: _tracks, ...metadata } = recorded;
        return { body: metadata };
      }
      return { body: size >= entries.length ? recorded : { ...recorded, tracks: page(base, entries, 0, size) } };
    }
    if (request.path === `/v1/playlists/${RAP_RU}/tracks`) {
      return { body: page(base, entries, Number(request.query.get('offset') ?? 0), Number(request.query.get('limit') ?? size)) };
    }
    return { status: 404, body: { error: { status: 404, message: 'Resource not found' } } };
  };
  const server = await FakeProviderServer.start({ handle, tokenPaths: [SPOTIFY_TOKEN_PATH] });
  const env = {
    SPOTIFY_CLIENT_ID: oauth.clientId,
    SPOTIFY_CLIENT_SECRET: oauth.clientSecret,
    SPOTIFY_API_URL: server.url,
    SPOTIFY_AUTH_URL: `${server.url}${SPOTIFY_TOKEN_PATH}`,
  };
  return { server, oauth, env };
}

/** A Spotify paging object over `items`. */
function page(base: string, items: unknown[], offset: number, limit: number): Record<string, unknown> {
  const link = (at: number) => `${base}?offset=${at}&limit=${limit}`;
  return {
    href: link(offset),
    items: items.slice(offset, offset + limit),
    limit,
    next: offset + limit < items.length ? link(offset + limit) : null,
    offset,
    previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
    total: items.length,
  };
}
