import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import { describeMapping, resolveColumns } from '../../../subgraphs/links/src/catalog/csvColumns.ts';
import { importCatalog } from '../../../subgraphs/links/src/catalog/importCatalog.ts';
import type { Context } from '../../../subgraphs/links/src/context.ts';
import type { LinksPrisma } from '../../../subgraphs/links/src/db.ts';
import { linksSubgraph } from '../../../subgraphs/links/src/module.ts';
import { createTestSubgraph, execute } from '../../helpers/subgraph.ts';

const stream = (content: string) => Readable.from([Buffer.from(content, 'utf8')]);

let links: Subgraph<LinksPrisma, Context>;
beforeAll(async () => {
  links = await createTestSubgraph(linksSubgraph);
});
afterAll(() => links?.close());

const track = async (isrc: string) => {
  const { data, errors } = await execute(links, `query ($isrc: String) { track(isrc: $isrc) { title releaseTitle releaseDate durationSeconds artists { name } links { source externalId } } }`, { isrc });
  expect(errors).toBeUndefined();
  return data?.track;
};

describe('export headers', () => {
  it('maps the Spotify-style header and reads its US dates', async () => {
    const csv = 'Track,Album Name,Artist,Release Date,ISRC,All Time Rank\nMILLION DOLLAR BABY,Million Dollar Baby - Single,Tommy Richman,4/26/2024,QM24S2402528,1\n';
    let mapping = '';
    const summary = await importCatalog(links.prisma, stream(csv), { onColumns: (columns) => (mapping = describeMapping(columns)) });
    expect(mapping).toBe('Track → title, Album Name → album, Artist → artist, Release Date → releaseDate, ISRC → isrc');
    expect(summary).toMatchObject({ rows: 1, inserted: 1, ignoredColumns: ['All Time Rank'] });
    expect(summary.warnings.count).toBe(0);
    expect(await track('QM24S2402528')).toMatchObject({ title: 'MILLION DOLLAR BABY', releaseTitle: 'Million Dollar Baby - Single', releaseDate: '2024-04-26' });
  });

  it('maps an Exportify header: track URI as the Spotify ID, duration in ms', async () => {
    const csv =
      '"Track URI","Track Name","Artist URI(s)","Artist Name(s)","Album Name","Album Artist Name(s)","Album Release Date","Track Duration (ms)","Explicit","Popularity","ISRC"\n' +
      '"spotify:track:2plbrEY59IikOBgBGLjaoe","Die With A Smile","spotify:artist:1HY2Jd0NmPuamShAr6KMms","Lady Gaga; Bruno Mars","Die With A Smile","Lady Gaga","2024-08-16","251667","false","94","USUM72409273"\n';
    const summary = await importCatalog(links.prisma, stream(csv));
    expect(summary).toMatchObject({ rows: 1, inserted: 1, linksAdded: 1 });
    expect(await track('USUM72409273')).toMatchObject({
      title: 'Die With A Smile',
      releaseDate: '2024-08-16',
      durationSeconds: 252,
      artists: [{ name: 'Lady Gaga' }, { name: 'Bruno Mars' }],
      links: [{ source: 'SPOTIFY', externalId: '2plbrEY59IikOBgBGLjaoe' }],
    });
  });

  it('maps the Soundiiz / TuneMyMusic headers', () => {
    expect(describeMapping(resolveColumns(['Track name', 'Artist name', 'Album', 'Playlist name', 'Type', 'ISRC']))).toBe('Track name → title, Artist name → artist, Album → album, ISRC → isrc');
    expect(describeMapping(resolveColumns(['title', 'artist', 'album', 'isrc']))).toBe('title → title, artist → artist, album → album, isrc → isrc');
  });

  it('names the columns, the accepted names and the backfill when a header is not a catalog', () => {
    expect(() => resolveColumns(['Track URI', 'Track Name', 'Artist Name(s)', 'Added At'])).toThrow(
      /Missing required column "isrc"; the header has "Track URI", "Track Name", "Artist Name\(s\)", "Added At"\. Accepted names: isrc \(as isrc\)\. .*`npm run backfill` reads such exports/,
    );
    expect(() => resolveColumns(['Song Name', 'Performer', 'Code'])).toThrow(/Accepted names: isrc \(as isrc\); title \(as title, track, track_name.*\); artist \(as artist, artists, artist_name, artist_names\)\.$/);
  });
});

