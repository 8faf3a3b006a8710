import { parseIswc } from '../../../lib/codes/iswc.ts';
import { parseUpc } from '../../../lib/codes/upc.ts';
import { parseIsrc } from '../../../lib/isrc/isrc.ts';
import { Prisma } from '../../../prisma/audio-matches/generated/client.ts';
import { containsPattern, parseSearch } from '../../library/src/librarySearch.ts';
import { parseTrackId } from '../../links/src/trackId.ts';
import type { TrackMatchFilter } from './__generated__/resolvers-types.ts';

/** A `TrackMatchFilter` after validation: codes canonical, texts trimmed and bounded; absent fields are null. */
export interface MatchFilter {
  trackId: string | null;
  isCover: boolean | null;
  title: string | null;
  albumTitle: string | null;
  isrc: string | null;
  albumUpc: string | null;
  iswc: string | null;
  label: string | null;
}

/**
 * Validates a filter argument: BAD_USER_INPUT naming the field
 * (`filter.isrc`, …) for a malformed track id or code, or a text over 200 characters.
 */
export function parseMatchFilter(filter: TrackMatchFilter | null | undefined, argument = 'filter'): MatchFilter {
  const code = <T>(raw: string | null | undefined, parse: (raw: string, argument: string) => T, field: string): T | null =>
    raw == null ? null : parse(raw, `${argument}.${field}`);
  return {
    trackId: code(filter?.trackId, parseTrackId, 'trackId'),
    isCover: filter?.isCover ?? null,
    title: parseSearch(filter?.title, `${argument}.title`),
    albumTitle: parseSearch(filter?.albumTitle, `${argument}.albumTitle`),
    isrc: code(filter?.isrc, parseIsrc, 'isrc'),
    albumUpc: code(filter?.albumUpc, parseUpc, 'albumUpc'),
    iswc: code(filter?.iswc, parseIswc, 'iswc'),
    label: parseSearch(filter?.label, `${argument}.label`),
  };
}

/** A stable text of a filter, for DataLoader keys: equal filters share one query. */
export function matchFilterKey(filter: MatchFilter): string {
  return JSON.stringify(Object.values(filter));
}

/**
 * The WHERE conditions of an account's matches under a filter (table alias `m`).
 * Title and album title search the trigger-kept lower(unaccent(…)) columns, so
 * their trigram indexes apply; the label compares whole, the same way folded.
 */
export function matchFilterSql(accountId: string, filter: MatchFilter): Prisma.Sql {
  const conditions = [Prisma.sql`m."accountId" = ${accountId}`];
  if (filter.trackId !== null) conditions.push(Prisma.sql`m."trackId" = ${filter.trackId}`);
  if (filter.isCover !== null) conditions.push(Prisma.sql`m."isCover" = ${filter.isCover}`);
  if (filter.title !== null) conditions.push(Prisma.sql`m."searchTitle" LIKE lower(unaccent(${containsPattern(filter.title)}::text))`);
  if (filter.albumTitle !== null) conditions.push(Prisma.sql`m."searchAlbumTitle" LIKE lower(unaccent(${containsPattern(filter.albumTitle)}::text))`);
  if (filter.isrc !== null) conditions.push(Prisma.sql`m."isrc" = ${filter.isrc}::char(12)`);
  if (filter.albumUpc !== null) conditions.push(Prisma.sql`m."albumUpc" = ${filter.albumUpc}`);
  if (filter.iswc !== null) conditions.push(Prisma.sql`m."iswc" = ${filter.iswc}`);
  if (filter.label !== null) conditions.push(Prisma.sql`m."searchLabel" = lower(unaccent(${filter.label}::text))`);
  return Prisma.join(conditions, ' AND ');
}
