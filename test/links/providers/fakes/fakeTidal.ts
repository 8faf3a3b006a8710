import { FakeProviderServer, type FakeRequest, type FakeResponse } from './FakeProviderServer.ts';
import { FakeOAuth, type FakeOAuthOptions } from './fakeOAuth.ts';
import { readFixture } from './recordedFixtures.ts';
import { numericId, syntheticArtist, syntheticDurationMs, syntheticTitle } from './synthetic.ts';

/** Path of the fake's token endpoint (the real one is `https://auth.tidal.com/v1/oauth2/token`). */
export const TIDAL_TOKEN_PATH = '/v1/oauth2/token';

/** Most `filter[isrc]` values the fake accepts in one request, like the real API. */
export const TIDAL_MAX_FILTER_VALUES = 20;

/** Options for {@link startFakeTidal}. */
export interface FakeTidalOptions extends FakeOAuthOptions {
  /** ISRCs that exist beyond the recorded one (USUM72409273); answered with synthesized tracks. @default [] */
  isrcs?: readonly string[];
}

/** A running fake TIDAL: the HTTP server plus its OAuth state. */
export interface FakeTidal {
  /** The server (request log, faults, latency). */
  server: FakeProviderServer;
  /** Token endpoint state (issued tokens, expiry). */
  oauth: FakeOAuth;
}

interface Resource {
  id: string;
  type: string;
  attributes: Record<string, unknown>;
  relationships?: Record<string, { data?: { id: string; type: string }[]; links?: unknown }>;
}

/** One track with the resources its relationships point to. */
interface CatalogEntry {
  track: Resource;
  album: Resource;
  artwork: Resource;
  artists: Resource[];
}

/**
 * Starts a fake TIDAL API v2: `POST /v1/oauth2/token` and `GET /v2/tracks?filter[isrc]=…` (JSON:API,
 * `include=albums`, `albums.coverArt`, `artists`). The recorded "Die With A Smile" track, album,
 * artists and cover art come from a recorded album response; other ISRCs reuse their shape.
 */
export async function startFakeTidal(options: FakeTidalOptions = {}): Promise<FakeTidal> {
  const oauth = new FakeOAuth(options);
  const recorded = recordedEntry();
  const catalog = new Map<string, CatalogEntry>([[String(recorded.track.attributes.isrc), recorded]]);
  for (const isrc of options.isrcs ?? []) catalog.set(isrc, synthesize(recorded, isrc));

  const handle = (request: FakeRequest): FakeResponse => {
    if (request.path === TIDAL_TOKEN_PATH) return oauth.issue(request);
    const unauthorized = oauth.reject(request);
    if (unauthorized) return unauthorized;
    if (request.path !== '/v2/tracks') return jsonApiError(404, 'NOT_FOUND', 'Resource not found');
    const isrcs = request.query.getAll('filter[isrc]');
    if (isrcs.length > TIDAL_MAX_FILTER_VALUES) return jsonApiError(400, 'VALUE_TOO_LONG', `at most ${TIDAL_MAX_FILTER_VALUES} filter values`);
    const includes = (request.query.get('include') ?? '').split(',').filter(Boolean);
    const entries = isrcs.map((isrc) => catalog.get(isrc.toUpperCase())).filter((entry): entry is CatalogEntry => entry !== undefined);
    return { headers: { 'content-type': 'application/vnd.api+json' }, body: document(entries, includes, request.query) };
  };
  const server = await FakeProviderServer.start({ handle, tokenPaths: [TIDAL_TOKEN_PATH] });
  return { server, oauth };
}

function recordedEntry(): CatalogEntry {
  const albums = readFixture<{ data: Resource[]; included: Resource[] }>(
    'harmony/com.tidal.openapi_v2_albums_countryCode=US_include=artists_items.artists_prov_612d547.json',
  );
  const album = albums.data[0]!;
  const track = albums.included.find((resource) => resource.type === 'tracks')!;
  const artwork = albums.included.find((resource) => resource.type === 'artworks')!;
  const artists = albums.included.filter((resource) => resource.type === 'artists');
  return { track, album, artwork, artists };
}

function document(entries: CatalogEntry[], includes: string[], query: URLSearchParams): unknown {
  const wantsAlbums = includes.some((path) => path === 'albums' || path.startsWith('albums.'));
  const wantsCoverArt = includes.includes('albums.coverArt');
  const wantsArtists = includes.includes('artists');
  const included = new Map<string, unknown>();
  const data = entries.map(({ track, album, artwork, artists }) => {
    const relationships: Record<string, unknown> = {};
    if (wantsAlbums) {
      relationships.albums = { data: [{ id: album.id, type: 'albums' }], links: { self: `/tracks/${track.id}/relationships/albums` } };
      const albumRelationships = wantsCoverArt ? { coverArt: { data: [{ id: artwork.id, type: 'artworks' }] } } : {};
      included.set(`albums/${album.id}`, { id: album.id, type: 'albums', attributes: album.attributes, relationships: albumRelationships });
      if (wantsCoverArt) included.set(`artworks/${artwork.id}`, artwork);
    }
    if (wantsArtists) {
      relationships.artists = { data: artists.map((artist) => ({ id: artist.id, type: 'artists' })) };
      for (const artist of artists) included.set(`artists/${artist.id}`, artist);
    }
    return { id: track.id, type: 'tracks', attributes: track.attributes, relationships };
  });
  return { data, included: [...included.values()], links: { self: `/tracks?${query.toString()}` } };
}

function synthesize(recorded: CatalogEntry, isrc: string): CatalogEntry {
  const seconds = Math.round(syntheticDurationMs(isrc) / 1000);
  const duration = `PT${Math.floor(seconds / 60)}M${seconds % 60}S`;
  const artworkId = `art${numericId(isrc, 'artwork')}`;
  const artwork = structuredClone(recorded.artwork);
  artwork.id = artworkId;
  artwork.attributes.files = (artwork.attributes.files as { href: string }[]).map((file) => ({ ...file, href: file.href.replace(/images\/.+\//, `images/${artworkId}/`) }));
  return {
    track: { ...structuredClone(recorded.track), id: String(numericId(isrc)), attributes: { ...recorded.track.attributes, title: syntheticTitle(isrc), isrc, duration } },
    album: { ...structuredClone(recorded.album), id: String(numericId(isrc, 'album')), attributes: { ...recorded.album.attributes, title: `Synthetic Album ${isrc}`, barcodeId: String(numericId(isrc, 'upc')).padStart(13, '0') } },
    artwork,
    artists: [{ ...structuredClone(recorded.artists[0]!), id: String(numericId(isrc, 'artist')), attributes: { name: syntheticArtist(isrc) } }],
  };
}

function jsonApiError(status: number, code: string, detail: string): FakeResponse {
  return { status, headers: { 'content-type': 'application/vnd.api+json' }, body: { errors: [{ status: String(status), code, detail }] } };
}
