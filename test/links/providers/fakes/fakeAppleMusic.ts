import { jwtVerify, type CryptoKey, type KeyObject } from 'jose';
import { FakeProviderServer, type FakeRequest, type FakeResponse } from './FakeProviderServer.ts';
import { numericId, syntheticArtist, syntheticDurationMs, syntheticTitle } from './synthetic.ts';

/** Most ISRCs the fake accepts per request, as Apple documents. */
export const APPLE_MAX_ISRCS = 25;

/** Options for {@link startFakeAppleMusic}. */
export interface FakeAppleMusicOptions {
  /** Team id the developer token's `iss` must name. */
  teamId: string;
  /** Key id the developer token's `kid` header must name. */
  keyId: string;
  /** Public half of the key pair the tokens are signed with. */
  publicKey: CryptoKey | KeyObject;
  /** ISRCs that exist in the catalog. @default [] */
  isrcs?: readonly string[];
  /** ISRCs for which the catalog holds two songs (single and album version). @default [] */
  isrcsWithTwoSongs?: readonly string[];
}

/** A running fake Apple Music API. */
export interface FakeAppleMusic {
  /** The server (request log, faults, latency). */
  server: FakeProviderServer;
  /** Every developer token that passed verification, in order. */
  acceptedTokens: string[];
}

/**
 * Starts a fake Apple Music API: `GET /v1/catalog/{storefront}/songs?filter[isrc]=A,B` with
 * `include=albums,artists`. Each request's developer token is verified like Apple does: ES256,
 * the configured `kid`, `iss` = team id, not expired. No Apple Music API responses are recorded,
 * so songs follow the documented Song object.
 */
export async function startFakeAppleMusic(options: FakeAppleMusicOptions): Promise<FakeAppleMusic> {
  const acceptedTokens: string[] = [];
  const twoSongs = new Set(options.isrcsWithTwoSongs ?? []);
  const catalog = new Set([...(options.isrcs ?? []), ...twoSongs]);

  const handle = async (request: FakeRequest): Promise<FakeResponse> => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    try {
      const { protectedHeader } = await jwtVerify(token ?? '', options.publicKey, { issuer: options.teamId, algorithms: ['ES256'] });
      if (protectedHeader.kid !== options.keyId) throw new Error('unknown kid');
      acceptedTokens.push(token!);
    } catch {
      return appleError(401, 'Unauthenticated', 'Authentication failed');
    }
    const storefront = /^\/v1\/catalog\/([a-z]{2})\/songs$/.exec(request.path)?.[1];
    if (!storefront) return appleError(404, 'Resource Not Found', 'Path not found');
    const isrcs = (request.query.get('filter[isrc]') ?? '').split(',').filter(Boolean);
    if (isrcs.length === 0 || isrcs.length > APPLE_MAX_ISRCS) return appleError(400, 'Invalid Parameter Value', `filter[isrc] takes 1 to ${APPLE_MAX_ISRCS} values`);
    const include = new Set((request.query.get('include') ?? '').split(','));
    const data = isrcs
      .map((isrc) => isrc.toUpperCase())
      .filter((isrc) => catalog.has(isrc))
      .flatMap((isrc) => (twoSongs.has(isrc) ? [song(isrc, storefront, include, 'single'), song(isrc, storefront, include, 'album')] : [song(isrc, storefront, include, 'single')]));
    return { body: { data } };
  };
  const server = await FakeProviderServer.start({ handle });
  return { server, acceptedTokens };
}

function song(isrc: string, storefront: string, include: ReadonlySet<string>, version: string): unknown {
  const id = String(numericId(isrc, `song-${version}`));
  const albumId = String(numericId(isrc, `album-${version}`));
  const artistId = String(numericId(isrc, 'artist'));
  const albumName = version === 'single' ? `${syntheticTitle(isrc)} - Single` : `Synthetic Album ${isrc}`;
  const artwork = { width: 3000, height: 3000, url: `https://is1-ssl.mzstatic.com/image/thumb/Music/v4/${albumId}/source/{w}x{h}bb.jpg` };
  const album = { id: albumId, type: 'albums', href: `/v1/catalog/${storefront}/albums/${albumId}` };
  const artist = { id: artistId, type: 'artists', href: `/v1/catalog/${storefront}/artists/${artistId}` };
  return {
    id,
    type: 'songs',
    href: `/v1/catalog/${storefront}/songs/${id}`,
    attributes: {
      albumName,
      artistName: syntheticArtist(isrc),
      artwork,
      discNumber: 1,
      durationInMillis: syntheticDurationMs(isrc),
      genreNames: ['Pop', 'Music'],
      hasLyrics: false,
      isrc,
      name: syntheticTitle(isrc),
      playParams: { id, kind: 'song' },
      previews: [],
      releaseDate: version === 'single' ? '2024-08-16' : '2024-10-04',
      trackNumber: 1,
      url: `https://music.apple.com/${storefront}/album/${albumId}?i=${id}`,
    },
    relationships: {
      albums: {
        href: `/v1/catalog/${storefront}/songs/${id}/albums`,
        data: [include.has('albums') ? { ...album, attributes: { name: albumName, artistName: syntheticArtist(isrc), upc: String(numericId(isrc, `upc-${version}`)).padStart(12, '0'), artwork } } : album],
      },
      artists: {
        href: `/v1/catalog/${storefront}/songs/${id}/artists`,
        data: [include.has('artists') ? { ...artist, attributes: { name: syntheticArtist(isrc) } } : artist],
      },
    },
  };
}

function appleError(status: number, title: string, detail: string): FakeResponse {
  return { status, body: { errors: [{ id: `fake-${status}`, title, detail, status: String(status), code: `${status}00` }] } };
}
