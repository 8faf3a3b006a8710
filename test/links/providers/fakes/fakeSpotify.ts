import { FakeProviderServer, type FakeRequest, type FakeResponse } from './FakeProviderServer.ts';
import { FakeOAuth, type FakeOAuthOptions } from './fakeOAuth.ts';
import { readFixture, recordedResponse } from './recordedFixtures.ts';
import { base62Id, syntheticArtist, syntheticDurationMs, syntheticTitle } from './synthetic.ts';

/** Path of the fake's token endpoint (the real one is `https://accounts.spotify.com/api/token`). */
export const SPOTIFY_TOKEN_PATH = '/api/token';

/** Options for {@link startFakeSpotify}. */
export interface FakeSpotifyOptions extends FakeOAuthOptions {
  /** ISRCs that exist beyond the recorded one (USUM72409273); answered with synthesized tracks. @default [] */
  isrcs?: readonly string[];
}

/** A running fake Spotify: the HTTP server plus its OAuth state. */
export interface FakeSpotify {
  /** The server (request log, faults, latency). */
  server: FakeProviderServer;
  /** Token endpoint state (issued tokens, expiry). */
  oauth: FakeOAuth;
  /** Track ids the fake answers for, by ISRC. */
  trackIds: Map<string, string>;
}

interface SpotifyTrackJson {
  id: string;
  name: string;
  href: string;
  uri: string;
  duration_ms: number;
  external_ids: { isrc: string };
  external_urls: { spotify: string };
  artists: { name: string; id: string }[];
  album: Record<string, unknown>;
}

/**
 * Starts a fake Spotify Web API + accounts service: `POST /api/token`, `GET /v1/search?type=track&q=isrc:…`,
 * `GET /v1/tracks?ids=…`. The recorded "Die With A Smile" track is served as recorded; other catalog
 * ISRCs get the same track object with id, ISRC, name, artist and duration rewritten.
 */
export async function startFakeSpotify(options: FakeSpotifyOptions = {}): Promise<FakeSpotify> {
  const oauth = new FakeOAuth(options);
  const recorded = readFixture<{ tracks: SpotifyTrackJson[] }>('harmony/com.spotify.api_v1_tracks_ids=2plbrEY59IikOBgBGLjaoe.json').tracks[0]!;
  const tracks = new Map<string, SpotifyTrackJson>([[recorded.external_ids.isrc, recorded]]);
  for (const isrc of options.isrcs ?? []) tracks.set(isrc, synthesize(recorded, isrc));
  const byId = new Map([...tracks.values()].map((track) => [track.id, track]));

  const handle = (request: FakeRequest): FakeResponse => {
    if (request.path === SPOTIFY_TOKEN_PATH) return oauth.issue(request);
    const unauthorized = oauth.reject(request);
    if (unauthorized) return unauthorized;
    if (request.path === '/v1/search') return search(request, tracks);
    if (request.path === '/v1/tracks') {
      const ids = (request.query.get('ids') ?? '').split(',').filter(Boolean);
      if (ids.length === 0 || ids.length > 50) return { status: 400, body: { error: { status: 400, message: 'Invalid limit' } } };
      return { body: recordedResponse('api.spotify.com', request.path, request.query) ?? { tracks: ids.map((id) => byId.get(id) ?? null) } };
    }
    return { status: 404, body: { error: { status: 404, message: 'Service not found' } } };
  };
  const server = await FakeProviderServer.start({ handle, tokenPaths: [SPOTIFY_TOKEN_PATH] });
  return { server, oauth, trackIds: new Map([...tracks].map(([isrc, track]) => [isrc, track.id])) };
}

function search(request: FakeRequest, tracks: Map<string, SpotifyTrackJson>): FakeResponse {
  const q = request.query.get('q') ?? '';
  if (request.query.get('type') !== 'track' || q === '') return { status: 400, body: { error: { status: 400, message: 'Bad search' } } };
  const isrc = /^isrc:(\S+)$/i.exec(q)?.[1]?.toUpperCase();
  const items = isrc && tracks.has(isrc) ? [tracks.get(isrc)!] : [];
  const href = `https://api.spotify.com/v1/search?offset=0&limit=20&query=${encodeURIComponent(q)}&type=track`;
  return { body: { tracks: { href, limit: 20, next: null, offset: 0, previous: null, total: items.length, items } } };
}

function synthesize(recorded: SpotifyTrackJson, isrc: string): SpotifyTrackJson {
  const id = base62Id(isrc);
  const artistId = base62Id(isrc, 22, 'artist');
  return {
    ...structuredClone(recorded),
    id,
    name: syntheticTitle(isrc),
    href: `https://api.spotify.com/v1/tracks/${id}`,
    uri: `spotify:track:${id}`,
    duration_ms: syntheticDurationMs(isrc),
    external_ids: { isrc },
    external_urls: { spotify: `https://open.spotify.com/track/${id}` },
    artists: [{ ...recorded.artists[0]!, id: artistId, name: syntheticArtist(isrc) }],
  };
}
