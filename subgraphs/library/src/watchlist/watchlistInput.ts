import { BadUserInputError } from '../../../../lib/errors.ts';
import { normalizeForSearch } from '../../../links/src/search/normalize.ts';
import type { WatchlistArtistInput, WatchlistFiltersInput } from '../__generated__/resolvers-types.ts';
import { parseAvatarUrl } from '../profiles/profileInput.ts';

/** Most artists one `addToWatchlist` (or `removeFromWatchlist`) takes. */
export const MAX_WATCHLIST_BATCH = 100;

/** Most artists one profile watches. */
export const MAX_WATCHLIST_SIZE = 1_000;

/** Longest artist name. */
export const MAX_ARTIST_NAME_LENGTH = 200;

/** A watchlist entry's columns, validated. */
export interface WatchlistArtistData {
  artistName: string;
  nameKey: string;
  spotifyArtistId: string | null;
  itunesArtistId: string | null;
  imageUrl: string | null;
  filters: FilterColumns | null;
}

/** The filter columns, as Prisma writes them. */
export interface FilterColumns {
  includeAlbums?: boolean;
  includeEps?: boolean;
  includeSingles?: boolean;
  includeLive?: boolean;
  includeRemixes?: boolean;
  includeAcoustic?: boolean;
  includeCompilations?: boolean;
}

/** The columns of the filters given (absent ones untouched); BAD_USER_INPUT for an explicit null. */
export function filterColumns(input: WatchlistFiltersInput, argument = 'filters'): FilterColumns {
  const columns: FilterColumns = {};
  const names = { albums: 'includeAlbums', eps: 'includeEps', singles: 'includeSingles', live: 'includeLive', remixes: 'includeRemixes', acoustic: 'includeAcoustic', compilations: 'includeCompilations' } as const;
  for (const [field, column] of Object.entries(names) as [keyof typeof names, (typeof names)[keyof typeof names]][]) {
    const value = input[field];
    if (value === null) throw new BadUserInputError(`\`${argument}.${field}\` must be true or false, not null.`, `${argument}.${field}`, null);
    if (value !== undefined) columns[column] = value;
  }
  return columns;
}

/** Checks a batch's size: 1 to {@link MAX_WATCHLIST_BATCH}. */
export function checkBatch(length: number, argument: string, max = MAX_WATCHLIST_BATCH): void {
  if (length < 1 || length > max) throw new BadUserInputError(`\`${argument}\` must hold 1 to ${max} items, got ${length}.`, argument, undefined, { max, length });
}

/** One `addToWatchlist` item, validated (BAD_USER_INPUT naming `artists[i].field`). */
export function parseWatchlistArtist(input: WatchlistArtistInput, index: number): WatchlistArtistData {
  const at = (field: string) => `artists[${index}].${field}`;
  const artistName = input.artistName.normalize('NFC').trim();
  const length = [...artistName].length;
  if (length === 0 || length > MAX_ARTIST_NAME_LENGTH) throw new BadUserInputError(`\`${at('artistName')}\` must be 1 to ${MAX_ARTIST_NAME_LENGTH} characters, got ${length}.`, at('artistName'), input.artistName);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(artistName)) throw new BadUserInputError(`\`${at('artistName')}\` must not contain control characters.`, at('artistName'), input.artistName);
  const nameKey = normalizeForSearch(artistName) || artistName.toLowerCase();
  const spotifyArtistId = input.spotifyArtistId?.trim() || null;
  if (spotifyArtistId !== null && !/^[0-9A-Za-z]{22}$/.test(spotifyArtistId)) throw new BadUserInputError(`\`${at('spotifyArtistId')}\` must be a base-62 Spotify artist id of 22 characters, got "${input.spotifyArtistId}".`, at('spotifyArtistId'), input.spotifyArtistId);
  const itunesArtistId = input.itunesArtistId?.trim() || null;
  if (itunesArtistId !== null && !/^\d{1,20}$/.test(itunesArtistId)) throw new BadUserInputError(`\`${at('itunesArtistId')}\` must be digits, got "${input.itunesArtistId}".`, at('itunesArtistId'), input.itunesArtistId);
  const imageUrl = input.imageUrl ? parseAvatarUrl(input.imageUrl, at('imageUrl')) : null;
  return { artistName, nameKey, spotifyArtistId, itunesArtistId, imageUrl, filters: input.filters ? filterColumns(input.filters, at('filters')) : null };
}
