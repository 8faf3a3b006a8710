import type { Prisma } from '../../../../prisma/audio-matches/generated/client.ts';
import { formatIsoDate } from '../../../../lib/scalars.ts';
import type { MatchChildren, MatchColumns } from './matchRows.ts';

type Tx = Prisma.TransactionClient;

/** A new match row: the owner, its key, its columns. */
export interface NewMatch {
  externalKey: string;
  columns: MatchColumns;
}

// Raw `INSERT … SELECT FROM unnest(arrays)`: one statement and one parameter per
// column whatever the number of rows, where Prisma's createMany compiles a
// statement with a parameter per value (most of a large import's time).

/** Inserts matches of one analysis in one statement; returns their ids by `isCover|externalKey`. */
export async function insertMatches(tx: Tx, owner: { accountId: string; trackId: string; analysisId: number }, rows: NewMatch[], now: Date): Promise<Map<string, number>> {
  const col = <K extends keyof MatchColumns>(key: K) => rows.map((row) => row.columns[key]);
  const at = now.toISOString();
  const inserted = await tx.$queryRaw<{ id: number; isCover: boolean; externalKey: string }[]>`
    INSERT INTO "TrackMatch" ("accountId", "trackId", "analysisId", "externalKey", "isCover", "title", "albumTitle", "isrc", "albumUpc", "iswc", "label",
      "releaseDate", "youtubeId", "spotifyId", "spotifyTitle", "spotifyAlbumId", "spotifyAlbumName", "appleId", "deezerId", "deezerTitle",
      "deezerAlbumId", "deezerAlbumName", "confidenceScore", "createdAt", "updatedAt")
    SELECT ${owner.accountId}, ${owner.trackId}, ${owner.analysisId}, u.*, ${at}::timestamp(3), ${at}::timestamp(3)
    FROM unnest(${rows.map((row) => row.externalKey)}::text[], ${col('isCover')}::boolean[], ${col('title')}::text[], ${col('albumTitle')}::text[],
      ${col('isrc')}::text[], ${col('albumUpc')}::text[], ${col('iswc')}::text[], ${col('label')}::text[],
      ${col('releaseDate').map((date) => (date ? formatIsoDate(date) : null))}::date[], ${col('youtubeId')}::text[], ${col('spotifyId')}::text[],
      ${col('spotifyTitle')}::text[], ${col('spotifyAlbumId')}::text[], ${col('spotifyAlbumName')}::text[], ${col('appleId')}::text[],
      ${col('deezerId')}::text[], ${col('deezerTitle')}::text[], ${col('deezerAlbumId')}::text[], ${col('deezerAlbumName')}::text[],
      ${col('confidenceScore')}::int[]) AS u
    RETURNING "id", "isCover", "externalKey"`;
  return new Map(inserted.map((row) => [`${row.isCover}|${row.externalKey}`, row.id]));
}