describe('values', () => {
  it('drops optional values that fail with line, column and value, keeping the row', async () => {
    const csv = 'isrc,title,artist,release_date,duration_ms,deezer_id\nUSRC17607901,Kept,Someone,31/31/2024,abc,not-a-number\n';
    const summary = await importCatalog(links.prisma, stream(csv));
    expect(summary).toMatchObject({ inserted: 1 });
    expect(summary.warnings.rows).toEqual([
      { line: 2, reason: 'release_date "31/31/2024" is not a calendar day; not stored' },
      { line: 2, reason: 'duration_ms "abc" is not a number of milliseconds; not stored' },
      { line: 2, reason: expect.stringMatching(/^deezer_id "not-a-number" is not a DEEZER id .*; not stored$/) },
    ]);
    expect(await track('USRC17607901')).toMatchObject({ title: 'Kept', releaseDate: null, durationSeconds: null, links: [] });
  });

  it('accepts an ISRC whose agency prefix is newer than the bundled list, and counts it', async () => {
    const summary = await importCatalog(links.prisma, stream('isrc,title,artist\nRDA0D2400001,Real Release,Someone\nRDA0D2400002,Another,Someone\nGB-DUW-00-00099,Known,Someone\n'));
    expect(summary).toMatchObject({ inserted: 3, unknownPrefixCounts: { RD: 2 } });
    expect(summary.unknownPrefixes.rows.map((row) => row.line)).toEqual([2, 3]);
    expect(await track('RDA0D2400001')).toMatchObject({ title: 'Real Release' });
  });

  it('repairs double-encoded UTF-8, refuses garbled names and leaves out a garbled album', async () => {
    const csv = [
      'isrc,title,artist,album',
      'USRC17607910,Halo,BeyoncÃ©,I Am... Sasha Fierce',
      'USRC17607911,Pok\uFFFDmon Theme,Someone,',
      'USRC17607912,Fine Title,ýýý,',
      'USRC17607913,Fine Too,Someone,ýýý Album',
    ].join('\n');
    const summary = await importCatalog(links.prisma, stream(csv));
    expect(summary).toMatchObject({ rows: 4, inserted: 2 });
    expect(summary.invalid.rows).toEqual([
      { line: 3, reason: 'title "Pok\uFFFDmon Theme" is garbled text: it contains U+FFFD replacement characters' },
      { line: 4, reason: 'artist "ýýý" is garbled text: it contains "ýýý", a run left by a lossy encoding conversion' },
    ]);
    expect(summary.mojibake.rows.map((row) => [row.line, row.reason])).toEqual([
      [2, 'artist "BeyoncÃ©" repaired to "Beyoncé"'],
      [3, 'title "Pok\uFFFDmon Theme" contains U+FFFD replacement characters'],
      [4, 'artist "ýýý" contains "ýýý", a run left by a lossy encoding conversion'],
      [5, 'album "ýýý Album" contains "ýýý", a run left by a lossy encoding conversion'],
    ]);
    expect(summary.warnings.rows).toEqual([{ line: 5, reason: 'album "ýýý Album" is garbled text; not stored' }]);
    expect(await track('USRC17607910')).toMatchObject({ artists: [{ name: 'Beyoncé' }] });
    expect(await track('USRC17607911')).toBeNull();
    expect(await track('USRC17607913')).toMatchObject({ releaseTitle: null });
  });
});
