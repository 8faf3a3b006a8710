import type { CodegenConfig } from '@graphql-codegen/cli';
import { SUBGRAPHS } from './lib/config.ts';

const prismaModels = (name: string) => `../../../../prisma/${name}/generated/client.ts`;

/** Parent types of object fields: the rows resolvers actually return, not the GraphQL shapes. */
const MAPPERS: Record<string, Record<string, string>> = {
  links: {
    Track: `${prismaModels('links')}#Track as TrackRow`,
    TrackArtist: '../loaders.ts#TrackArtistRow',
    PlatformLink: `${prismaModels('links')}#PlatformLink as PlatformLinkRow`,
  },
  analytics: {
    Track: '../loaders.ts#TrackRef',
    DailyCount: '../streams.ts#DailyCountRow',
  },
  library: {
    LibraryTrack: '../loaders.ts#LibraryTrackRow',
    Track: '../loaders.ts#TrackRef',
    LibraryTrackConnection: '../loaders.ts#LibraryTrackConnectionRow',
  },
  'audio-matches': {
    Track: '../loaders.ts#TrackRef',
    TrackMatch: `${prismaModels('audio-matches')}#TrackMatch as TrackMatchRow`,
    TrackMatchConnection: '../loaders.ts#TrackMatchConnectionRow',
  },
};

/** Resolver types for each subgraph, generated from its SDL (`npm run generate`). */
const config: CodegenConfig = {
  generates: Object.fromEntries(
    SUBGRAPHS.map(({ name, sdl }) => [
      `subgraphs/${name}/src/__generated__/resolvers-types.ts`,
      {
        schema: sdl,
        plugins: ['typescript', 'typescript-resolvers'],
        config: {
          federation: true,
          useIndexSignature: true,
          useTypeImports: true,
          contextType: '../context.ts#Context',
          mappers: MAPPERS[name] ?? {},
          scalars: { Date: { input: 'string', output: 'Date | string' }, DateTime: { input: 'string', output: 'Date | string' }, Long: { input: 'number', output: 'number | bigint' } },
          enumsAsTypes: true,
        },
      },
    ]),
  ),
};
export default config;
