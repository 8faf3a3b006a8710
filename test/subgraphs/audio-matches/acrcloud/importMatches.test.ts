import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../../lib/subgraph/createSubgraph.ts';
import { describeProblem, importMatchFile } from '../../../../subgraphs/audio-matches/src/acrcloud/importMatches.ts';
import type { Context } from '../../../../subgraphs/audio-matches/src/context.ts';
import type { AudioMatchesPrisma } from '../../../../subgraphs/audio-matches/src/db.ts';
import { audioMatchesSubgraph } from '../../../../subgraphs/audio-matches/src/module.ts';
import { trackIdForIsrc } from '../../../../subgraphs/links/src/trackId.ts';
import { createTestSubgraph } from '../../../helpers/subgraph.ts';
import { ingestCli } from '../../../ingest/ingestCli.ts';
import { ACRCLOUD_FIXTURES, acrCloudFixture } from './fakeAcrCloud.ts';

const TRACK = 'trk_0123456789abcdef0123';
const fixture = (name: string) => fileURLToPath(new URL(name, ACRCLOUD_FIXTURES));

let subgraph: Subgraph<AudioMatchesPrisma, Context>;
let prisma: AudioMatchesPrisma;
let dir: string;

beforeAll(async () => {
  subgraph = await createTestSubgraph(audioMatchesSubgraph, { seed: false });
  prisma = subgraph.prisma;
  dir = mkdtempSync(join(tmpdir(), 'trackgraph-acrcloud-'));
});
afterAll(async () => {
  await subgraph.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a variant of a recorded fixture under `name`. */
function variant(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('imports ACRCloud result files', () => {
  it('stores every match with its relations, and re-importing changes nothing', async () => {
    const first = await importMatchFile(prisma, fixture('scan-results.jsonl'), { accountId: 'acct-a', trackId: TRACK });
    expect(first).toMatchObject({ status: 'DONE', responses: 4, matches: 5, inserted: 5, updated: 0, unchanged: 0, removed: 0, problems: [] });
    const analysis = await prisma.trackAnalysis.findUniqueOrThrow({ where: { id: first.analysisId } });
    expect(analysis).toMatchObject({ accountId: 'acct-a', trackId: TRACK, source: 'ACRCLOUD_IMPORT', sourceFile: 'scan-results.jsonl', status: 'DONE' });
    const bambola = await prisma.trackMatch.findFirstOrThrow({ where: { analysisId: first.analysisId, title: 'La Bambola' }, include: { artists: true, timeOffsets: true, spotifyArtists: true, deezerArtists: true } });
    expect(bambola).toMatchObject({ isCover: false, isrc: 'ITB006870616', albumUpc: '743219711328', confidenceScore: 82, externalKey: '27fef80da4dabc33591a2c08a08edaf0', spotifyId: '5YT3WdXo5gBwZ0TlJiB0TE', deezerId: '1017795', youtubeId: 'UHCgZY-HX6U' });
    expect(bambola.timeOffsets).toMatchObject([{ trackStartMs: 300, trackEndMs: 9460, matchStartMs: 75960, matchEndMs: 85120 }]);
    expect(bambola.artists.map((a) => a.name)).toEqual(['Patty Pravo']);
    expect(await prisma.trackMatch.count({ where: { analysisId: first.analysisId, isCover: true } })).toBe(1);

    const again = await importMatchFile(prisma, fixture('scan-results.jsonl'), { accountId: 'acct-a', trackId: TRACK });
    expect(again).toMatchObject({ analysisId: first.analysisId, inserted: 0, updated: 0, unchanged: 5, removed: 0 });
    expect(await prisma.trackMatch.count({ where: { accountId: 'acct-a' } })).toBe(5);
  });

  it('a file that now holds fewer results updates the analysis: the missing matches are removed', async () => {
    const name = variant('shrinking.json', acrCloudFixture('music-three-results.json'));
    expect(await importMatchFile(prisma, name, { accountId: 'acct-b', trackId: TRACK })).toMatchObject({ inserted: 3 });
    const response = JSON.parse(acrCloudFixture('music-three-results.json'));
    response.metadata.music = response.metadata.music.slice(0, 1);
    response.metadata.music[0].label = 'Domino';
    writeFileSync(name, JSON.stringify(response));
    expect(await importMatchFile(prisma, name, { accountId: 'acct-b', trackId: TRACK })).toMatchObject({ inserted: 0, updated: 1, removed: 2 });
  });

  it('"No result" is an analysis with no matches; an error status a FAILED one', async () => {
    expect(await importMatchFile(prisma, fixture('no-result.json'), { accountId: 'acct-c', trackId: TRACK })).toMatchObject({ status: 'DONE', matches: 0, inserted: 0 });
    const failed = await importMatchFile(prisma, fixture('error-3003-limit-exceeded.json'), { accountId: 'acct-c', trackId: TRACK });
    expect(failed).toMatchObject({ status: 'FAILED', matches: 0 });
    expect(await prisma.trackAnalysis.findUniqueOrThrow({ where: { id: failed.analysisId } })).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/3003/) });
  });
});

