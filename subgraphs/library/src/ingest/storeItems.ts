import type { LibraryPrisma } from '../db.ts';
import type { LibraryItem } from './libraryItem.ts';

type Tx = Parameters<Parameters<LibraryPrisma['$transaction']>[0]>[0];

/** One file (or export item) read for a batch: what to remember about it, and what it said. */
export interface ReadResult {
  path: string;
  size: number | null;
  mtimeMs: number | null;
  itemHash: string | null;
  /** The track an earlier read made from it (updated in place, so its id and enrichment history stay). */
  trackId: number | null;
  item?: LibraryItem;
  format?: string | null;
  /** Why it could not be read (then `item` is absent). */
  error?: string;
}

/** What a batch wrote. */
export interface BatchCounts {
  artistsCreated: number;
  albumsCreated: number;
  tracksCreated: number;
  tracksUpdated: number;
  unreadable: number;
}

/** Title of the album of tracks whose source names none. */
export const UNKNOWN_ALBUM = 'Unknown Album';

const key = (...parts: (string | number)[]) => JSON.stringify(parts);

/** Finds the account's artists by exact name, creating the missing ones; name → id. */
async function artistIds(tx: Tx, accountId: string, names: Set<string>, serverSource: string): Promise<{ ids: Map<string, number>; created: number }> {
  const found = await tx.artist.findMany({ where: { accountId, name: { in: [...names] } }, select: { id: true, name: true }, orderBy: { id: 'asc' } });
  const ids = new Map<string, number>();
  for (const { id, name } of found) if (!ids.has(name)) ids.set(name, id);
  const missing = [...names].filter((name) => !ids.has(name));
  if (missing.length) {
    const created = await tx.artist.createManyAndReturn({ data: missing.map((name) => ({ accountId, name, genres: [], serverSource })), select: { id: true, name: true } });
    for (const { id, name } of created) ids.set(name, id);
  }
  return { ids, created: missing.length };
}

/**
 * Writes one batch of read files in one transaction: the artists and albums
 * they name (found by exact name within the account, else created), their
 * tracks (created, or updated in place when the file was read before), the
 * MusicBrainz IDs the tags carry (MATCHED: the file says so), and the file
 * rows (one statement for the whole batch). A track whose file changed is
 * enriched again (`enrichedAt` cleared). Unreadable files keep their track.
 */
