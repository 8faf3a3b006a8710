import { Platform } from '../../../../prisma/links/generated/enums.ts';
import type { LinkStatus, PlatformLink } from '../../../../prisma/links/generated/client.ts';
import type { LinkState } from '../__generated__/resolvers-types.ts';

/** One `LinkStatus` entry of the API. */
export interface LinkStatusEntry {
  source: Platform;
  state: LinkState;
  checkedAt: Date | null;
  reason: string | null;
}

/** Why a platform without a recorded lookup was not asked, by platform (from the discovery settings). */
export type UncheckedReasons = ReadonlyMap<string, string | null>;

/**
 * Where each platform stands for one recording, in `Platform` order: a known link is FOUND (whatever
 * an older lookup said, since links can be imported later), else the last recorded lookup, else
 * UNCHECKED with the reason the platform is not asked.
 */
export function linkStatusEntries(
  links: readonly PlatformLink[],
  statuses: readonly LinkStatus[],
  unchecked: UncheckedReasons,
  sources?: readonly Platform[] | null,
): LinkStatusEntry[] {
  const wanted = sources?.length ? new Set(sources) : null;
  return Object.values(Platform).flatMap((platform): LinkStatusEntry[] => {
    if (wanted && !wanted.has(platform)) return [];
    const status = statuses.find((row) => row.platform === platform);
    const link = links.find((row) => row.platform === platform);
    if (link) return [{ source: platform, state: 'FOUND', checkedAt: status?.state === 'FOUND' ? status.checkedAt : link.createdAt, reason: null }];
    // A FOUND row without a link cannot stand (the link was removed): say nothing was found instead of inventing one.
    if (status && status.state !== 'FOUND') return [{ source: platform, state: status.state, checkedAt: status.checkedAt, reason: status.error }];
    return [{ source: platform, state: 'UNCHECKED', checkedAt: null, reason: unchecked.get(platform) ?? `${platform} is not looked up by ISRC` }];
  });
}