describe('reports bad codes', () => {
  it('stores the field null, keeps the rest of the match, and says where it was', async () => {
    const lines = acrCloudFixture('scan-results.jsonl').split('\n');
    lines[1] = lines[1]!.replace('"external_ids":{}', '"external_ids":{"upc":"5054429132327","iswc":"T-123.456.789-0"}');
    const summary = await importMatchFile(prisma, variant('bad-codes.jsonl', lines.join('\n')), { accountId: 'acct-d', trackId: TRACK });
    expect(summary.problems.map(describeProblem)).toEqual([
      expect.stringMatching(/^line 2, \$\.metadata\.music\[0\]\.external_ids\.upc: invalid UPC "5054429132327"/),
      expect.stringMatching(/^line 2, \$\.metadata\.music\[0\]\.external_ids\.iswc: invalid ISWC "T-123\.456\.789-0"/),
    ]);
    const match = await prisma.trackMatch.findFirstOrThrow({ where: { accountId: 'acct-d', title: 'Do I Wanna Know?' } });
    expect(match).toMatchObject({ albumUpc: null, iswc: null, label: 'Universal Music', spotifyId: '2UzMpPKPhbcC8RbsmuURAZ' });
  });
});

describe('one transaction per file', () => {
  it('a file the database refuses halfway leaves nothing, and an earlier import of it untouched', async () => {
    const good = acrCloudFixture('scan-results.jsonl');
    const path = variant('refused.jsonl', good);
    await importMatchFile(prisma, path, { accountId: 'acct-e', trackId: TRACK });
    const before = await prisma.trackMatch.findMany({ where: { accountId: 'acct-e' }, orderBy: { id: 'asc' } });
    // Postgres refuses NUL in text: the last match of the file fails after the others were written.
    writeFileSync(path, good.replace('"title":"Crawl Back"', '"title":"Crawl\\u0000Back"').replace('Patty Pravo"}]', 'Patty Pravo (live)"}]'));
    await expect(importMatchFile(prisma, path, { accountId: 'acct-e', trackId: TRACK })).rejects.toThrow();
    expect(await prisma.trackMatch.findMany({ where: { accountId: 'acct-e' }, orderBy: { id: 'asc' } })).toEqual(before);

    const fresh = variant('refused-fresh.jsonl', good.replace('"title":"Crawl Back"', '"title":"Crawl\\u0000Back"'));
    await expect(importMatchFile(prisma, fresh, { accountId: 'acct-f', trackId: TRACK })).rejects.toThrow();
    expect(await prisma.trackAnalysis.count({ where: { accountId: 'acct-f' } })).toBe(0);
    expect(await prisma.trackMatch.count({ where: { accountId: 'acct-f' } })).toBe(0);
  });
});

describe('npm run import:matches', () => {
  it('imports, prints a summary, is idempotent, and refuses bad arguments with exit 2', async () => {
    const cli = ingestCli('scripts/importMatches.ts', 'audio-matches');
    try {
      const badTrack = await cli.run([fixture('music-three-results.json'), '--track', 'trk_nope']);
      expect(badTrack.code).toBe(2);
      expect(badTrack.stderr).toMatch(/Invalid track id "trk_nope"/);
      const noTrack = await cli.run([fixture('music-three-results.json')]);
      expect(noTrack.code).toBe(2);

      const first = await cli.run([fixture('music-three-results.json'), '--track', 'GBDUW0000053', '--account', 'acct-cli']);
      expect(first.stderr).toMatch(/importing .* for track trk_/);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/1 response, 3 matches → analysis \d+ DONE/);
      expect(first.stdout).toMatch(/matches inserted 3, updated 0, unchanged 0, removed 0; problems 0/);
      const second = await cli.run([fixture('music-three-results.json'), '--track', 'GBDUW0000053', '--account', 'acct-cli']);
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/matches inserted 0, updated 0, unchanged 3, removed 0/);
      const rows = await cli.query<{ trackId: string; n: number }>(`SELECT "trackId", count(*)::int AS n FROM "TrackMatch" GROUP BY "trackId"`);
      // The ISRC stands for its canonical track id.
      expect(rows).toEqual([{ trackId: trackIdForIsrc('GBDUW0000053'), n: 3 }]);

      const failed = await cli.run([fixture('error-3014-invalid-signature.json'), '--track', TRACK]);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toMatch(/FAILED \(ACRCloud status 3014/);
    } finally {
      await cli.cleanup();
    }
  }, 120_000);
});
