import type { ReleaseResolvers } from '../__generated__/resolvers-types.ts';

/** Release fields; the artist is joined by the `releasesByTrackId` loader, so it costs no query here. */
export const Release: ReleaseResolvers = {
  artist: (release) => release.artist ?? null,
};
