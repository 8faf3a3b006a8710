import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackfill, type BackfillOptions } from '../../scripts/backfill/runBackfill.ts';
import { tempDir, writeCsv } from '../fixtures/backfill/csv.ts';
import { startBackfillStack } from '../fixtures/backfill/stack.ts';

let stack: Awaited<ReturnType<typeof startBackfillStack>>;
beforeAll(async () => {
  stack = await startBackfillStack();
});
afterAll(async () => {
  await stack?.close();
});

/** A fetch that records every GraphQL body the backfill sends, so tests can see what was (re)sent. */
function recordingFetch() {
  const bodies: { query: string; variables: Record<string, any> }[] = [];
  const recorded: typeof fetch = (url, init) => {
    bodies.push(JSON.parse(String(init?.body)));
    return fetch(url, init);
  };
  const resolved = () => bodies.filter((b) => b.query.includes('resolveTracks')).flatMap((b) => b.variables.items.map((item: { isrc: string }) => item.isrc));
  return { fetch: recorded, bodies, resolved };
}

const run = (input: string, output: string, extra: Partial<BackfillOptions> = {}) => runBackfill({ input, output, url: stack.url, key: stack.key, progress: false, ...extra });
const rowsOf = async (path: string) => parse(await readFile(path, 'utf8'), { columns: true }) as Record<string, string>[];

const HEADER = 'spotify_id,isrc,title,artist';
/** The three demo recordings and three well-formed ISRCs the catalog does not hold. */
const SIX_ROWS = [
  'a,GBDUW0000053,One More Time,Daft Punk',
  'b,GBAYE9700074,Paranoid Android,Radiohead',
  'c,USUM72414866,EVIL J0RDAN,Playboi Carti',
  'd,USQX91300108,Unknown One,Nobody',
  'e,USQX91300109,Unknown Two,Nobody',
  'f,USQX91300110,Unknown Three,Nobody',
];

describe('backfill against the real stack (gateway and four subgraphs)', () => {
  it('matches ISRC rows with their platform IDs, recovers a row by search, and marks unknown and invalid ISRCs', async () => {
    await stack.setCredits(1000);
    const dir = await tempDir();
    const input = await writeCsv(dir, 'in.csv', [
      HEADER,
      '0DiWol3AO6WpXZgp0goxAV,gb-duw-00-00053,One More Time,Daft Punk',
      'x1,USQX91300108,Unknown,Nobody',
      'x2,NOTANISRC,Bad,Nobody',
      'x3,,Paranoid Android — Radiohead,',
    ], true);
    const recorder = recordingFetch();
    const summary = await run(input, `${dir}/out.csv`, { fetch: recorder.fetch });
    const rows = await rowsOf(`${dir}/out.csv`);

    expect(rows[0]).toMatchObject({
      spotify_id: '0DiWol3AO6WpXZgp0goxAV', isrc: 'gb-duw-00-00053', isrc_resolved: 'GBDUW0000053', status: 'MATCHED', matched_by: 'isrc',
      spotify_ids: '5W3cjX2J3tjhG8zb6u0qHn', applemusic_id: '1440650', tidal_id: '3789025', beatport_id: '1234567',
      discogs_id: '487193-2', musicbrainz_id: '8e030f4c-7bca-4c54-9f5b-a3db7e2c9c41', deezer_id: '', youtube_id: '', shazam_id: '',
    });
    expect(rows[0]!.track_id).toMatch(/^trk_/);
    expect(rows[1]).toMatchObject({ status: 'NOT_FOUND', isrc_resolved: '', track_id: '', spotify_ids: '', applemusic_id: '' });
    expect(rows[2]).toMatchObject({ status: 'INVALID_INPUT', track_id: '' });
    expect(rows[2]!.reason).toMatch(/`isrc`/);
    expect(rows[3]).toMatchObject({ status: 'MATCHED', matched_by: 'search', isrc_resolved: 'GBAYE9700074', deezer_id: '119606528', applemusic_id: '1097863011' });

    expect(recorder.bodies.filter((b) => b.query.includes('searchTracks'))[0]!.variables).toEqual({ artist: 'Radiohead', title: 'Paranoid Android' });
    expect(summary).toMatchObject({ matched: 2, recoveredBySearch: 1, notFound: 1, invalid: 1, skippedNoCredits: 0, creditsUsed: 3, creditsRemaining: 997 });
    expect(await stack.credits()).toBe(997);
  });

  it('leaves rows SKIPPED_NO_CREDITS when credits run out; after a grant, a resumed run sends only those and equals an uninterrupted run', async () => {
    const dir = await tempDir();
    const input = await writeCsv(dir, 'in.csv', [HEADER, ...SIX_ROWS]);
    await stack.setCredits(3);
    const recorder = recordingFetch();

    const first = await run(input, `${dir}/out.csv`, { fetch: recorder.fetch, batchSize: 2 });
    // Batch 2 ran out mid-way; batch 3 was never sent.
    expect(recorder.resolved()).toEqual(['GBDUW0000053', 'GBAYE9700074', 'USUM72414866', 'USQX91300108']);
    expect(first).toMatchObject({ skippedNoCredits: 3, creditsUsed: 3, creditsRemaining: 0, interrupted: false });
    expect((await rowsOf(`${dir}/out.csv`)).map((r) => r.status)).toEqual(['MATCHED', 'MATCHED', 'MATCHED', 'SKIPPED_NO_CREDITS', 'SKIPPED_NO_CREDITS', 'SKIPPED_NO_CREDITS']);

    await stack.grant(10);
    const resumed = recordingFetch();
    const second = await run(input, `${dir}/out.csv`, { fetch: resumed.fetch, batchSize: 2 });
    expect(resumed.resolved()).toEqual(['USQX91300108', 'USQX91300109', 'USQX91300110']);
    expect(second).toMatchObject({ fromCheckpoint: 3, skippedNoCredits: 0, notFound: 3, matched: 3, creditsUsed: 3, creditsUsedAllRuns: 6, creditsRemaining: 7 });

    await stack.setCredits(1000);
    await run(input, `${dir}/fresh.csv`, { batchSize: 2 });
    expect(await readFile(`${dir}/out.csv`, 'utf8')).toBe(await readFile(`${dir}/fresh.csv`, 'utf8'));
  });

  it('resumes an interrupted run without resending finished rows, and ends with the same output', async () => {
    await stack.setCredits(1000);
    const dir = await tempDir();
    const input = await writeCsv(dir, 'in.csv', [HEADER, ...SIX_ROWS, 'g,,EVIL J0RDAN,Playboi Carti']);
    const recorder = recordingFetch();
    const stopped = await run(input, `${dir}/out.csv`, { fetch: recorder.fetch, batchSize: 2, maxBatches: 2 });
    expect(stopped).toMatchObject({ interrupted: true, batches: 2, pending: 3, output: null });

    const done = await run(input, `${dir}/out.csv`, { fetch: recorder.fetch, batchSize: 2 });
    expect(done).toMatchObject({ interrupted: false, fromCheckpoint: 4, matched: 4, recoveredBySearch: 1 });
    const sent = recorder.resolved();
    expect(sent).toEqual(['GBDUW0000053', 'GBAYE9700074', 'USUM72414866', 'USQX91300108', 'USQX91300109', 'USQX91300110']);
    expect(await stack.credits()).toBe(994);

    await run(input, `${dir}/fresh.csv`, { batchSize: 2 });
    expect(await readFile(`${dir}/out.csv`, 'utf8')).toBe(await readFile(`${dir}/fresh.csv`, 'utf8'));
  });
});