/** Rewrites the columns of existing matches in one statement (`updatedAt` = `now`). */
export async function updateMatches(tx: Tx, rows: { id: number; columns: MatchColumns }[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof MatchColumns>(key: K) => rows.map((row) => row.columns[key]);
  await tx.$executeRaw`
    UPDATE "TrackMatch" m SET "isCover" = u."isCover", "title" = u."title", "albumTitle" = u."albumTitle", "isrc" = u."isrc", "albumUpc" = u."albumUpc",
      "iswc" = u."iswc", "label" = u."label", "releaseDate" = u."releaseDate", "youtubeId" = u."youtubeId", "spotifyId" = u."spotifyId",
      "spotifyTitle" = u."spotifyTitle", "spotifyAlbumId" = u."spotifyAlbumId", "spotifyAlbumName" = u."spotifyAlbumName", "appleId" = u."appleId",
      "deezerId" = u."deezerId", "deezerTitle" = u."deezerTitle", "deezerAlbumId" = u."deezerAlbumId", "deezerAlbumName" = u."deezerAlbumName",
      "confidenceScore" = u."confidenceScore", "updatedAt" = ${now.toISOString()}::timestamp(3)
    FROM unnest(${rows.map((row) => row.id)}::int[], ${col('isCover')}::boolean[], ${col('title')}::text[], ${col('albumTitle')}::text[],
      ${col('isrc')}::text[], ${col('albumUpc')}::text[], ${col('iswc')}::text[], ${col('label')}::text[],
      ${col('releaseDate').map((date) => (date ? formatIsoDate(date) : null))}::date[], ${col('youtubeId')}::text[], ${col('spotifyId')}::text[],
      ${col('spotifyTitle')}::text[], ${col('spotifyAlbumId')}::text[], ${col('spotifyAlbumName')}::text[], ${col('appleId')}::text[],
      ${col('deezerId')}::text[], ${col('deezerTitle')}::text[], ${col('deezerAlbumId')}::text[], ${col('deezerAlbumName')}::text[],
      ${col('confidenceScore')}::int[])
      AS u("id", "isCover", "title", "albumTitle", "isrc", "albumUpc", "iswc", "label", "releaseDate", "youtubeId", "spotifyId", "spotifyTitle",
           "spotifyAlbumId", "spotifyAlbumName", "appleId", "deezerId", "deezerTitle", "deezerAlbumId", "deezerAlbumName", "confidenceScore")
    WHERE m."id" = u."id"`;
}

/** Every child row of these matches, one statement per table (none for an empty table). */
export async function insertChildren(tx: Tx, written: { id: number; children: MatchChildren }[]): Promise<void> {
  const rows = <K extends keyof MatchChildren>(relation: K) =>
    written.flatMap(({ id, children }) => (children[relation] as MatchChildren[K][number][]).map((row, position) => ({ ...row, matchId: id, position })));
  const ids = (list: { matchId: number }[]) => list.map((row) => row.matchId);
  const positions = (list: { position: number }[]) => list.map((row) => row.position);
  const artists = rows('artists');
  const distributors = rows('distributors');
  const offsets = rows('timeOffsets');
  const spotify = rows('spotifyArtists');
  const deezer = rows('deezerArtists');
  // One after another: a transaction is one connection, and pg refuses overlapping queries on one.
  for (const write of [
    () => artists.length && tx.$executeRaw`INSERT INTO "MatchArtist" ("matchId", "position", "name")
      SELECT * FROM unnest(${ids(artists)}::int[], ${positions(artists)}::int[], ${artists.map((r) => r.name)}::text[])`,
    () => distributors.length && tx.$executeRaw`INSERT INTO "MatchDistributor" ("matchId", "position", "name")
      SELECT * FROM unnest(${ids(distributors)}::int[], ${positions(distributors)}::int[], ${distributors.map((r) => r.name)}::text[])`,
    () => offsets.length && tx.$executeRaw`INSERT INTO "MatchTimeOffset" ("matchId", "position", "trackStartMs", "trackEndMs", "matchStartMs", "matchEndMs")
      SELECT * FROM unnest(${ids(offsets)}::int[], ${positions(offsets)}::int[], ${offsets.map((r) => r.trackStartMs)}::int[],
        ${offsets.map((r) => r.trackEndMs)}::int[], ${offsets.map((r) => r.matchStartMs)}::int[], ${offsets.map((r) => r.matchEndMs)}::int[])`,
    () => spotify.length && tx.$executeRaw`INSERT INTO "MatchSpotifyArtist" ("matchId", "position", "spotifyId", "name")
      SELECT * FROM unnest(${ids(spotify)}::int[], ${positions(spotify)}::int[], ${spotify.map((r) => r.spotifyId)}::text[], ${spotify.map((r) => r.name)}::text[])`,
    () => deezer.length && tx.$executeRaw`INSERT INTO "MatchDeezerArtist" ("matchId", "position", "deezerId", "name")
      SELECT * FROM unnest(${ids(deezer)}::int[], ${positions(deezer)}::int[], ${deezer.map((r) => r.deezerId)}::text[], ${deezer.map((r) => r.name)}::text[])`,
  ])
    await write();
}
