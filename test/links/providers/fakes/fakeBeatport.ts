import { FakeProviderServer, type FakeRequest, type FakeResponse } from './FakeProviderServer.ts';
import { FakeOAuth, type FakeOAuthOptions } from './fakeOAuth.ts';
import { numericId, syntheticArtist, syntheticDurationMs, syntheticTitle } from './synthetic.ts';

/** Path of Beatport's token endpoint. */
export const BEATPORT_TOKEN_PATH = '/v4/auth/o/token/';

/** Options for {@link startFakeBeatport}. */
export interface FakeBeatportOptions extends FakeOAuthOptions {
  /** ISRCs that exist in the catalog. @default [] */
  isrcs?: readonly string[];
}

/** A running fake Beatport: the HTTP server plus its OAuth state. */
export interface FakeBeatport {
  /** The server (request log, faults, latency). */
  server: FakeProviderServer;
  /** Token endpoint state (issued tokens, expiry). */
  oauth: FakeOAuth;
}

/**
 * Starts a fake Beatport API v4: `POST /v4/auth/o/token/` and `GET /v4/catalog/tracks/?isrc=`.
 * Nothing from Beatport is recorded, so tracks follow the v4 catalog track object (paginated list).
 */
export async function startFakeBeatport(options: FakeBeatportOptions = {}): Promise<FakeBeatport> {
  const oauth = new FakeOAuth(options);
  const catalog = new Set(options.isrcs ?? []);
  const handle = (request: FakeRequest): FakeResponse => {
    if (request.path === BEATPORT_TOKEN_PATH) return oauth.issue(request);
    const unauthorized = oauth.reject(request);
    if (unauthorized) return { ...unauthorized, body: { detail: 'Authentication credentials were not provided.' } };
    if (request.path !== '/v4/catalog/tracks/') return { status: 404, body: { detail: 'Not found.' } };
    const isrc = (request.query.get('isrc') ?? '').toUpperCase();
    const results = catalog.has(isrc) ? [track(isrc)] : [];
    return { body: { results, next: null, previous: null, count: results.length, page: '1/1', per_page: 10 } };
  };
  const server = await FakeProviderServer.start({ handle, tokenPaths: [BEATPORT_TOKEN_PATH] });
  return { server, oauth };
}

function track(isrc: string): unknown {
  const id = numericId(isrc);
  const releaseId = numericId(isrc, 'release');
  const lengthMs = syntheticDurationMs(isrc);
  const seconds = Math.round(lengthMs / 1000);
  const image = (imageId: number, size: string): unknown => ({
    id: imageId,
    uri: `https://geo-media.beatport.com/image_size/${size}/${imageId}.jpg`,
    dynamic_uri: `https://geo-media.beatport.com/image_size/{w}x{h}/${imageId}.jpg`,
  });
  return {
    artists: [{ id: numericId(isrc, 'artist'), name: syntheticArtist(isrc), slug: 'synthetic-artist', url: 'https://api.beatport.com/v4/catalog/artists/1/' }],
    bpm: 124,
    id,
    image: image(numericId(isrc, 'waveform'), '1500x250'),
    isrc,
    length: `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`,
    length_ms: lengthMs,
    mix_name: 'Extended Mix',
    name: syntheticTitle(isrc),
    new_release_date: '2023-03-10',
    publish_date: '2023-03-10',
    release: { id: releaseId, name: `Synthetic EP ${isrc}`, image: image(numericId(isrc, 'cover'), '1400x1400'), slug: 'synthetic-ep' },
    remixers: [],
    slug: 'synthetic-song',
    url: `https://api.beatport.com/v4/catalog/tracks/${id}/`,
  };
}
