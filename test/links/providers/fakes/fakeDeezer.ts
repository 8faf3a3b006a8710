import { FakeProviderServer, type FakeRequest, type FakeResponse } from './FakeProviderServer.ts';
import { readFixture, recordedResponse } from './recordedFixtures.ts';
import { numericId, syntheticArtist, syntheticDurationMs, syntheticTitle } from './synthetic.ts';

/** Options for {@link startFakeDeezer}. */
export interface FakeDeezerOptions {
  /** ISRCs that exist beyond the recorded one (USUM72409273); answered with synthesized tracks. @default [] */
  isrcs?: readonly string[];
}

/** Deezer's quota error, which it sends with HTTP 200. */
export const DEEZER_QUOTA_ERROR = { error: { type: 'Exception', message: 'Quota limit exceeded', code: 4 } };

/** Deezer's "no data" error for an unknown ISRC, also sent with HTTP 200. */
export const DEEZER_NO_DATA = { error: { type: 'DataException', message: 'no data', code: 800 } };

interface DeezerTrackJson {
  id: number;
  title: string;
  title_short: string;
  isrc: string;
  link: string;
  duration: number;
  contributors: { id: number; name: string }[];
  artist: { id: number; name: string };
}

/**
 * Starts a fake Deezer API: `GET /track/isrc:<ISRC>` and the recorded `GET /track/<id>`.
 * Unknown ISRCs get Deezer's 200 + `DataException` 800 body, as the real API sends.
 */
export async function startFakeDeezer(options: FakeDeezerOptions = {}): Promise<FakeProviderServer> {
  const recorded = readFixture<DeezerTrackJson>('harmony/com.deezer.api_track_2947516331.json');
  const tracks = new Map<string, DeezerTrackJson>([[recorded.isrc, recorded]]);
  for (const isrc of options.isrcs ?? []) tracks.set(isrc, synthesize(recorded, isrc));

  const handle = (request: FakeRequest): FakeResponse => {
    const isrc = /^\/track\/isrc:(.+)$/.exec(request.path)?.[1];
    if (isrc !== undefined) return { body: tracks.get(isrc.toUpperCase()) ?? DEEZER_NO_DATA };
    const replay = recordedResponse('api.deezer.com', request.path, request.query);
    return { body: replay ?? DEEZER_NO_DATA };
  };
  return FakeProviderServer.start({ handle });
}

function synthesize(recorded: DeezerTrackJson, isrc: string): DeezerTrackJson {
  const id = numericId(isrc);
  const artist = { ...recorded.artist, id: numericId(isrc, 'artist'), name: syntheticArtist(isrc) };
  return {
    ...structuredClone(recorded),
    id,
    title: syntheticTitle(isrc),
    title_short: syntheticTitle(isrc),
    isrc,
    link: `https://www.deezer.com/track/${id}`,
    duration: Math.round(syntheticDurationMs(isrc) / 1000),
    contributors: [{ ...recorded.contributors[0]!, ...artist }],
    artist,
  };
}
