import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { applyContract } from '../../gateway/src/contracts/applyContract.ts';
import { contractPaths, readContracts } from '../../gateway/src/contracts/contracts.ts';
import { buildApiSchema, composeSupergraph } from '../../gateway/src/composeSupergraph.ts';

const HEAD = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@tag"])\n';
/** A small supergraph that exercises every rule. */
const SUPERGRAPH = composeSupergraph([
  {
    name: 'a',
    url: 'http://a',
    sdl: `${HEAD}
      type Track @key(fields: "id") { id: ID! @tag(name: "public") title: String! @tag(name: "public") secret: String @tag(name: "internal") stats: Stats @tag(name: "public") }
      type Stats @tag(name: "partner") { plays: Int! }
      type Link @tag(name: "public") { url: String! kind: Kind! rank: Int @tag(name: "hidden") }
      enum Kind { A B @tag(name: "hidden") }
      enum Unused { X }
      input Filter { kind: Kind secret: Secret }
      input Secret @tag(name: "hidden") { x: Int }
      type Query {
        track(id: ID!): Track @tag(name: "public")
        links(filter: Filter, hint: String @tag(name: "hidden")): [Link!]! @tag(name: "public")
        internalOnly: Int @tag(name: "internal")
        everyone: Unused
      }`,
  },
  {
    name: 'b',
    url: 'http://b',
    sdl: `${HEAD}
      type Track @key(fields: "id") { id: ID! streams: Int @tag(name: "partner") }`,
  },
]);

const fieldsOf = (schema: GraphQLSchema, type: string) => Object.keys((schema.getType(type) as GraphQLObjectType | undefined)?.getFields() ?? {}).sort();
const contract = (include: string[], exclude: string[] = []) => buildApiSchema(applyContract(SUPERGRAPH, { description: '', include, exclude }));

describe('applyContract', () => {
  it('keeps fields carrying an included tag, on their own or through their type, and nothing else', () => {
    const schema = contract(['public']);
    expect(fieldsOf(schema, 'Query')).toEqual(['links', 'track']);
    // stats returns a partner type: out with it, as is the partner field from the other subgraph.
    expect(fieldsOf(schema, 'Track')).toEqual(['id', 'title']);
    expect(fieldsOf(schema, 'Link')).toEqual(['kind', 'rank', 'url']);
    expect(schema.getType('Stats')).toBeUndefined();
  });

  it('widens with more tags', () => {
    const schema = contract(['public', 'partner']);
    expect(fieldsOf(schema, 'Track')).toEqual(['id', 'stats', 'streams', 'title']);
    expect(fieldsOf(schema, 'Stats')).toEqual(['plays']);
  });

  it('takes out what an exclude tag names, whatever else it carries: fields, arguments, enum values, input types', () => {
    const schema = contract(['public'], ['hidden']);
    expect(fieldsOf(schema, 'Link')).toEqual(['kind', 'url']);
    expect(schema.getQueryType()!.getFields().links!.args.map((a) => a.name)).toEqual(['filter']);
    expect(schema.getType('Kind')!.toString()).toBe('Kind');
    expect((schema.getType('Kind') as unknown as { getValues(): { name: string }[] }).getValues().map((v) => v.name)).toEqual(['A']);
    // Filter.secret had the hidden input type: the optional field goes, the input type stays.
    expect(Object.keys((schema.getType('Filter') as unknown as { getFields(): object }).getFields())).toEqual(['kind']);
    expect(schema.getType('Secret')).toBeUndefined();
  });

  it('drops types nobody can reach any more', () => {
    expect(contract(['public']).getType('Unused')).toBeUndefined();
    expect(contract([]).getType('Unused')).toBeDefined();
  });

  it('with no include tags keeps everything not excluded', () => {
    const schema = contract([], ['internal']);
    expect(fieldsOf(schema, 'Query')).toEqual(['everyone', 'links', 'track']);
    expect(fieldsOf(schema, 'Track')).toEqual(['id', 'stats', 'streams', 'title']);
  });

  it('refuses a contract that leaves Query empty', () => {
    expect(() => applyContract(SUPERGRAPH, { description: '', include: ['nothing'], exclude: [] })).toThrow(/leaves Query without a field/);
  });
});

describe("Trackgraph's contracts", () => {
  const api = Object.fromEntries(Object.keys(readContracts()).map((name) => [name, buildSchema(readFileSync(contractPaths(name).apiSchema, 'utf8'))]));

  it('public: the links catalog read-only, the cost estimate and the bootstrap; no account, credits, streams, library, matches or operations', () => {
    expect(fieldsOf(api.public!, 'Query')).toEqual(['estimateCost', 'linkStatus', 'searchTracks', 'track', 'tracks']);
    expect(fieldsOf(api.public!, 'Mutation')).toEqual(['bootstrapApiKey']);
    expect(fieldsOf(api.public!, 'Track')).not.toEqual(expect.arrayContaining(['spotifyStreams']));
    for (const type of ['Account', 'ResolveTracksPayload', 'DailyCount', 'LibraryTrack', 'TrackMatch', 'DiscoveryPlatform']) expect(api.public!.getType(type)).toBeUndefined();
  });

  it('partner: public plus what needs an account; never operations or key management', () => {
    const library = ['libraryAlbum', 'libraryAlbums', 'libraryArtist', 'libraryArtists', 'libraryGenres', 'libraryLookup', 'libraryStats', 'libraryTrack', 'libraryTracks', 'recentlyAdded'];
    const profiles = ['chartNeighbours', 'discoveryPool', 'profile', 'profiles', 'recentReleases', 'similarArtists', 'watchlist', 'watchlistReleases', 'wishlist'];
    const matches = ['trackMatch', 'trackMatches'];
    expect(fieldsOf(api.partner!, 'Query')).toEqual(['account', 'chart', 'charts', 'estimateCost', 'linkStatus', 'playlist', 'searchTracks', 'track', 'tracks', 'usage', ...library, ...profiles, ...matches].sort());
    const profileWrites = ['addToWatchlist', 'addToWishlist', 'createProfile', 'deleteProfile', 'removeFromWatchlist', 'removeFromWishlist', 'updateProfile', 'updateWatchlistFilters', 'verifyProfilePin'];
    expect(fieldsOf(api.partner!, 'Mutation')).toEqual(['bootstrapApiKey', 'requestTrackAnalysis', 'resolveTracks', ...profileWrites].sort());
    expect(fieldsOf(api.partner!, 'Track')).toEqual(expect.arrayContaining(['spotifyStreams', 'shazams', 'charts', 'chartPeaks', 'chartHistory', 'playlists', 'libraryTracks', 'matches', 'links']));
    expect(api.partner!.getType('DiscoveryPlatform')).toBeUndefined();
  });

  it('internal: everything', () => {
    expect(fieldsOf(api.internal!, 'Query')).toEqual(expect.arrayContaining(['apiKeys', 'discoveryPlatforms', 'account', 'track']));
    expect(fieldsOf(api.internal!, 'Mutation')).toEqual(expect.arrayContaining(['bootstrapApiKey', 'createApiKey', 'resolveTracks', 'revokeApiKey', 'createProfile', 'addToWishlist']));
  });
});
