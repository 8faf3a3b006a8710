/** Writes a synthetic catalog into the four subgraphs' databases in large, idempotent batches. */
import type { PrismaClient as AnalyticsPrisma } from '../prisma/analytics/generated/client.ts';
import type { PrismaClient as AudioMatchesPrisma } from '../prisma/audio-matches/generated/client.ts';
import type { PrismaClient as LibraryPrisma } from '../prisma/library/generated/client.ts';
import type { PrismaClient as LinksPrisma } from '../prisma/links/generated/client.ts';
import { searchColumns } from '../subgraphs/links/src/search/normalize.ts';
import { trackIdForIsrc } from '../subgraphs/links/src/trackId.ts';
import type { SyntheticTrack } from './syntheticCatalog.ts';
import { writeSyntheticMatches } from './writeSyntheticMatches.ts';

/** The four subgraphs' clients. */
export interface SyntheticTargets {
  links: LinksPrisma;
  analytics: AnalyticsPrisma;
  library: LibraryPrisma;
  audioMatches: AudioMatchesPrisma;
}

const CHUNK = 5_000;
const SYNTHETIC = 'synthetic';
const LAST_DAY = Date.UTC(2025, 2, 31);
/** The account the synthetic library belongs to: the demo account, whose key `npm start` prints. */
export const SYNTHETIC_LIBRARY_ACCOUNT = 'demo';

async function inChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

// Every writer ends with ANALYZE of the tables it filled: until autovacuum's next pass (up to a minute
// later) they have no statistics, and Postgres plans a sequential scan for every lookup by key.

/**
 * The links subgraph's part: artists, tracks with their artist credit, a release per album
 * (the artist's) holding its tracks, and three platform links per track. Idempotent.
 */
export async function writeSyntheticLinks(tracks: SyntheticTrack[], links: LinksPrisma): Promise<void> {
  await inChunks([...new Set(tracks.map((t) => t.artist))].map((name) => ({ name })), (data) => links.artist.createMany({ data, skipDuplicates: true }));
  const artistIds = new Map((await links.artist.findMany({ where: { name: { startsWith: 'Synthetic Artist ' } } })).map((a) => [a.name, a.id]));
  await inChunks(
    tracks.map((t) => ({
      id: trackIdForIsrc(t.isrc),
      isrc: t.isrc,
      title: t.title,
      releaseTitle: t.album,
      durationSeconds: t.durationSeconds,
      bpm: t.bpm,
      genres: [SYNTHETIC],
      // createMany bypasses upsertTrack, which keeps the search columns filled.
      ...searchColumns(t.title, [t.artist]),
    })),
    (data) => links.track.createMany({ data, skipDuplicates: true }),
  );
  await inChunks(
    tracks.map((t) => ({ trackId: trackIdForIsrc(t.isrc), artistId: artistIds.get(t.artist)!, position: 0 })),
    (data) => links.trackArtist.createMany({ data, skipDuplicates: true }),
  );
  // Releases have no natural key: only the albums not written before are created.
  const albums = new Map(tracks.map((t) => [t.album, t.artist]));
  const existing = new Set((await links.release.findMany({ where: { title: { in: [...albums.keys()] } }, select: { title: true } })).map((r) => r.title));
  await inChunks([...albums].filter(([title]) => !existing.has(title)).map(([title, artist]) => ({ title, artistId: artistIds.get(artist)! })), (data) => links.release.createMany({ data }));
  const releaseIds = new Map((await links.release.findMany({ where: { title: { in: [...albums.keys()] } }, select: { id: true, title: true } })).map((r) => [r.title, r.id]));
  await inChunks(
    tracks.map((t) => ({ trackId: trackIdForIsrc(t.isrc), releaseId: releaseIds.get(t.album)! })),
    (data) => links.trackRelease.createMany({ data, skipDuplicates: true }),
  );
  await inChunks(
    tracks.flatMap((t) => {
      const trackId = trackIdForIsrc(t.isrc);
      return [
        { trackId, platform: 'SPOTIFY' as const, externalId: t.spotifyId },
        { trackId, platform: 'APPLE_MUSIC' as const, externalId: t.appleId },
        { trackId, platform: 'DEEZER' as const, externalId: t.deezerId },
      ];
    }),
    (data) => links.platformLink.createMany({ data, skipDuplicates: true }),
  );
  await links.$executeRaw`ANALYZE "Artist", "Track", "TrackArtist", "Release", "TrackRelease", "PlatformLink"`;
}

