import type { LinksPrisma } from '../db.ts';
import type { ProviderPlatform, ProviderTrack } from '../providers/types.ts';
import type { DiscoveryConfig } from './config.ts';
import { isFresh, pairKey } from './freshness.ts';
import type { PlatformOutcome } from './types.ts';

/** What the database already says about a set of ISRCs. */
export interface KnownOutcomes {
  /** Canonical track id per ISRC already in the catalog. */
  trackIds: Map<string, string>;
  /** Answers that still stand, by {@link pairKey}: FOUND where a link is known, fresh NOT_FOUND and ERROR. */
  outcomes: Map<string, PlatformOutcome>;
  /** The UPCs of each catalog track's releases (ISRCs without one are absent); empty unless asked for. */
  upcs: Map<string, string[]>;
}

/**
 * Reads the catalog tracks (with their links and credits) and the LinkStatus rows of `isrcs`, in a
 * fixed number of statements whatever the number of ISRCs, and keeps the answers that still stand.
 * With `withUpcs`, also their releases' UPCs (one more statement, run alongside).
 */
export async function readKnownOutcomes(
  prisma: LinksPrisma,
  isrcs: readonly string[],
  platforms: ReadonlySet<ProviderPlatform>,
  config: DiscoveryConfig,
  now: Date,
  { withUpcs = false } = {},
): Promise<KnownOutcomes> {
  const [tracks, statuses, upcs] = await Promise.all([
    prisma.track.findMany({
      where: { isrc: { in: [...isrcs] } },
      select: {
        id: true, isrc: true, title: true, releaseTitle: true, releaseDate: true, durationSeconds: true, artworkUrl: true,
        links: { select: { platform: true, externalId: true, createdAt: true }, orderBy: { id: 'asc' } },
        artists: { select: { artist: { select: { name: true } } }, orderBy: { position: 'asc' } },
      },
    }),
    prisma.linkStatus.findMany({ where: { isrc: { in: [...isrcs] }, platform: { in: [...platforms] } } }),
    withUpcs ? readReleaseUpcs(prisma, isrcs) : new Map<string, string[]>(),
  ]);
  const outcomes = new Map<string, PlatformOutcome>();
  const statusByPair = new Map(statuses.map((status) => [pairKey(status.platform, status.isrc), status]));
  for (const status of statuses) {
    if (status.state === 'FOUND') continue; // FOUND counts only with a link, below.
    if (!isFresh(status.state, status.checkedAt, config, now)) continue;
    outcomes.set(pairKey(status.platform, status.isrc), { platform: status.platform as ProviderPlatform, state: status.state, checkedAt: status.checkedAt, tracks: [], error: status.error });
  }
  for (const track of tracks) {
    const artists = track.artists.map((credit) => credit.artist.name);
    for (const link of track.links) {
      const platform = link.platform as ProviderPlatform;
      if (!platforms.has(platform)) continue;
      const key = pairKey(platform, track.isrc);
      const known = outcomes.get(key);
      const providerTrack: ProviderTrack = {
        platform, externalId: link.externalId, isrc: track.isrc, title: track.title, artists,
        releaseTitle: track.releaseTitle, releaseDate: track.releaseDate?.toISOString().slice(0, 10) ?? null,
        upc: null, durationSeconds: track.durationSeconds, artworkUrl: track.artworkUrl,
      };
      // A known link wins over an older NOT_FOUND or ERROR (the link may have been imported since).
      if (known?.state === 'FOUND') known.tracks.push(providerTrack);
      else {
        const status = statusByPair.get(key);
        const checkedAt = status?.state === 'FOUND' ? status.checkedAt : link.createdAt;
        outcomes.set(key, { platform, state: 'FOUND', checkedAt, tracks: [providerTrack], error: null });
      }
    }
  }
  return { trackIds: new Map(tracks.map((track) => [track.isrc, track.id])), outcomes, upcs };
}

/** The UPCs of the releases of the catalog tracks of `isrcs`, by ISRC, in one statement. */
async function readReleaseUpcs(prisma: LinksPrisma, isrcs: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await prisma.$queryRaw<{ isrc: string; upc: string }[]>`
    SELECT t."isrc", r."upc"
    FROM "Track" t
    JOIN "TrackRelease" tr ON tr."trackId" = t."id"
    JOIN "Release" r ON r."id" = tr."releaseId"
    WHERE t."isrc" = ANY(${[...isrcs]}::text[]) AND r."upc" IS NOT NULL
    ORDER BY r."releaseDate" ASC NULLS LAST, r."id" ASC`;
  const upcs = new Map<string, string[]>();
  for (const { isrc, upc } of rows) upcs.set(isrc.trim(), [...(upcs.get(isrc.trim()) ?? []), upc]);
  return upcs;
}