export async function storeBatch(prisma: LibraryPrisma, accountId: string, batch: ReadResult[]): Promise<BatchCounts> {
  const counts: BatchCounts = { artistsCreated: 0, albumsCreated: 0, tracksCreated: 0, tracksUpdated: 0, unreadable: 0 };
  if (!batch.length) return counts;
  await prisma.$transaction(
    async (tx) => {
      const read = batch.filter((r): r is ReadResult & { item: LibraryItem } => Boolean(r.item));
      counts.unreadable = batch.length - read.length;
      const names = new Set(read.flatMap(({ item }) => [item.artists[0]!, item.albumArtist!]));
      const artists = await artistIds(tx, accountId, names, read[0]?.item.serverSource ?? 'file');
      counts.artistsCreated = artists.created;
      // Albums: one per album artist and title.
      const wanted = new Map<string, { artistId: number; title: string; item: LibraryItem }>();
      for (const { item } of read) {
        const artistId = artists.ids.get(item.albumArtist!)!;
        const title = item.album ?? UNKNOWN_ALBUM;
        wanted.set(key(artistId, title), wanted.get(key(artistId, title)) ?? { artistId, title, item });
      }
      const albums = new Map<string, number>();
      if (wanted.size) {
        const found = await tx.album.findMany({
          where: { accountId, artistId: { in: [...new Set([...wanted.values()].map((a) => a.artistId))] }, title: { in: [...new Set([...wanted.values()].map((a) => a.title))] } },
          select: { id: true, artistId: true, title: true },
          orderBy: { id: 'asc' },
        });
        for (const a of found) if (!albums.has(key(a.artistId, a.title))) albums.set(key(a.artistId, a.title), a.id);
        const missing = [...wanted.entries()].filter(([k]) => !albums.has(k)).map(([, a]) => a);
        if (missing.length) {
          const created = await tx.album.createManyAndReturn({
            data: missing.map(({ artistId, title, item }) => ({ accountId, artistId, title, year: item.year, genres: item.genres, serverSource: item.serverSource })),
            select: { id: true, artistId: true, title: true },
          });
          for (const a of created) albums.set(key(a.artistId, a.title), a.id);
          counts.albumsCreated = created.length;
        }
      }
      const columns = (item: LibraryItem) => ({
        albumId: albums.get(key(artists.ids.get(item.albumArtist!)!, item.album ?? UNKNOWN_ALBUM))!,
        artistId: artists.ids.get(item.artists[0]!)!,
        title: item.title,
        isrc: item.isrc,
        trackNumber: item.trackNumber,
        discNumber: item.discNumber,
        durationMs: item.durationMs,
        filePath: item.filePath,
        bitrate: item.bitrate,
        serverSource: item.serverSource,
      });
      // Tracks: new files are created together (RETURNING keeps the VALUES order); files read before update their track.
      const trackIds = new Map<string, number>();
      const fresh = read.filter((r) => r.trackId === null);
      if (fresh.length) {
        const created = await tx.track.createManyAndReturn({ data: fresh.map(({ item }) => ({ accountId, ...columns(item) })), select: { id: true } });
        if (created.length !== fresh.length) throw new Error(`created ${created.length} tracks for ${fresh.length} files`);
        created.forEach(({ id }, i) => trackIds.set(fresh[i]!.path, id));
        counts.tracksCreated = created.length;
      }
      const retagged = read.filter((r) => r.trackId !== null);
      // Where the re-read tracks were: an artist or album they leave empty is removed below.
      const before = retagged.length ? await tx.track.findMany({ where: { id: { in: retagged.map((r) => r.trackId!) } }, select: { artistId: true, albumId: true } }) : [];
      for (const r of retagged) {
        await tx.track.update({ where: { id: r.trackId! }, data: { ...columns(r.item), canonicalTrackId: null, canonicalIsrc: null, matchMethod: null, matchScore: null, enrichedAt: null } });
        trackIds.set(r.path, r.trackId!);
        counts.tracksUpdated++;
      }
      if (before.length) await removeEmptied(tx, accountId, before);
      // MusicBrainz IDs straight from the tags: MATCHED, the file says so.
      const now = new Date();
      const mb = (rows: { id: number | undefined; mbid: string | null }[]) =>
        dedupe(rows.filter((r): r is { id: number; mbid: string } => r.id !== undefined && r.mbid !== null));
      const trackMb = mb(read.map((r) => ({ id: trackIds.get(r.path), mbid: r.item.musicbrainz.recordingId })));
      if (trackMb.length) {
        await tx.trackExternalId.deleteMany({ where: { provider: 'MUSICBRAINZ', trackId: { in: trackMb.map((r) => r.id) } } });
        await tx.trackExternalId.createMany({ data: trackMb.map(({ id, mbid }) => ({ trackId: id, provider: 'MUSICBRAINZ' as const, externalId: mbid, matchStatus: 'MATCHED' as const, lastAttempted: now })) });
      }
      const artistMb = mb(read.map(({ item }) => ({ id: artists.ids.get(item.albumArtist!), mbid: item.musicbrainz.albumArtistId ?? (item.albumArtist === item.artists[0] ? item.musicbrainz.artistId : null) })));
      if (artistMb.length) await tx.artistExternalId.createMany({ data: artistMb.map(({ id, mbid }) => ({ artistId: id, provider: 'MUSICBRAINZ' as const, externalId: mbid, matchStatus: 'MATCHED' as const, lastAttempted: now })), skipDuplicates: true });
      const albumMb = mb(read.map(({ item }) => ({ id: albums.get(key(artists.ids.get(item.albumArtist!)!, item.album ?? UNKNOWN_ALBUM)), mbid: item.musicbrainz.albumId })));
      if (albumMb.length) await tx.albumExternalId.createMany({ data: albumMb.map(({ id, mbid }) => ({ albumId: id, provider: 'MUSICBRAINZ' as const, externalId: mbid, matchStatus: 'MATCHED' as const, lastAttempted: now })), skipDuplicates: true });
      // The file rows, one statement.
      const rows = batch.map((r) => ({ ...r, trackId: r.item ? trackIds.get(r.path)! : r.trackId }));
      await tx.$executeRaw`
        INSERT INTO "LibraryFile" ("accountId", "path", "size", "mtimeMs", "itemHash", "format", "trackId", "error", "removedAt", "scannedAt", "updatedAt")
        SELECT ${accountId}, f.path, f.size, f.mtime, f.hash, f.format, f.track, f.error, NULL, ${now}, ${now}
        FROM unnest(${rows.map((r) => r.path)}::text[], ${rows.map((r) => r.size)}::bigint[], ${rows.map((r) => r.mtimeMs)}::bigint[], ${rows.map((r) => r.itemHash)}::text[],
                    ${rows.map((r) => r.format ?? r.item?.format ?? null)}::text[], ${rows.map((r) => r.trackId)}::int[], ${rows.map((r) => r.error ?? null)}::text[])
          AS f(path, size, mtime, hash, format, track, error)
        ON CONFLICT ("accountId", "path") DO UPDATE SET "size" = EXCLUDED."size", "mtimeMs" = EXCLUDED."mtimeMs", "itemHash" = EXCLUDED."itemHash",
          "format" = COALESCE(EXCLUDED."format", "LibraryFile"."format"), "trackId" = COALESCE(EXCLUDED."trackId", "LibraryFile"."trackId"),
          "error" = EXCLUDED."error", "removedAt" = NULL, "scannedAt" = EXCLUDED."scannedAt", "updatedAt" = EXCLUDED."updatedAt"`;
    },
    { timeout: 120_000, maxWait: 60_000 },
  );
  return counts;
}

