import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../scripts/backfill.ts';
import { parseBackfillArgs } from '../../scripts/backfill/args.ts';
import { ApiError } from '../../scripts/backfill/errors.ts';
import { runBackfill, type BackfillOptions } from '../../scripts/backfill/runBackfill.ts';
import { FAKE_TRACKS, startFakeApi, type FakeApiOptions } from '../fixtures/backfill/fakeApi.ts';
import { tempDir, unknownRows, writeCsv } from '../fixtures/backfill/csv.ts';

/** Any well-formed key: the fake API does not check it. */
const FAKE_KEY = 'sk_fakefakefakefakefakefakefakefakefakefakefak';

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

const HEADER = 'spotify_id,isrc,title,artist';

async function fakeApi(options: FakeApiOptions = {}) {
  const api = await startFakeApi({ tracks: FAKE_TRACKS, ...options });
  closers.push(api.close);
  return api;
}

/** Runs the backfill quietly on `input` into `<dir>/<name>`. */
const run = (input: string, output: string, url: string, extra: Partial<BackfillOptions> = {}) => runBackfill({ input, output, url, progress: false, ...extra });

const rowsOf = async (path: string) => parse(await readFile(path, 'utf8'), { columns: true }) as Record<string, string>[];

describe('backfill against a fake API', () => {
  it('sends ISRC rows in batches, once per distinct ISRC, and keeps every input row and column in order', async () => {
    const api = await fakeApi();
    const dir = await tempDir();
    const input = await writeCsv(dir, 'in.csv', [HEADER, 'one,GBDUW0000053,One More Time,Daft Punk', ...unknownRows(230), 'again,gb-duw-00-00053,One More Time,Daft Punk', 'two,GBAYE9700074,Paranoid Android,Radiohead', 'bad,XX,Bad,Nobody']);
    const summary = await run(input, `${dir}/out.csv`, api.url, { batchSize: 100 });

    const batches = api.state.requests.map((r) => r.variables.items.length);
    expect(batches).toEqual([100, 100, 33]);
    expect(api.resolvedIsrcs().filter((isrc) => isrc.replace(/-/g, '').toUpperCase() === 'GBDUW0000053')).toHaveLength(1);
    const rows = await rowsOf(`${dir}/out.csv`);
    expect(rows).toHaveLength(234);
    expect(rows[0]).toMatchObject({ spotify_id: 'one', isrc: 'GBDUW0000053', title: 'One More Time', artist: 'Daft Punk', status: 'MATCHED', track_id: 'trk_one', spotify_ids: '5W3cjX2J3tjhG8zb6u0qHn|0DiWol3AO6WpXZgp0goxAV', applemusic_id: '1440650', tidal_id: '3789025', deezer_id: '' });
    expect(rows[231]).toMatchObject({ spotify_id: 'again', isrc: 'gb-duw-00-00053', isrc_resolved: 'GBDUW0000053', status: 'MATCHED' });
    expect(rows[232]).toMatchObject({ spotify_id: 'two', deezer_id: '119606528', status: 'MATCHED' });
    // The reason names the CSV's field, not the item's place in whichever batch it went in.
    expect(rows[233]).toMatchObject({ status: 'INVALID_INPUT', reason: 'Invalid ISRC "XX" in `isrc`.', track_id: '' });
    expect(summary).toMatchObject({ rows: 234, matched: 3, notFound: 230, invalid: 1, skippedNoCredits: 0, creditsUsed: 232, batches: 3, interrupted: false });
  });

  it('recovers rows without an ISRC by search when the best hit scores at least --min-score', async () => {
    const api = await fakeApi({
      hits: { 'Radiohead|Paranoid Android': { score: 0.92, isrc: 'GBAYE9700074' }, 'Daft Punk|One More Time': { score: 0.6, isrc: 'GBDUW0000053' } },
    });
    const dir = await tempDir();
    const input = await writeCsv(dir, 'in.csv', ['spotify_id,isrc,title', 's1,,Paranoid Android — Radiohead', 's2,,One More Time - Daft Punk', 's3,,Nothing Like It', 's4,,', 'i1,GBAYE9700074,Paranoid Android']);
    const summary = await run(input, `${dir}/out.csv`, api.url);
    const rows = await rowsOf(`${dir}/out.csv`);
    expect(rows.map((r) => [r.spotify_id, r.status, r.matched_by, r.isrc_resolved])).toEqual([
      ['s1', 'MATCHED', 'search', 'GBAYE9700074'],
      ['s2', 'NOT_FOUND', '', ''],
      ['s3', 'NOT_FOUND', '', ''],
      ['s4', 'INVALID_INPUT', '', ''],
      ['i1', 'MATCHED', 'isrc', 'GBAYE9700074'],
    ]);
    expect(rows[1]!.reason).toMatch(/scored 0.60, below --min-score 0.75/);
    expect(rows[0]).toMatchObject({ deezer_id: '119606528', reason: expect.stringMatching(/adopted GBAYE9700074/) });
    // s1's ISRC was already resolved for i1: only the ISRC batch cost credits.
    expect(api.resolvedIsrcs()).toEqual(['GBAYE9700074']);
    expect(summary).toMatchObject({ matched: 2, recoveredBySearch: 1, notFound: 2, invalid: 1, creditsUsed: 1 });

    const lenient = await run(input, `${dir}/lenient.csv`, api.url, { minScore: 0.5 });
    expect(lenient.recoveredBySearch).toBe(2);
  });

  it('stops asking when credits run out, then a resumed run sends only the unfinished rows and matches an uninterrupted run', async () => {
    const api = await fakeApi({ credits: 150 });
    const dir = await tempDir();
    const input = await writeCsv(dir, 'in.csv', [HEADER, 'one,GBDUW0000053,One More Time,Daft Punk', ...unknownRows(249)]);
    const first = await run(input, `${dir}/out.csv`, api.url);
    expect(api.state.requests.map((r) => r.variables.items.length)).toEqual([100, 100]);
    expect(first).toMatchObject({ skippedNoCredits: 100, creditsUsed: 150, creditsRemaining: 0, matched: 1, interrupted: false });
    const partial = await rowsOf(`${dir}/out.csv`);
    expect(partial.filter((r) => r.status === 'SKIPPED_NO_CREDITS')).toHaveLength(100);

    api.state.credits = 1000;
    const sentBefore = api.resolvedIsrcs().length;
    const second = await run(input, `${dir}/out.csv`, api.url);
    const resent = api.resolvedIsrcs().slice(sentBefore);
    expect(resent).toEqual(unknownRows(100, 149).map((row) => row.split(',')[1]));
    expect(second).toMatchObject({ fromCheckpoint: 150, skippedNoCredits: 0, creditsUsed: 100, creditsUsedAllRuns: 250 });

    const fresh = await fakeApi();
    await run(input, `${dir}/fresh.csv`, fresh.url);
    expect(await readFile(`${dir}/out.csv`, 'utf8')).toBe(await readFile(`${dir}/fresh.csv`, 'utf8'));
  });

  it('stops after --max-batches or an abort, writes no output, and resumes without resending', async () => {
    const controller = new AbortController();
    let abortAt = Infinity;
    const api = await fakeApi({ hits: { 'Radiohead|Paranoid Android': { score: 1, isrc: 'GBAYE9700074' } }, intercept: (_r, n) => void (n === abortAt && controller.abort()) });
    const dir = await tempDir();
    const input = await writeCsv(dir, 'in.csv', [HEADER, ...unknownRows(45), 's,,Paranoid Android,Radiohead', 'one,GBDUW0000053,One More Time,Daft Punk']);
    const output = `${dir}/out.csv`;

    const stopped = await run(input, output, api.url, { batchSize: 10, maxBatches: 2 });
    expect(stopped).toMatchObject({ interrupted: true, batches: 2, output: null, pending: 27 });
    await expect(readFile(output)).rejects.toThrow(/ENOENT/);

    // The abort lands during the second request of this run: that batch still finishes and is kept.
    abortAt = api.state.requests.length + 2;
    const aborted = await run(input, output, api.url, { batchSize: 10, signal: controller.signal });
    expect(aborted).toMatchObject({ interrupted: true, batches: 2, fromCheckpoint: 20 });

    const done = await run(input, output, api.url, { batchSize: 10 });
    expect(done).toMatchObject({ interrupted: false, fromCheckpoint: 40, matched: 2, recoveredBySearch: 1 });
    const sent = api.resolvedIsrcs();
    expect(new Set(sent).size).toBe(sent.length);

    const fresh = await fakeApi({ hits: { 'Radiohead|Paranoid Android': { score: 1, isrc: 'GBAYE9700074' } } });
    await run(input, `${dir}/fresh.csv`, fresh.url, { batchSize: 10 });
    expect(await readFile(output, 'utf8')).toBe(await readFile(`${dir}/fresh.csv`, 'utf8'));
  });

  it('fails with the API error after keeping the batches before it; exit code 1', async () => {
    let failing = true;
    const api = await fakeApi({ intercept: (_r, n) => (failing && n >= 2 ? { status: 200, body: { errors: [{ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } } : undefined) });
    const dir = await tempDir();
    const input = await writeCsv(dir, 'in.csv', [HEADER, ...unknownRows(25)]);
    await expect(run(input, `${dir}/out.csv`, api.url, { batchSize: 10 })).rejects.toThrow(ApiError);
    const lines = (await readFile(`${dir}/out.csv.checkpoint.jsonl`, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(2);

    const messages: string[] = [];
    expect(await main([input, '-o', `${dir}/other.csv`, '--url', api.url, '--batch', '10', '--key', FAKE_KEY], undefined, (m) => messages.push(m))).toBe(1);
    expect(messages.join('\n')).toMatch(/INTERNAL_SERVER_ERROR: boom/);

    failing = false;
    const before = api.resolvedIsrcs().length;
    await run(input, `${dir}/out.csv`, api.url, { batchSize: 10 });
    expect(api.resolvedIsrcs().slice(before)).toHaveLength(15);
  });
});

describe('command line', () => {
  it('parses the options', () => {
    expect(parseBackfillArgs(['in.csv', '-o', 'out.csv', '--url=http://h:1/graphql', '--batch', '50', '--min-score', '0.9', '--max-batches', '3', '--key', FAKE_KEY], {})).toEqual({
      input: 'in.csv', output: 'out.csv', url: 'http://h:1/graphql', key: FAKE_KEY, batchSize: 50, minScore: 0.9, maxBatches: 3, help: false,
    });
    expect(parseBackfillArgs(['in.csv', '-o', 'out.csv'], { TRACKGRAPH_API_KEY: FAKE_KEY })).toMatchObject({ url: 'http://localhost:4000/graphql', key: FAKE_KEY, batchSize: 100, minScore: 0.75 });
  });

  it('needs an API key, from --key or TRACKGRAPH_API_KEY', () => {
    expect(() => parseBackfillArgs(['in.csv', '-o', 'out.csv'], {})).toThrow(/an API key is required: --key sk_… or TRACKGRAPH_API_KEY/);
    expect(() => parseBackfillArgs(['in.csv', '-o', 'out.csv', '--key', 'secret'], {})).toThrow(/must be an API key/);
  });

  it('sends the key as a bearer token with every request', async () => {
    const api = await fakeApi();
    const dir = await tempDir();
    const input = await writeCsv(dir, 'in.csv', [HEADER, ...unknownRows(3)]);
    await run(input, `${dir}/out.csv`, api.url, { key: FAKE_KEY });
    expect(api.state.requests.length).toBeGreaterThan(0);
    for (const request of api.state.requests) expect(request.headers.authorization).toBe(`Bearer ${FAKE_KEY}`);
  });

  it.each([
    [[], /input CSV is required/],
    [['in.csv'], /-o <enriched.csv> is required/],
    [['in.csv', '-o', 'o.csv', '--batch', '101'], /--batch must be a whole number from 1 to 100/],
    [['in.csv', '-o', 'o.csv', '--min-score', '1.5'], /--min-score must be a number from 0 to 1/],
    [['in.csv', '-o', 'o.csv', '--url', 'localhost:4000'], /--url must be an http/],
    [['in.csv', '-o', 'o.csv', '--bogus'], /Unknown option/],
    [['in.csv', '-o', 'in.csv'], /must not be the input/],
  ])('exits 2 on %j', async (argv, message) => {
    const messages: string[] = [];
    expect(await main([...argv, '--key', FAKE_KEY], undefined, (m) => messages.push(m))).toBe(2);
    expect(messages[0]).toMatch(message);
    expect(messages[0]).toMatch(/usage: npm run backfill/);
  });

  it('exits 2 on an input without the required columns, or a checkpoint of another input', async () => {
    const api = await fakeApi();
    const dir = await tempDir();
    const quiet = () => undefined;
    const noIsrc = await writeCsv(dir, 'a.csv', ['spotify_id,title', 'x,y']);
    expect(await main([noIsrc, '-o', `${dir}/a.out.csv`, '--url', api.url, '--key', FAKE_KEY], undefined, quiet)).toBe(2);
    const one = await writeCsv(dir, 'b.csv', [HEADER, ...unknownRows(2)]);
    const other = await writeCsv(dir, 'c.csv', [HEADER, ...unknownRows(3)]);
    expect(await main([one, '-o', `${dir}/out.csv`, '--url', api.url, '--key', FAKE_KEY], undefined, quiet)).toBe(0);
    expect(await main([other, '-o', `${dir}/out.csv`, '--url', api.url, '--key', FAKE_KEY], undefined, quiet)).toBe(2);
  });
});
