import { groupByKeys } from '../../../../lib/loaderUtils.ts';
import { formatIsoDate } from '../../../../lib/scalars.ts';
import type { Playlist } from '../../../../prisma/analytics/generated/client.ts';
import type { PlaylistPlatform } from '../../../../prisma/analytics/generated/enums.ts';
import type { AnalyticsPrisma } from '../db.ts';

/** The playlist with this platform id, or null. */
export function findPlaylist(prisma: AnalyticsPrisma, platform: PlaylistPlatform, externalId: string): Promise<Playlist | null> {
  return prisma.playlist.findUnique({ where: { platform_externalId: { platform, externalId } } });
}

/** One `followersHistory` to load. */
export interface FollowersKey {
  playlistId: number;
  from: string | null;
  to: string | null;
}

/** Equal arguments share one load. */
export const followersCacheKey = (key: FollowersKey) => JSON.stringify([key.playlistId, key.from, key.to]);

/** Followers per day of many playlists, oldest first: one statement per distinct range. */
export async function loadFollowers(prisma: AnalyticsPrisma, keys: readonly FollowersKey[]): Promise<{ date: string; followers: number }[][]> {
  const ranges = new Map<string, { from: string | null; to: string | null; ids: number[] }>();
  for (const { playlistId, from, to } of keys) {
    const range = ranges.get(`${from}|${to}`) ?? { from, to, ids: [] };
    if (!range.ids.includes(playlistId)) range.ids.push(playlistId);
    ranges.set(`${from}|${to}`, range);
  }
  const loaded = new Map<string, { date: string; followers: number }[]>();
  await Promise.all(
    [...ranges.values()].map(async ({ from, to, ids }) => {
      const rows = await prisma.playlistFollowers.findMany({
        where: { playlistId: { in: ids }, ...(from || to ? { date: { ...(from && { gte: new Date(`${from}T00:00:00Z`) }), ...(to && { lte: new Date(`${to}T00:00:00Z`) }) } } : {}) },
        orderBy: [{ playlistId: 'asc' }, { date: 'asc' }],
      });
      groupByKeys(ids, rows, (row) => row.playlistId).forEach((points, index) =>
        loaded.set(followersCacheKey({ playlistId: ids[index]!, from, to }), points.map((p) => ({ date: formatIsoDate(p.date), followers: p.followers }))),
      );
    }),
  );
  return keys.map((key) => loaded.get(followersCacheKey(key)) ?? []);
}
