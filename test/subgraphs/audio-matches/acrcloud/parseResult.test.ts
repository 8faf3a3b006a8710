import { describe, expect, it } from 'vitest';
import { parseAcrCloudText } from '../../../../subgraphs/audio-matches/src/acrcloud/parseResult.ts';
import { acrCloudFixture } from './fakeAcrCloud.ts';

const parse = (name: string) => parseAcrCloudText(acrCloudFixture(name));

describe('reads music results', () => {
  it('maps every field of a full result', () => {
    const { status, matches, problems } = parse('music-la-bambola.json');
    expect(status).toBe('DONE');
    expect(problems).toEqual([]);
    expect(matches).toEqual([
      {
        isCover: false,
        title: 'La Bambola',
        albumTitle: 'Solino',
        isrc: 'ITB006870616',
        albumUpc: '743219711328',
        iswc: null,
        label: 'Amiga',
        releaseDate: '2002-10-28',
        youtubeId: 'UHCgZY-HX6U',
        spotify: { id: '5YT3WdXo5gBwZ0TlJiB0TE', title: 'La Bambola', albumId: '0I3MXd5FYGAj6X9GOJepMb', albumName: 'Solino' },
        appleId: null,
        deezer: { id: '1017795', title: 'La Bambola', albumId: '112016', albumName: 'Solino' },
        confidenceScore: 82,
        externalKey: '27fef80da4dabc33591a2c08a08edaf0',
        artists: ['Patty Pravo'],
        distributors: [],
        timeOffsets: [{ trackStartMs: 300, trackEndMs: 9460, matchStartMs: 75960, matchEndMs: 85120 }],
        spotifyArtists: [{ id: '2Yi5fknmHBqqKjHF6cXQyh', name: 'Patty Pravo' }],
        deezerArtists: [{ id: '58615', name: 'Patty Pravo' }],
      },
    ]);
  });

  it('reads several results, empty external_ids included', () => {
    const { matches } = parse('music-three-results.json');
    expect(matches.map((m) => [m.title, m.isrc, m.confidenceScore, m.spotifyArtists.length])).toEqual([
      ['Do I Wanna Know?', null, 100, 1],
      ['Simple & Plain', null, 100, 1],
      ['Crawl Back', null, 100, 2],
    ]);
  });

  it('takes ISWC, distributors from rights_claim, and artists given by id alone their result artist name', () => {
    const [hello] = parse('music-hello.json').matches;
    expect(hello).toMatchObject({ iswc: 'T-917.819.808-8', isrc: 'GBBKS1500214', albumUpc: '886445581959', distributors: ['Warner Music Group', 'Sony Music Entertainment'] });
    expect(hello!.spotifyArtists).toEqual([{ id: '4dpARuHxo51G3z768sgnrY', name: 'Adele' }]);
    expect(hello!.spotify).toEqual({ id: '4aebBr4JAihzJQR0CiIZJv', title: null, albumId: '7uwTHXmFa1Ebi5flqBosig', albumName: null });
  });

  it('reads Broadcast Database results, whose codes and platforms are lists', () => {
    const [cure] = parse('broadcast-friday-im-in-love.json').matches;
    expect(cure).toMatchObject({ isrc: 'USEE10180267', albumUpc: '075596130967', iswc: 'T-010.095.403-7', youtubeId: 'mGgMZpGYiy8', deezer: { id: '14611440' } });
    expect(cure!.timeOffsets).toEqual([{ trackStartMs: 0, trackEndMs: 9120, matchStartMs: 145420, matchEndMs: 154540 }]);
  });
});

describe('reads cover results', () => {
  it('humming results are covers, their 0–1 score read as a percentage', () => {
    const [cover] = parse('humming-as-long-as-you-love-me.json').matches;
    expect(cover).toMatchObject({ isCover: true, title: 'As Long As You Love Me', confidenceScore: 88, timeOffsets: [] });
  });

  it('cover_songs results too', () => {
    const response = JSON.parse(acrCloudFixture('humming-as-long-as-you-love-me.json'));
    response.metadata = { cover_songs: response.metadata.humming };
    const { matches } = parseAcrCloudText(JSON.stringify(response));
    expect(matches).toHaveLength(1);
    expect(matches[0]!.isCover).toBe(true);
  });
});

describe('statuses', () => {
  it('1001 "No result" is zero matches, not an error', () => {
    expect(parse('no-result.json')).toMatchObject({ status: 'DONE', error: null, matches: [], problems: [] });
  });

  it('an error status fails the result, naming the code', () => {
    const result = parse('error-3001-invalid-access-key.json');
    expect(result).toMatchObject({ status: 'FAILED', matches: [] });
    expect(result.error).toMatch(/ACRCloud status 3001 "Missing\/Invalid Access Key"/);
  });
});

describe('reports bad values where they were, and keeps the rest', () => {
  it('a bad UPC and an out-of-range score are stored null, with their JSON path', () => {
    const response = JSON.parse(acrCloudFixture('music-la-bambola.json'));
    response.metadata.music[0].external_ids.upc = '743219711329';
    response.metadata.music[0].score = 55;
    const { matches, problems } = parseAcrCloudText(JSON.stringify(response));
    expect(matches[0]).toMatchObject({ title: 'La Bambola', isrc: 'ITB006870616', albumUpc: null, confidenceScore: null });
    expect(problems).toEqual([
      expect.objectContaining({ line: null, path: '$.metadata.music[0].external_ids.upc', field: 'albumUpc', value: '743219711329' }),
      expect.objectContaining({ line: null, path: '$.metadata.music[0].score', field: 'confidenceScore', value: 55 }),
    ]);
  });
});

describe('JSON Lines', () => {
  it('reads one response per line, scan tool records included, and reports by line', () => {
    const text = acrCloudFixture('scan-results.jsonl').replace('"ITB006870616"', '"ITB00687061"');
    const { status, matches, problems, responses } = parseAcrCloudText(text);
    expect(status).toBe('DONE');
    expect(responses).toBe(4);
    expect(matches.map((m) => m.title)).toEqual(['La Bambola', 'Do I Wanna Know?', 'Simple & Plain', 'Crawl Back', 'As Long As You Love Me']);
    expect(problems).toEqual([expect.objectContaining({ line: 1, path: '$.result.metadata.music[0].external_ids.isrc', field: 'isrc', value: 'ITB00687061' })]);
  });

  it('merges a recording heard in several segments: every time offset, the best score', () => {
    const first = JSON.parse(acrCloudFixture('music-la-bambola.json'));
    const later = structuredClone(first);
    Object.assign(later.metadata.music[0], { sample_begin_time_offset_ms: 10300, score: 91 });
    const { matches } = parseAcrCloudText(`${JSON.stringify(first)}\n${JSON.stringify(later)}\n`);
    expect(matches).toHaveLength(1);
    expect(matches[0]!.confidenceScore).toBe(91);
    expect(matches[0]!.timeOffsets.map((o) => o.trackStartMs)).toEqual([300, 10300]);
  });

  it('a line that is not JSON is an error naming the line; an empty file is an error', () => {
    expect(() => parseAcrCloudText('{"status":{"code":1001}}\n{oops\n')).toThrow(/line 2: not JSON/);
    expect(() => parseAcrCloudText('\n  \n')).toThrow(/empty/);
  });
});
