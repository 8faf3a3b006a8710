import DataLoader from 'dataloader';
import { groupByKeys, indexByKeys } from '../../../lib/loaderUtils.ts';
import type { Connection } from '../../../lib/pagination.ts';
import type { MatchArtist, MatchDistributor, MatchTimeOffset, TrackAnalysis, TrackMatch } from '../../../prisma/audio-matches/generated/client.ts';
import type { AudioMatchesPrisma } from './db.ts';
import { deezerArtistUrl, spotifyArtistUrl, type PlatformArtist } from './matchLinks.ts';
import { loadMatchPages, matchPageCacheKey, type MatchPageKey } from './matchPages.ts';

/**
 * A track as this subgraph knows it: the canonical id (an owner's track, or a
 * representation), or the ISRC (a match's recording). The links subgraph owns the rest.
 */
export interface TrackRef {
  id?: string;
  isrc?: string;
}

/** A page of matches as `Track.matches` and `Query.trackMatches` return it. */
export type TrackMatchConnectionRow = Connection<TrackMatch>;

/** One loader of a match's child rows: one statement per request, rows in position order. */
function childLoader<R extends { matchId: number }>(find: (matchIds: number[]) => Promise<R[]>) {
  return new DataLoader<number, R[]>(async (ids) => groupByKeys(ids, await find([...ids]), (row) => row.matchId));
}

const inPositionOrder = (matchIds: number[]) => ({ where: { matchId: { in: matchIds } }, orderBy: [{ matchId: 'asc' as const }, { position: 'asc' as const }] });

/**
 * The per-request DataLoaders of the audio-matches subgraph, for one caller's
 * account (null when anonymous: resolvers refuse before loading). Created for
 * every request (never shared), so one account's cache can't answer another's;
 * matches are looked up within the account only.
 */
export function createLoaders(prisma: AudioMatchesPrisma, accountId: string | null) {
  const account = accountId ?? '';
  const matchById = new DataLoader<number, TrackMatch | null>(async (ids) =>
    indexByKeys(ids, await prisma.trackMatch.findMany({ where: { id: { in: [...ids] }, accountId: account } }), (m) => m.id),
  );
  const matchPages = new DataLoader<MatchPageKey, TrackMatchConnectionRow, string>((keys) => loadMatchPages(prisma, account, keys), {
    cacheKeyFn: matchPageCacheKey,
  });
  const analysisById = new DataLoader<number, TrackAnalysis | null>(async (ids) =>
    indexByKeys(ids, await prisma.trackAnalysis.findMany({ where: { id: { in: [...ids] }, accountId: account } }), (a) => a.id),
  );
  const platformArtists = <R extends { matchId: number; name: string }>(rows: R[], id: (row: R) => string, url: (id: string) => string) =>
    rows.map((row) => ({ matchId: row.matchId, id: id(row), name: row.name, url: url(id(row)) }));
  return {
    matchById,
    matchPages,
    analysisById,
    artistsByMatchId: childLoader<MatchArtist>((ids) => prisma.matchArtist.findMany(inPositionOrder(ids))),
    distributorsByMatchId: childLoader<MatchDistributor>((ids) => prisma.matchDistributor.findMany(inPositionOrder(ids))),
    timeOffsetsByMatchId: childLoader<MatchTimeOffset>((ids) => prisma.matchTimeOffset.findMany(inPositionOrder(ids))),
    spotifyArtistsByMatchId: childLoader<PlatformArtist & { matchId: number }>(async (ids) =>
      platformArtists(await prisma.matchSpotifyArtist.findMany(inPositionOrder(ids)), (row) => row.spotifyId, spotifyArtistUrl),
    ),
    deezerArtistsByMatchId: childLoader<PlatformArtist & { matchId: number }>(async (ids) =>
      platformArtists(await prisma.matchDeezerArtist.findMany(inPositionOrder(ids)), (row) => row.deezerId, deezerArtistUrl),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
