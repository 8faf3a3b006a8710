import { createServer, type Server } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../lib/freePort.ts';
import { createTracks } from '../../subgraphs/links/src/catalog/createTracks.ts';
import { trackIdForIsrc } from '../../subgraphs/links/src/trackId.ts';
import { musicFolder, type FolderFile, type MusicFolder } from '../fixtures/audio/musicFolder.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { ingestCli } from './ingestCli.ts';

const cli = ingestCli('scripts/importLibrary.ts', 'library');
const enrich = (args: string[], env?: NodeJS.ProcessEnv) => cli.runScript('scripts/enrichLibrary.ts', args, env);
let stack: TestStack;
let folder: MusicFolder;
let proxy: { url: string; server: Server; requests: { query: string; variables: Record<string, unknown> }[] };

/** Links knows these 150 recordings by ISRC; the library has them tagged. */
const BY_ISRC = Array.from({ length: 150 }, (_, i) => `ZZLIB${String(i).padStart(7, '0')}`);
/** And these 120 by artist and title; the library has them untagged. */
const BY_NAME = Array.from({ length: 120 }, (_, i) => ({ isrc: `ZZNAM${String(i).padStart(7, '0')}`, title: `Untagged Song Number ${i}`, artist: `Band ${String.fromCharCode(65 + (i % 26))}${i}` }));

const files: FolderFile[] = [
  // Tagged with the ISRC links knows: tied by ISRC, links filled.
  { path: 'Radiohead/OK Computer/02 Paranoid Android.mp3', tags: { title: 'Paranoid Android', artists: ['Radiohead'], album: 'OK Computer', isrc: 'GBAYE9700074', durationSeconds: 383 } },
  // No ISRC: the studio recording through the search.
  { path: 'Daft Punk/Discovery/01 One More Time.flac', tags: { title: 'One More Time', artists: ['Daft Punk'], album: 'Discovery', durationSeconds: 321 } },
  // The live version: tied to the live recording, never to the studio one.
  { path: 'Daft Punk/Alive/01 One More Time (Live).m4a', tags: { title: 'One More Time (Live)', artists: ['Daft Punk'], album: 'Alive 2007', durationSeconds: 350 } },
  // A radio edit links does not have: not tied to the album version.
  { path: 'Daft Punk/Singles/Around the World (Radio Edit).mp3', tags: { title: 'Around the World (Radio Edit)', artists: ['Daft Punk'], album: 'Singles', durationSeconds: 240 } },
  // The right title, but half as long: another recording.
  { path: 'Daft Punk/Bootleg/Around the World.mp3', tags: { title: 'Around the World', artists: ['Daft Punk'], album: 'Bootleg', durationSeconds: 200 } },
  // A live album whose titles do not say "live".
  { path: 'Radiohead/Live at Wembley/Paranoid Android.flac', tags: { title: 'Paranoid Android', artists: ['Radiohead'], album: 'Live at Wembley', durationSeconds: 385 } },
  ...BY_ISRC.map((isrc, i) => ({ path: `Tagged/${i}.mp3`, tags: { title: `Tagged Song ${i}`, artists: ['Tagged Band'], album: 'Tagged', isrc, durationSeconds: 200 } })),
  ...BY_NAME.map((t, i) => ({ path: `Untagged/${i}.flac`, tags: { title: t.title, artists: [t.artist], album: 'Untagged', durationSeconds: 210 } })),
];

