import { linkStatusEntries } from '../discovery/linkStatusEntries.ts';
import { platformUrl } from '../platformUrls.ts';
import type { PlatformLinkResolvers, TrackResolvers } from '../__generated__/resolvers-types.ts';

/** Track fields that are not plain columns, and the entity reference resolver. */
export const Track: TrackResolvers = {
  // Other subgraphs refer to a track by id or by ISRC (both are @key).
  __resolveReference: (ref, { loaders }) => {
    if ('id' in ref) return loaders.trackById.load(ref.id);
    return loaders.trackByIsrc.load(ref.isrc);
  },
  isrc: (track) => track.isrc.trim(),
  artists: (track, _args, { loaders }) => loaders.artistsByTrackId.load(track.id),
  // A track looked up by ISRC first asks the platforms it has no answer from (see RequestDiscovery.settle).
  links: async (track, { sources }, { loaders, discovery }) => {
    await discovery.settle(track);
    const links = await loaders.linksByTrackId.load(track.id);
    return sources?.length ? links.filter((link) => sources.includes(link.platform)) : links;
  },
  // Links come ordered by platform, then oldest first: the first match is the first-known id.
  link: async (track, { source }, { loaders, discovery }) => {
    await discovery.settle(track);
    return (await loaders.linksByTrackId.load(track.id)).find((link) => link.platform === source) ?? null;
  },
  linkStatus: async (track, { sources }, { loaders, discovery, services }) => {
    await discovery.settle(track);
    const [links, statuses] = await Promise.all([loaders.linksByTrackId.load(track.id), loaders.linkStatusByIsrc.load(track.isrc)]);
    return linkStatusEntries(links, statuses, services.uncheckedReasons, sources);
  },
  releases: (track, _args, { loaders }) => loaders.releasesByTrackId.load(track.id),
};

/** PlatformLink.source is the stored platform; url is derived, never stored. */
export const PlatformLink: PlatformLinkResolvers = {
  source: (link) => link.platform,
  url: (link) => platformUrl(link.platform, link.externalId),
};
