/** Writes a large, clearly synthetic library for one account (benchmarks): artists, albums and tracks tied to the synthetic catalog's ISRCs. */
import type { PrismaClient as LibraryPrisma } from '../prisma/library/generated/client.ts';
import { syntheticIsrc } from './syntheticCatalog.ts';

/** Options of {@link writeSyntheticLibrary}. */
export interface SyntheticLibraryOptions {
  /** The account the library belongs to. */
  accountId: string;
  /** Library tracks to write. */
  tracks: number;
  /** Recordings in the synthetic catalog: library track `n` has the ISRC of recording `n % catalogSize`, so every one is tied to a canonical recording. */
  catalogSize: number;
  /** Tracks per album. @default 10 */
  tracksPerAlbum?: number;
  /** Albums per artist. @default 2 */
  albumsPerArtist?: number;
}

const CHUNK = 5_000;
const SYNTHETIC = 'synthetic';

/**
 * Replaces the account's synthetic library ("Synthetic Library Artist n",
 * "Synthetic Library Album n", "Synthetic Library Track #n", server source
 * `synthetic`) with `tracks` tracks. Returns what it wrote.
 */
export async function writeSyntheticLibrary(library: LibraryPrisma, options: SyntheticLibraryOptions): Promise<{ artists: number; albums: number; tracks: number }> {
  const { accountId, tracks, catalogSize, tracksPerAlbum = 10, albumsPerArtist = 2 } = options;
  await library.artist.deleteMany({ where: { accountId, serverSource: SYNTHETIC } });
  const albumCount = Math.ceil(tracks / tracksPerAlbum);
  const artistCount = Math.ceil(albumCount / albumsPerArtist);
  const artistIds: number[] = [];
  for (let i = 0; i < artistCount; i += CHUNK) {
    const rows = await library.artist.createManyAndReturn({
      data: Array.from({ length: Math.min(CHUNK, artistCount - i) }, (_, k) => ({ accountId, name: `Synthetic Library Artist ${i + k + 1}`, genres: [SYNTHETIC], serverSource: SYNTHETIC })),
      select: { id: true },
    });
    artistIds.push(...rows.map((row) => row.id));
  }
  const albumIds: number[] = [];
  for (let i = 0; i < albumCount; i += CHUNK) {
    const rows = await library.album.createManyAndReturn({
      data: Array.from({ length: Math.min(CHUNK, albumCount - i) }, (_, k) => ({
        accountId,
        artistId: artistIds[Math.floor((i + k) / albumsPerArtist)]!,
        title: `Synthetic Library Album ${i + k + 1}`,
        year: 1960 + ((i + k) % 65),
        recordType: 'ALBUM' as const,
        serverSource: SYNTHETIC,
      })),
      select: { id: true },
    });
    albumIds.push(...rows.map((row) => row.id));
  }
  for (let i = 0; i < tracks; i += CHUNK) {
    await library.track.createMany({
      data: Array.from({ length: Math.min(CHUNK, tracks - i) }, (_, k) => {
        const n = i + k;
        const album = Math.floor(n / tracksPerAlbum);
        return {
          accountId,
          artistId: artistIds[Math.floor(album / albumsPerArtist)]!,
          albumId: albumIds[album]!,
          title: `Synthetic Library Track #${n + 1}`,
          isrc: syntheticIsrc(n % catalogSize),
          discNumber: 1,
          trackNumber: (n % tracksPerAlbum) + 1,
          durationMs: 180_000,
          serverSource: SYNTHETIC,
        };
      }),
    });
  }
  return { artists: artistCount, albums: albumCount, tracks };
}
