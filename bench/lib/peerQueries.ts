import { syntheticIsrc } from '../../scripts/syntheticCatalog.ts';

/** One query the peer benchmark times on every gateway. */
export interface PeerQuery {
  /** Short name for flags and tables. */
  id: string;
  label: string;
  query: string;
  variables: Record<string, unknown>;
  /** Throws when an answer is empty where the synthetic catalog has data: timing empty answers proves nothing. */
  check(data: any): void;
}

// Recording 0 of the synthetic catalog is in the demo library and has audio matches (even and a multiple of 5).
const ISRC = syntheticIsrc(0);
const nonEmpty = (what: string, value: unknown) => {
  if (!(Array.isArray(value) ? value.length > 0 : typeof value === 'number' ? value > 0 : value != null)) throw new Error(`${what} is empty: the synthetic catalog was not seeded as expected`);
};

/** The queries of issue 14's table, and one for the audio-matches domain (issue 12). Fixed variables: every request is the same, as a popular track's traffic is. */
export const PEER_QUERIES: readonly PeerQuery[] = [
  {
    id: 'links',
    label: 'links only: `track(isrc) { title artists links }`',
    query: 'query LinksOnly($isrc: String!) { track(isrc: $isrc) { title artists { name } links { source url } } }',
    variables: { isrc: ISRC },
    check: (data) => nonEmpty('track.links', data?.track?.links),
  },
  {
    id: 'card',
    label: 'track card (4 subgraphs)',
    query: 'query TrackCard($isrc: String!) { track(isrc: $isrc) { title artists { name } links { source url } spotifyStreams { date total } libraryTracks { title } matches { totalCount } } }',
    variables: { isrc: ISRC },
    check: (data) => {
      for (const field of ['links', 'spotifyStreams', 'libraryTracks'] as const) nonEmpty(`track.${field}`, data?.track?.[field]);
      nonEmpty('track.matches.totalCount', data?.track?.matches?.totalCount);
    },
  },
  {
    id: 'library',
    label: '50 library tracks with links, streams, matches',
    query: 'query LibraryPage { libraryTracks(first: 50) { nodes { title isrc track { title links { source url } spotifyStreams { date total } matches(first: 5) { totalCount } } } } }',
    variables: {},
    check: (data) => {
      const nodes = data?.libraryTracks?.nodes;
      nonEmpty('libraryTracks.nodes', nodes);
      nonEmpty('libraryTracks.nodes[].track', nodes.filter((node: any) => node.track?.links?.length > 0));
    },
  },
  {
    id: 'matches',
    label: 'a track\'s audio matches (links + audio-matches)',
    // Not trackMatches { recording { title links } }: Hive Gateway sends library an invalid _entities fetch for them and answers INTERNAL_SERVER_ERROR (README, Performance).
    query: 'query TrackMatches($isrc: String!) { track(isrc: $isrc) { title matches(first: 20) { totalCount nodes { title isrc label releaseDate isCover recording { isrc } } } } }',
    variables: { isrc: ISRC },
    check: (data) => nonEmpty('track.matches.nodes', data?.track?.matches?.nodes),
  },
];
