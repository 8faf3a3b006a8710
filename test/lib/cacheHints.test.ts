import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { useCacheHints } from '../../lib/subgraph/useCacheHints.ts';

// A subgraph with every kind of hint: on types, on fields, inherited, private, none.
const typeDefs = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  enum CacheControlScope { PUBLIC PRIVATE }
  directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION

  type Query {
    track(id: ID!): Track @cacheControl(maxAge: 3600)
    tracks: [Track!]! @cacheControl(maxAge: 600)
    bare: String
    me: Account
  }
  type Mutation { touch: Track @cacheControl(maxAge: 3600) }
  type Track @key(fields: "id") @cacheControl(maxAge: 3600) {
    id: ID!
    title: String
    status: Status @cacheControl(maxAge: 60)
    points: [Point!]!
    counts: Counts
    owner: Account
  }
  type Status { state: String }
  type Point @cacheControl(inheritMaxAge: true) { day: Int }
  type Counts { total: Int }
  type Account @cacheControl(maxAge: 0, scope: PRIVATE) { id: ID! }
`);
const track = (id: string) => ({ id, title: `T${id}`, status: { state: 'ok' }, points: [{ day: 1 }, { day: 2 }], counts: { total: 3 }, owner: { id: 'a' } });
const resolvers = {
  Query: { track: (_: unknown, { id }: { id: string }) => track(id), tracks: () => [track('1'), track('2')], bare: () => 'x', me: () => ({ id: 'a' }) },
  Mutation: { touch: () => track('1') },
  Track: { __resolveReference: ({ id }: { id: string }) => track(id) },
};

async function cacheControl(plugins: ApolloServerPlugin[], query: string, variables: Record<string, unknown> = {}): Promise<string | undefined> {
  const server = new ApolloServer({ schema: buildSubgraphSchema([{ typeDefs, resolvers: resolvers as never }]), plugins });
  await server.start();
  try {
    const response = await server.executeOperation({ query, variables });
    return response.http.headers.get('cache-control');
  } finally {
    await server.stop();
  }
}

const OPERATIONS: [string, string, Record<string, unknown>?][] = [
  ['a root field with a hint', '{ track(id: "1") { id title } }'],
  ['a list, its items and an inheriting type', '{ tracks { title points { day } } }'],
  ['a field hint shorter than the type', '{ tracks { status { state } } }'],
  ['an object type without a hint', '{ track(id: "1") { counts { total } } }'],
  ['a private type', '{ track(id: "1") { title owner { id } } }'],
  ['a root scalar without a hint', '{ bare }'],
  ['a root object of a type with maxAge 0', '{ me { id } }'],
  ['_entities, as the gateway asks', 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Track { title points { day } } } }', { r: [{ __typename: 'Track', id: '1' }, { __typename: 'Track', id: '2' }] }],
  ['_entities with a shorter field', 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Track { status { state } } } }', { r: [{ __typename: 'Track', id: '1' }] }],
  ['an error', '{ track { id } }'],
];

describe('useCacheHints', () => {
  it.each(OPERATIONS)('answers the Cache-Control Apollo\'s own plugin answers: %s', async (_name, query, variables) => {
    const apollo = await cacheControl([ApolloServerPluginCacheControl()], query, variables);
    const ours = await cacheControl([ApolloServerPluginCacheControlDisabled(), useCacheHints()], query, variables);
    expect(ours).toBe(apollo);
  });

  it('answers the shortest maxAge read, and private when a private type was read', async () => {
    const plugins = [ApolloServerPluginCacheControlDisabled(), useCacheHints()];
    expect(await cacheControl(plugins, '{ tracks { title points { day } } }')).toBe('max-age=600, public');
    expect(await cacheControl(plugins, '{ tracks { status { state } } }')).toBe('max-age=60, public');
    expect(await cacheControl(plugins, '{ track(id: "1") { counts { total } } }')).toBe('no-store');
  });

  it('answers no-store to a mutation, even a hinted one (the gateway never caches a mutation\'s answer), where Apollo\'s plugin would not', async () => {
    expect(await cacheControl([ApolloServerPluginCacheControl()], 'mutation { touch { title } }')).toBe('max-age=3600, public');
    expect(await cacheControl([ApolloServerPluginCacheControlDisabled(), useCacheHints()], 'mutation { touch { title } }')).toBe('no-store');
  });
});