/**
 * Removes the albums, then the artists, that re-tagged tracks left without a
 * track (an artist also needs no album left); their external IDs cascade.
 * Only those the tracks were in: an artist an export listed without tracks stays.
 */
async function removeEmptied(tx: Parameters<Parameters<LibraryPrisma['$transaction']>[0]>[0], accountId: string, before: { artistId: number; albumId: number }[]): Promise<void> {
  const albumIds = [...new Set(before.map((t) => t.albumId))];
  const removed = await tx.$queryRaw<{ artistId: number }[]>`
    DELETE FROM "Album" a WHERE a."accountId" = ${accountId} AND a."id" = ANY(${albumIds}::int[])
      AND NOT EXISTS (SELECT 1 FROM "Track" t WHERE t."albumId" = a."id")
    RETURNING a."artistId"`;
  const artistIds = [...new Set([...before.map((t) => t.artistId), ...removed.map((a) => a.artistId)])];
  await tx.$executeRaw`
    DELETE FROM "Artist" ar WHERE ar."accountId" = ${accountId} AND ar."id" = ANY(${artistIds}::int[])
      AND NOT EXISTS (SELECT 1 FROM "Track" t WHERE t."artistId" = ar."id")
      AND NOT EXISTS (SELECT 1 FROM "Album" al WHERE al."artistId" = ar."id")`;
}

function dedupe<T extends { id: number }>(rows: T[]): T[] {
  return [...new Map(rows.map((r) => [r.id, r])).values()];
}

/** Marks the account's files under `prefix` that are not in `seen` as removed (their tracks stay); returns how many. */
export async function markRemoved(prisma: LibraryPrisma, accountId: string, paths: string[]): Promise<number> {
  let marked = 0;
  const now = new Date();
  for (let i = 0; i < paths.length; i += 1000) {
    const { count } = await prisma.libraryFile.updateMany({ where: { accountId, path: { in: paths.slice(i, i + 1000) }, removedAt: null }, data: { removedAt: now } });
    marked += count;
  }
  return marked;
}