/** A proxy in front of the gateway that records every GraphQL request the command sends. */
async function recordingProxy(target: string): Promise<typeof proxy> {
  const requests: (typeof proxy)['requests'] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    requests.push(JSON.parse(body));
    const answer = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', authorization: req.headers.authorization ?? '' }, body });
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/graphql`, server, requests };
}

beforeAll(async () => {
  stack = await startTestStack();
  await stack.linksPrisma.$transaction((tx) =>
    createTracks(tx, [
      { isrc: 'ZZLIV0700001', title: 'One More Time (Live)', artists: [{ name: 'Daft Punk' }], durationSeconds: 352, links: [{ platform: 'SPOTIFY', externalId: '0000000000000000000liv' }] },
      { isrc: 'GBDUW9600022', title: 'Around the World', artists: [{ name: 'Daft Punk' }], durationSeconds: 429, links: [{ platform: 'DEEZER', externalId: '3129407' }] },
      ...BY_ISRC.map((isrc, i) => ({ isrc, title: `Tagged Song ${i}`, artists: [{ name: 'Tagged Band' }], links: [{ platform: 'DEEZER' as const, externalId: `${1000 + i}` }] })),
      ...BY_NAME.map((t) => ({ isrc: t.isrc, title: t.title, artists: [{ name: t.artist }], durationSeconds: 211 })),
    ]),
  );
  folder = await musicFolder(files);
  proxy = await recordingProxy(stack.gateway.url);
}, 180_000);
afterAll(async () => {
  proxy?.server.close();
  await stack?.close();
  await folder?.remove();
  await cli.cleanup();
});

interface TrackRow {
  title: string;
  album: string;
  canonicalTrackId: string | null;
  canonicalIsrc: string | null;
  matchMethod: string | null;
  statuses: Record<string, string> | null;
}
const tracks = () =>
  cli.query<TrackRow>(`SELECT t.title, a.title AS album, t."canonicalTrackId", t."canonicalIsrc", t."matchMethod"::text,
    (SELECT json_object_agg(e.provider, e."matchStatus" || COALESCE(':' || e."externalId", '')) FROM "TrackExternalId" e WHERE e."trackId" = t.id) AS statuses
    FROM "Track" t JOIN "Album" a ON a.id = t."albumId" WHERE t."accountId" = 'acme' ORDER BY t.id`);

describe('npm run import:library', () => {
  it('exits 2 on usage errors, before opening the database', async () => {
    const [none, nowhere, both, account, key] = await Promise.all([
      cli.run([]),
      cli.run(['nowhere']),
      cli.run([folder.root, '--from', 'x.json']),
      cli.run([folder.root, '--account', 'a b']),
      cli.run([folder.root], { TRACKGRAPH_API_KEY: 'secret' }),
    ]);
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('import:library: no folder given')]);
    expect([nowhere.code, nowhere.stderr]).toEqual([2, expect.stringContaining('"nowhere" does not exist')]);
    expect(both.stderr).toContain('give a folder or --from <export>, not both');
    expect(account.stderr).toContain('--account must be an account id');
    expect(key.stderr).toContain('--key (or TRACKGRAPH_API_KEY) must be an API key');
  }, 60_000);

  it('imports the folder without a key, and says how to enrich later', async () => {
    const { code, stdout, stderr } = await cli.run([folder.root, '--account', 'acme']);
    expect([code, stderr]).toEqual([0, expect.stringContaining(`import:library: ${files.length} files found, ${files.length} new or changed, 0 unchanged`)]);
    expect(stdout).toMatch(new RegExp(`import:library: ${files.length} files in [\\d.]+ s \\(\\d+ files/s read\\): ${files.length} read, 0 unchanged, 0 marked removed, 0 unreadable; 1 transactions`));
    expect(stdout).toContain(`tracks created ${files.length}, updated 0`);
    expect(stdout).toContain(`enrichment: not run (no API key); ${files.length} tracks never enriched. To enrich them, run \`npm run enrich:library -- --account acme\``);
  }, 120_000);

  it('enriches: ISRCs and safe search matches tied, other versions and durations refused, 100 tracks a request at most', async () => {
    const { code, stdout } = await enrich(['--account', 'acme', '--gateway', proxy.url], { TRACKGRAPH_API_KEY: stack.adminKey });
    expect(code).toBe(0);
    expect(stdout).toContain(`enrichment: ${files.length} tracks in`);
    expect(stdout).toContain('151 tied by ISRC, 122 by search; 0 ISRCs links does not know');
    const rows = await tracks();
    const byPath = (title: string, album: string) => rows.find((r) => r.title === title && r.album === album)!;
    expect(byPath('Paranoid Android', 'OK Computer')).toMatchObject({
      canonicalTrackId: trackIdForIsrc('GBAYE9700074'),
      matchMethod: 'ISRC',
      statuses: { MUSICBRAINZ: 'MATCHED:b3e2b7e0-a147-4b3c-8eab-fd90bfff7e74', SPOTIFY: 'MATCHED:6LgJvl0Xdtc73RJ1mN1a7Z', ITUNES: 'MATCHED:1097863011', DEEZER: 'MATCHED:119606528' },
    });
    expect(byPath('One More Time', 'Discovery')).toMatchObject({ canonicalTrackId: trackIdForIsrc('GBDUW0000053'), matchMethod: 'SEARCH', statuses: expect.objectContaining({ SPOTIFY: 'MATCHED:5W3cjX2J3tjhG8zb6u0qHn', ITUNES: 'MATCHED:1440650' }) });
    expect(byPath('One More Time (Live)', 'Alive 2007')).toMatchObject({ canonicalTrackId: trackIdForIsrc('ZZLIV0700001'), canonicalIsrc: 'ZZLIV0700001', matchMethod: 'SEARCH' });
    // Never the studio recording for the edit, the shorter take or the live album.
    for (const [title, album] of [['Around the World (Radio Edit)', 'Singles'], ['Around the World', 'Bootleg'], ['Paranoid Android', 'Live at Wembley']]) {
      expect(byPath(title!, album!), `${title} on ${album}`).toMatchObject({ canonicalTrackId: null, canonicalIsrc: null, matchMethod: null, statuses: { MUSICBRAINZ: 'NOT_FOUND', SPOTIFY: 'NOT_FOUND', ITUNES: 'NOT_FOUND', DEEZER: 'NOT_FOUND' } });
    }
    expect(rows.find((r) => r.title === 'Tagged Song 7')).toMatchObject({ canonicalTrackId: trackIdForIsrc(BY_ISRC[7]!), statuses: expect.objectContaining({ DEEZER: 'MATCHED:1007' }) });
    expect(rows.find((r) => r.title === 'Untagged Song Number 42')).toMatchObject({ canonicalTrackId: trackIdForIsrc(BY_NAME[42]!.isrc), matchMethod: 'SEARCH' });
    // Every request carries at most 100 searches, ISRCs or ids.
    expect(proxy.requests.length).toBeGreaterThan(0);
    for (const { query, variables } of proxy.requests) {
      expect((query.match(/searchTracks\(/g) ?? []).length).toBeLessThanOrEqual(100);
      expect(((variables.isrcs as string[] | undefined) ?? []).length).toBeLessThanOrEqual(100);
      expect(((variables.ids as string[] | undefined) ?? []).length).toBeLessThanOrEqual(100);
    }
    const pages = Math.ceil(files.length / 100);
    expect(proxy.requests.length).toBeLessThanOrEqual(2 * pages);
    expect(proxy.requests.reduce((n, r) => n + ((r.variables.isrcs as string[] | undefined)?.length ?? 0), 0)).toBe(151);

  }, 180_000);

  it('enriches nothing the second time, and everything again with --all, in smaller requests for a plan that allows fewer root fields', async () => {
    const again = await enrich(['--account', 'acme', '--gateway', proxy.url], { TRACKGRAPH_API_KEY: stack.adminKey });
    expect(again.stdout).toContain('enrichment: 0 tracks in 0 requests');
    proxy.requests.length = 0;
    // The standard plan allows 50 root fields a request.
    const standard = await stack.createKey({ accountId: 'acme', plan: 'standard' });
    const all = await enrich(['--account', 'acme', '--gateway', proxy.url, '--all'], { TRACKGRAPH_API_KEY: standard });
    expect([all.code, all.stderr]).toEqual([0, expect.any(String)]);
    expect(all.stdout).toContain(`enrichment: ${files.length} tracks in`);
    expect(all.stdout).toContain('151 tied by ISRC, 122 by search');
    const searches = proxy.requests.map((r) => (r.query.match(/searchTracks\(/g) ?? []).length).filter(Boolean);
    // The first request over 50 is refused (QUERY_TOO_COMPLEX), then halved for the rest of the run.
    const refused = searches.findIndex((n) => n > 50);
    expect(refused).toBeGreaterThanOrEqual(0);
    expect(Math.max(...searches.slice(refused + 1))).toBeLessThanOrEqual(50);
  }, 180_000);

  it('exits 3 when the gateway is down, keeping the import; enrich:library needs a key', async () => {
    const extra = await folder.write({ path: 'Late/New.mp3', tags: { title: 'Paranoid Android', artists: ['Radiohead'], isrc: 'GBAYE9700074' } });
    const down = await cli.run([folder.root, '--account', 'acme', '--key', stack.adminKey, '--gateway', `http://127.0.0.1:${await freePort()}/graphql`]);
    expect(down.code).toBe(3);
    expect(down.stdout).toContain(`${files.length + 1} files in`);
    expect(down.stdout).toContain('1 read, ' + files.length + ' unchanged');
    expect(down.stdout).toMatch(/enrichment failed: NETWORK_ERROR: .* did not answer/);
    expect(extra).toBeTruthy();
    const noKey = await enrich(['--account', 'acme']);
    expect([noKey.code, noKey.stderr]).toEqual([2, expect.stringContaining('enrich:library: an API key is needed')]);
  }, 120_000);

  it('exits 1 listing an unreadable file; --from imports a Plex export and a CSV, refusing rows without a title', async () => {
    await writeFile(join(folder.root, 'Late/broken.flac'), 'not audio');
    const broken = await cli.run([folder.root, '--account', 'acme', '--no-enrich']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`Unreadable files (1):\n  ${join(folder.root, 'Late/broken.flac')}: no audio stream found`);
    expect(broken.stdout).toContain('enrichment: not run (--no-enrich)');
    const plex = join(folder.root, 'plex.json');
    await writeFile(plex, JSON.stringify({ MediaContainer: { Metadata: [
      { ratingKey: '101', title: 'Paranoid Android', grandparentTitle: 'Radiohead', parentTitle: 'OK Computer', index: 2, parentIndex: 1, duration: 383000, Guid: [{ id: 'mbid://b3e2b7e0-a147-4b3c-8eab-fd90bfff7e74' }], Media: [{ bitrate: 1024, container: 'flac', Part: [{ file: '/music/Radiohead/OK Computer/02 - Paranoid Android.flac' }] }] },
      { ratingKey: '102', grandparentTitle: 'Nobody' },
    ] } }));
    const fromPlex = await cli.run(['--from', plex, '--account', 'plexacct', '--no-enrich']);
    expect(fromPlex.code).toBe(1);
    expect(fromPlex.stdout).toContain('import:library: 1 files in');
    expect(fromPlex.stdout).toContain(`Skipped (1):\n  ${plex} item 2: no title`);
    const csv = join(folder.root, 'export.csv');
    await writeFile(csv, 'id,title,artist,album,track,year,duration_ms,isrc\n1,One More Time,Daft Punk,Discovery,1,2001,320000,GBDUW0000053\n');
    const fromCsv = await cli.run(['--from', csv, '--account', 'csvacct', '--no-enrich']);
    expect(fromCsv.code).toBe(0);
    expect(fromCsv.stdout).toContain('tracks created 1');
    expect((await cli.run(['--from', csv, '--account', 'csvacct', '--no-enrich'])).stdout).toContain('0 read, 1 unchanged');
    const imported = await cli.query<{ title: string; filePath: string; serverSource: string; isrc: string | null }>(`SELECT title, "filePath", "serverSource", isrc FROM "Track" WHERE "accountId" IN ('plexacct', 'csvacct') ORDER BY id`);
    expect(imported).toEqual([
      { title: 'Paranoid Android', filePath: '/music/Radiohead/OK Computer/02 - Paranoid Android.flac', serverSource: 'plex', isrc: null },
      { title: 'One More Time', filePath: 'export:1', serverSource: 'export', isrc: 'GBDUW0000053' },
    ]);
  }, 120_000);
});
