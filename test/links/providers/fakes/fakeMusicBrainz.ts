import { FakeProviderServer, type FakeRequest, type FakeResponse } from './FakeProviderServer.ts';
import { readFixture } from './recordedFixtures.ts';
import { syntheticArtist, syntheticDurationMs, syntheticTitle, uuid } from './synthetic.ts';

/** User-Agents MusicBrainz turns away: none, or a library's default that names no application. */
const ANONYMOUS_USER_AGENTS = new Set(['', 'node', 'undici', 'node-fetch']);

/** Options for {@link startFakeMusicBrainz}. */
export interface FakeMusicBrainzOptions {
  /** ISRCs that exist beyond the recorded one (GBAHS1400099); answered with synthesized recordings. @default [] */
  isrcs?: readonly string[];
  /** Recordings per synthesized ISRC (to make result lists span several pages). @default 1 */
  recordingsPerIsrc?: number;
}

interface RecordingJson {
  id: string;
  title: string;
  length: number;
  isrcs: string[];
  'first-release-date': string;
  'artist-credit': unknown[];
  releases?: unknown[];
  score?: number;
}

/**
 * Starts a fake MusicBrainz WS/2 recording search: `GET /ws/2/recording?query=isrc:A OR isrc:B&fmt=json&limit=&offset=`.
 * Requests without a descriptive User-Agent get 403, as on musicbrainz.org. The recorded recording
 * (ISRC GBAHS1400099) is served from its recorded lookup; others share its shape.
 */
export async function startFakeMusicBrainz(options: FakeMusicBrainzOptions = {}): Promise<FakeProviderServer> {
  const recorded = readFixture<RecordingJson>('musicbrainz-ws2-recording-with-covers.json');
  const recordings: RecordingJson[] = [searchHit(recorded)];
  for (const isrc of options.isrcs ?? []) {
    for (let index = 0; index < (options.recordingsPerIsrc ?? 1); index += 1) recordings.push(synthesize(isrc, index));
  }

  const handle = (request: FakeRequest): FakeResponse => {
    if (ANONYMOUS_USER_AGENTS.has((request.headers['user-agent'] ?? '').trim().toLowerCase())) {
      return { status: 403, body: { error: 'Your requests are being blocked: please set a meaningful User-Agent.' } };
    }
    if (request.path !== '/ws/2/recording' || request.query.get('fmt') !== 'json') return { status: 400, body: { error: 'Invalid request' } };
    const wanted = new Set([...(request.query.get('query') ?? '').matchAll(/isrc:([A-Za-z0-9]+)/g)].map((match) => match[1]!.toUpperCase()));
    const matches = recordings.filter((recording) => recording.isrcs.some((isrc) => wanted.has(isrc)));
    const limit = Math.min(100, Number(request.query.get('limit') ?? 25));
    const offset = Number(request.query.get('offset') ?? 0);
    return { body: { created: '2025-01-01T00:00:00.000Z', count: matches.length, offset, recordings: matches.slice(offset, offset + limit) } };
  };
  return FakeProviderServer.start({ handle });
}

/** The fields a search hit carries, taken from the recorded lookup. */
function searchHit(recording: RecordingJson): RecordingJson {
  const { id, title, length, isrcs } = recording;
  return { id, score: 100, title, length, isrcs, 'first-release-date': recording['first-release-date'], 'artist-credit': recording['artist-credit'] };
}

function synthesize(isrc: string, index: number): RecordingJson {
  const artist = syntheticArtist(isrc);
  return {
    id: uuid(isrc, `recording-${index}`),
    score: 100,
    title: syntheticTitle(isrc),
    length: syntheticDurationMs(isrc),
    isrcs: [isrc],
    'first-release-date': '2019-05-17',
    'artist-credit': [{ name: artist, joinphrase: '', artist: { id: uuid(isrc, 'artist'), name: artist, 'sort-name': artist } }],
    releases: [{ id: uuid(isrc, `release-${index}`), title: `Synthetic Album ${isrc}`, status: 'Official', date: '2019-05-17', country: 'XW' }],
  };
}