/** The analytics subgraph's part: 30 daily Spotify totals per track. Idempotent. */
export async function writeSyntheticStreams(tracks: SyntheticTrack[], analytics: AnalyticsPrisma): Promise<void> {
  await inChunks(
    tracks.flatMap((t) => t.streams.map((total, day) => ({ isrc: t.isrc, date: new Date(LAST_DAY - (t.streams.length - 1 - day) * 86_400_000), total: BigInt(total) }))),
    (data) => analytics.spotifyStreamCount.createMany({ data, skipDuplicates: true }),
  );
  await analytics.$executeRaw`ANALYZE "SpotifyStreamCount"`;
}

/**
 * The library subgraph's part: every other track (`inLibrary`) with its artist and album, owned by
 * `accountId`. The library has no natural keys: the account's synthetic part is replaced whole.
 */
export async function writeSyntheticLibraryTracks(tracks: SyntheticTrack[], library: LibraryPrisma, accountId = SYNTHETIC_LIBRARY_ACCOUNT): Promise<number> {
  await library.artist.deleteMany({ where: { accountId, serverSource: SYNTHETIC } });
  const inLibrary = tracks.filter((t) => t.inLibrary);
  await inChunks([...new Set(inLibrary.map((t) => t.artist))].map((name) => ({ accountId, name, serverSource: SYNTHETIC })), (data) => library.artist.createMany({ data }));
  const libArtists = new Map((await library.artist.findMany({ where: { accountId, serverSource: SYNTHETIC } })).map((a) => [a.name, a.id]));
  const albums = [...new Map(inLibrary.map((t) => [t.album, t.artist])).entries()];
  await inChunks(albums.map(([title, artist]) => ({ accountId, title, artistId: libArtists.get(artist)!, serverSource: SYNTHETIC })), (data) => library.album.createMany({ data }));
  const libAlbums = new Map((await library.album.findMany({ where: { accountId, serverSource: SYNTHETIC } })).map((a) => [a.title, a.id]));
  await inChunks(
    inLibrary.map((t) => ({ accountId, title: t.title, isrc: t.isrc, artistId: libArtists.get(t.artist)!, albumId: libAlbums.get(t.album)!, durationMs: t.durationSeconds * 1000, serverSource: SYNTHETIC })),
    (data) => library.track.createMany({ data }),
  );
  await library.$executeRaw`ANALYZE "Artist", "Album", "Track"`;
  return inLibrary.length;
}

/**
 * Writes everything; rerunning with the same catalog leaves the same rows.
 * @param matchCount synthetic audio matches (see syntheticMatches.ts) @default the catalog's matchCount sum (3 per fifth recording)
 */
export async function writeSyntheticCatalog(
  tracks: SyntheticTrack[],
  db: SyntheticTargets,
  log: (line: string) => void,
  libraryAccountId = SYNTHETIC_LIBRARY_ACCOUNT,
  matchCount = tracks.reduce((sum, t) => sum + t.matchCount, 0),
) {
  const { links, analytics, library, audioMatches } = db;
  await writeSyntheticLinks(tracks, links);
  log(`links: ${tracks.length} tracks`);
  await writeSyntheticStreams(tracks, analytics);
  log(`analytics: ${tracks.length * 30} daily totals`);
  const libraryTracks = await writeSyntheticLibraryTracks(tracks, library, libraryAccountId);
  log(`library: ${libraryTracks} tracks`);
  // Owned by the same account as the library, so the key npm start prints sees them.
  const matches = await writeSyntheticMatches(audioMatches as never, { accountId: libraryAccountId, catalogSize: tracks.length, matches: matchCount });
  log(`audio-matches: ${matches.matches} matches in ${matches.analyses} analyses (${matches.seconds.toFixed(1)} s)`);
  return { tracks: tracks.length, streamDays: tracks.length * 30, libraryTracks, matches: matches.matches };
}
