import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../lib/db/openDatabase.ts';
import { apiProcesses, type ApiProcesses } from '../helpers/apiProcess.ts';
import { BACKEND } from '../helpers/backend.ts';
import { startFakePlatformsEnv, uniqueIsrc, type FakePlatformsEnv, type FakedPlatform } from '../helpers/fakePlatformsEnv.ts';
import { post } from '../helpers/stack.ts';
import { base62Id, numericId, syntheticTitle } from '../links/providers/fakes/synthetic.ts';

let api: ApiProcesses | undefined;
let fakes: FakePlatformsEnv | undefined;

/** What the links database holds for `isrc`, read directly (the API is stopped). */
async function storedInLinksDatabase(isrc: string): Promise<{ tracks: number; links: string[]; statuses: string[] }> {
  const db = await openDatabase('links', {}, api!.env);
  try {
    const tracks = await db.sql.query<{ id: string }>(`SELECT "id" FROM "Track" WHERE "isrc" = $1`, [isrc]);
    const links = await db.sql.query<{ platform: string }>(
      `SELECT l."platform"::text AS platform FROM "PlatformLink" l JOIN "Track" t ON t."id" = l."trackId" WHERE t."isrc" = $1 ORDER BY 1`,
      [isrc],
    );
    const statuses = await db.sql.query<{ platform: string; state: string }>(
      `SELECT "platform"::text AS platform, "state"::text AS state FROM "LinkStatus" WHERE "isrc" = $1 ORDER BY 1`,
      [isrc],
    );
    return { tracks: tracks.length, links: links.map((row) => row.platform), statuses: statuses.map((row) => `${row.platform}:${row.state}`) };
  } finally {
    await db.close();
  }
}

afterAll(async () => {
  await api?.cleanup();
  await fakes?.close();
});

describe(`npm start with discovery (${BACKEND})`, () => {
  it('finds an unknown ISRC on the platforms over HTTP, stores it, and after a restart answers from the database without asking again', async () => {
    // New on every run: with Redis, the shared cache outlives the run.
    const isrc = uniqueIsrc();
    fakes = await startFakePlatformsEnv({ SPOTIFY: [isrc], DEEZER: [isrc] });
    api = await apiProcesses('e2e-discovery', { ...fakes.env, DISCOVERY_ENABLED: 'true', DISCOVERY_TIMEOUT_MS: '10000' });
    const none: Record<FakedPlatform, number> = { SPOTIFY: 0, APPLE_MUSIC: 0, DEEZER: 0, TIDAL: 0, MUSICBRAINZ: 0 };
    const query = `query ($isrc: String!) { track(isrc: $isrc) { isrc title links { source externalId url } linkStatus(sources: [SPOTIFY, APPLE_MUSIC, DEEZER, TIDAL, MUSICBRAINZ, BEATPORT]) { source state } libraryTracks { title } } }`;

    const first = await api.start();
    // Starting asks no platform.
    expect(fakes.requests()).toEqual(none);
    const answer = await post(first.url, query, { isrc }, { key: first.adminKey });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.track).toEqual({
      isrc,
      title: syntheticTitle(isrc),
      links: [
        { source: 'SPOTIFY', externalId: base62Id(isrc), url: `https://open.spotify.com/track/${base62Id(isrc)}` },
        { source: 'DEEZER', externalId: String(numericId(isrc)), url: `https://www.deezer.com/track/${numericId(isrc)}` },
      ],
      linkStatus: [
        { source: 'SPOTIFY', state: 'FOUND' },
        { source: 'APPLE_MUSIC', state: 'NOT_FOUND' },
        { source: 'DEEZER', state: 'FOUND' },
        { source: 'TIDAL', state: 'NOT_FOUND' },
        { source: 'BEATPORT', state: 'UNCHECKED' },
        { source: 'MUSICBRAINZ', state: 'NOT_FOUND' },
      ],
      libraryTracks: [],
    });
    const asked = fakes.requests();
    expect(asked).toEqual({ SPOTIFY: 1, APPLE_MUSIC: 1, DEEZER: 1, TIDAL: 1, MUSICBRAINZ: 1 });
    expect(await api.stop(first.child)).toBe(0);

    // The answers are rows in the links database, not only cache entries.
    expect(await storedInLinksDatabase(isrc)).toEqual({
      tracks: 1,
      links: ['DEEZER', 'SPOTIFY'],
      statuses: ['APPLE_MUSIC:NOT_FOUND', 'DEEZER:FOUND', 'MUSICBRAINZ:NOT_FOUND', 'SPOTIFY:FOUND', 'TIDAL:NOT_FOUND'],
    });

    const second = await api.start();
    const again = await post(second.url, query, { isrc }, { key: first.adminKey });
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data).toEqual(answer.body.data);
    expect(fakes.requests()).toEqual(asked);
    expect(await api.stop(second.child)).toBe(0);
  }, 300_000);
});
