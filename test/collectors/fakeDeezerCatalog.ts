import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FakeProviderServer, type FakeRequest, type FakeResponse } from '../links/providers/fakes/FakeProviderServer.ts';
import { DEEZER_NO_DATA } from '../links/providers/fakes/fakeDeezer.ts';
import { readFixture } from '../links/providers/fakes/recordedFixtures.ts';

const DEEZER_FIXTURES = fileURLToPath(new URL('../fixtures/analytics/deezer/', import.meta.url));

/** A recorded body from test/fixtures/analytics/deezer/, parsed. */
export function readDeezerFixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(DEEZER_FIXTURES + name, 'utf8')) as T;
}

/** The Deezer Charts account's playlists the fake lists ("Top Worldwide" and "Top France", ids as Deezer publishes them). */
export const TOP_WORLDWIDE = '3155776842';
export const TOP_FRANCE = '1109890291';

/** Deezer lists 25 items a page unless asked otherwise. */
const PAGE = 25;

interface ListTrack {
  id: number;
  title: string;
  artist: { id: number; name: string };
  [key: string]: unknown;
}

/**
 * The ISRC the fake's `GET /track/{id}` gives a track it has no recording of: `QZDZR` and the id's
 * last 7 digits (Deezer's list bodies carry no ISRC, and no recorded /track body exists for them).
 */
export function fakeIsrc(id: number | string): string {
  return `QZDZR${String(id).slice(-7).padStart(7, '0')}`;
}

/** Options for {@link startFakeDeezerCatalog}. */
export interface FakeDeezerCatalogOptions {
  /** Track ids `GET /track/{id}` answers with Deezer's "no data" error. @default [] */
  unknownTracks?: readonly string[];
  /** Answers a request instead of the fake when it returns a response (e.g. failures on one path only). */
  intercept?: (request: FakeRequest) => FakeResponse | undefined;
}

/**
 * A fake Deezer API serving the recorded chart and playlist bodies:
 * - `GET /chart/0/tracks` and `GET /playlist/{9200461,908622995}`: the recorded bodies as they are;
 * - `GET /playlist/9200461/tracks`: the recorded first page; later pages (`?index=25`…) are cut from
 *   the same playlist's recorded body, whose first 25 tracks are that page's, in Deezer's envelope;
 * - `GET /playlist/908622995/tracks`: its recorded body's 60 tracks, 25 a page;
 * - `GET /user/359622/playlists`: the recorded list of a user's playlists;
 * - `GET /user/637006841/playlists`: the Deezer Charts account's list, not found recorded, so made of
 *   the recorded list's entries renamed, in two pages: "Top Worldwide" plays the recorded chart's
 *   tracks and "Top France" 908622995's;
 * - `GET /track/{id}`: the recorded /track body, with id, title, artist and {@link fakeIsrc} of the listed track.
 */
export async function startFakeDeezerCatalog(options: FakeDeezerCatalogOptions = {}): Promise<FakeProviderServer> {
  const chart = readDeezerFixture<{ data: ListTrack[] }>('com.deezer.api_chart_0_tracks.json');
  const bodies: Record<string, { tracks: { data: ListTrack[] } }> = {
    '9200461': readDeezerFixture('com.deezer.api_playlist_9200461.json'),
    '908622995': readDeezerFixture('com.deezer.api_playlist_908622995.json'),
  };
  const firstPages: Record<string, unknown> = { '9200461': readDeezerFixture('com.deezer.api_playlist_9200461_tracks.json') };
  const playlistTracks: Record<string, ListTrack[]> = {
    '9200461': bodies['9200461']!.tracks.data,
    '908622995': bodies['908622995']!.tracks.data,
    [TOP_WORLDWIDE]: chart.data,
    [TOP_FRANCE]: bodies['908622995']!.tracks.data,
  };
  const userPlaylists = readDeezerFixture<{ data: Record<string, unknown>[] }>('com.deezer.api_user_359622_playlists.json');
  const recordedTrack = readFixture<Record<string, unknown>>('harmony/com.deezer.api_track_2947516331.json');
  const listed = new Map<string, ListTrack>();
  for (const track of [...chart.data, ...Object.values(playlistTracks).flat()]) listed.set(String(track.id), track);
  const unknown = new Set(options.unknownTracks ?? []);

  const handle = (request: FakeRequest): FakeResponse => {
    const intercepted = options.intercept?.(request);
    if (intercepted) return intercepted;
    const path = request.path;
    if (path === '/chart/0/tracks') return { body: chart };
    if (path === '/user/359622/playlists') return { body: userPlaylists };
    if (path === '/user/637006841/playlists') return { body: chartAccountPage(userPlaylists.data[0]!, request.query) };
    const playlist = /^\/playlist\/(\d+)(\/tracks)?$/.exec(path);
    if (playlist) {
      const [, id, tracks] = playlist;
      if (!tracks) return { body: bodies[id!] ?? DEEZER_NO_DATA };
      const index = Number(request.query.get('index') ?? 0);
      if (index === 0 && firstPages[id!]) return { body: firstPages[id!] };
      const items = playlistTracks[id!];
      return { body: items ? page(`https://api.deezer.com/playlist/${id}/tracks`, items, index) : DEEZER_NO_DATA };
    }
    const track = /^\/track\/(\d+)$/.exec(path)?.[1];
    if (track) {
      const item = listed.get(track);
      if (unknown.has(track) || !item) return { body: DEEZER_NO_DATA };
      return { body: { ...structuredClone(recordedTrack), id: item.id, title: item.title, title_short: item.title, isrc: fakeIsrc(item.id), artist: { ...(recordedTrack.artist as object), ...item.artist } } };
    }
    return { body: DEEZER_NO_DATA };
  };
  return FakeProviderServer.start({ handle });
}

/** One page of a Deezer list, in the envelope Deezer pages with (`data`, `total`, `prev`, `next`). */
function page(base: string, items: ListTrack[], index: number): Record<string, unknown> {
  const data = items.slice(index, index + PAGE);
  return {
    data,
    total: items.length,
    ...(index > 0 ? { prev: `${base}?index=${Math.max(0, index - PAGE)}` } : {}),
    ...(index + PAGE < items.length ? { next: `${base}?index=${index + PAGE}` } : {}),
  };
}

/** The Deezer Charts account's list: recorded playlist entries given the account's ids and titles. */
function chartAccountPage(recorded: Record<string, unknown>, query: URLSearchParams): Record<string, unknown> {
  const base = 'https://api.deezer.com/user/637006841/playlists';
  const entry = (id: string, title: string) => ({
    ...recorded, id: Number(id), title, link: `https://www.deezer.com/playlist/${id}`, picture: `https://api.deezer.com/playlist/${id}/image`, tracklist: `https://api.deezer.com/playlist/${id}/tracks`,
  });
  if (query.get('index') === '2') return { data: [entry(TOP_FRANCE, 'Top France')], total: 3, prev: `${base}?limit=2&index=0` };
  return { data: [entry('1', 'Loved Tracks'), entry(TOP_WORLDWIDE, 'Top Worldwide')], total: 3, next: `${base}?limit=2&index=2` };
}
