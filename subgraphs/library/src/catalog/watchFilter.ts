import { Prisma } from '../../../../prisma/library/generated/client.ts';
import type { LibraryWatchFilter } from '../__generated__/resolvers-types.ts';
import type { Context } from '../context.ts';
import { requestProfile } from '../profiles/requestProfile.ts';

/**
 * The condition `libraryArtists(watch:)` adds on `a` (the library artist): ALL
 * keeps every artist (and reads no profile); WATCHED / UNWATCHED keep those the
 * profile's watchlist names (or not). The profile is `profile`, else the
 * `x-profile-id` header, else the account's default profile (requestProfile).
 * A watchlist entry names a library artist by its Spotify or Apple Music artist
 * ID, or by name compared as the links search normalizes names (the watchlist's
 * `nameKey`, normalizeForSearch): case, accents, `&`/`+` as "and", punctuation
 * inside words dropped, other punctuation a space.
 */
export async function watchedArtistCondition(
  context: Context,
  _accountId: string,
  watch: LibraryWatchFilter | null | undefined,
  profile: string | null | undefined,
): Promise<Prisma.Sql> {
  if (watch == null || watch === 'ALL') return Prisma.sql`TRUE`;
  const { id: profileId } = await requestProfile(context, profile);
  const entries = await context.prisma.watchlistArtist.findMany({ where: { profileId }, select: { nameKey: true, spotifyArtistId: true, itunesArtistId: true } });
  const ids = (pick: (entry: (typeof entries)[number]) => string | null) => entries.flatMap((entry) => (pick(entry) ? [pick(entry)!] : []));
  const watched =
    entries.length === 0
      ? Prisma.sql`FALSE`
      : Prisma.sql`(btrim(regexp_replace(regexp_replace(regexp_replace(a."searchName", '\\s*[&+]\\s*', ' and ', 'g'),
            '(?<=[[:alnum:]])[^[:alnum:][:space:]]+(?=[[:alnum:]])', '', 'g'), '[^[:alnum:]]+', ' ', 'g')) = ANY(${entries.map((e) => e.nameKey)}::text[])
          OR EXISTS (SELECT 1 FROM "ArtistExternalId" e WHERE e."artistId" = a."id" AND (
            (e."provider" = 'SPOTIFY' AND e."externalId" = ANY(${ids((e) => e.spotifyArtistId)}::text[]))
            OR (e."provider" = 'ITUNES' AND e."externalId" = ANY(${ids((e) => e.itunesArtistId)}::text[])))))`;
  return watch === 'WATCHED' ? watched : Prisma.sql`NOT ${watched}`;
}
