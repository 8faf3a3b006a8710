import type { MatchStatus, Provider } from '../../../../prisma/library/generated/client.ts';
import type { LibraryItemType, LibrarySource } from '../__generated__/resolvers-types.ts';
import { sourceOf } from './catalogArgs.ts';

/** One provider row of an artist, album or track, as the external-ID tables hold it. */
export interface ExternalIdRow {
  /** The artist, album or track id. */
  ownerId: number;
  provider: Provider;
  externalId: string | null;
  matchStatus: MatchStatus | null;
  lastAttempted: Date | null;
}

/** `LibraryExternalId` as the API returns it. */
export interface ExternalIdView {
  source: LibrarySource;
  id: string;
  url: string;
}

/** `LibraryEnrichment` as the API returns it. */
export interface EnrichmentView {
  source: LibrarySource;
  status: MatchStatus | null;
  lastAttemptedAt: Date | null;
}

// Sources in the order the API lists them.
const ORDER: readonly Provider[] = ['MUSICBRAINZ', 'SPOTIFY', 'ITUNES', 'DEEZER', 'AUDIODB'];

// Each source's path word for artists, albums and tracks (MusicBrainz calls an album a release, a track a recording).
const PATHS: Record<Provider, Record<LibraryItemType, string>> = {
  MUSICBRAINZ: { ARTIST: 'https://musicbrainz.org/artist/', ALBUM: 'https://musicbrainz.org/release/', TRACK: 'https://musicbrainz.org/recording/' },
  SPOTIFY: { ARTIST: 'https://open.spotify.com/artist/', ALBUM: 'https://open.spotify.com/album/', TRACK: 'https://open.spotify.com/track/' },
  ITUNES: { ARTIST: 'https://music.apple.com/artist/', ALBUM: 'https://music.apple.com/album/', TRACK: 'https://music.apple.com/song/' },
  DEEZER: { ARTIST: 'https://www.deezer.com/artist/', ALBUM: 'https://www.deezer.com/album/', TRACK: 'https://www.deezer.com/track/' },
  AUDIODB: { ARTIST: 'https://www.theaudiodb.com/artist/', ALBUM: 'https://www.theaudiodb.com/album/', TRACK: 'https://www.theaudiodb.com/track/' },
};

/** The page of an item on a source, built from its ID alone (the ID is URL-encoded). */
export function externalUrl(provider: Provider, type: LibraryItemType, id: string): string {
  return PATHS[provider][type] + encodeURIComponent(id);
}

function byOrder(a: ExternalIdRow, b: ExternalIdRow): number {
  return ORDER.indexOf(a.provider) - ORDER.indexOf(b.provider);
}

/** The IDs an item has (rows without an ID left out), each with its URL. */
export function externalIdViews(rows: readonly ExternalIdRow[], type: LibraryItemType): ExternalIdView[] {
  return rows
    .filter((row): row is ExternalIdRow & { externalId: string } => Boolean(row.externalId))
    .sort(byOrder)
    .map((row) => ({ source: sourceOf(row.provider), id: row.externalId, url: externalUrl(row.provider, type, row.externalId) }));
}

/** Enrichment per source that was ever tried (or has a status). */
export function enrichmentViews(rows: readonly ExternalIdRow[]): EnrichmentView[] {
  return rows
    .filter((row) => row.matchStatus !== null || row.lastAttempted !== null)
    .sort(byOrder)
    .map((row) => ({ source: sourceOf(row.provider), status: row.matchStatus, lastAttemptedAt: row.lastAttempted }));
}
