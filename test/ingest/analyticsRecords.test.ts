import { describe, expect, it } from 'vitest';
import { parseAnalyticsRecord } from '../../subgraphs/analytics/src/ingest/analyticsRecords.ts';

const ISRC = 'USUM72414866';
const APPLE_PLAYLIST = 'pl.f4d106fed2bd41149aaacabb233eb5eb';
const entry = { position: 1, isrc: ISRC };

describe('reads each kind of record', () => {
  it('daily totals: a JSON number, or a string of digits past 2^53', () => {
    expect(parseAnalyticsRecord({ kind: 'spotifyStreams', isrc: 'us-um7-24-14866', date: '2025-03-09', total: 501870077 })).toEqual({
      ok: true, record: { kind: 'spotifyStreams', total: { isrc: ISRC, date: '2025-03-09', total: 501_870_077n } },
    });
    expect(parseAnalyticsRecord({ kind: 'shazams', isrc: ISRC, date: '2025-03-09', total: '9223372036854775807' })).toMatchObject({
      ok: true, record: { kind: 'shazams', total: { total: 9_223_372_036_854_775_807n } },
    });
  });

  it('playlist snapshots: a link as the id, per-country Apple placements, null artwork, a followers-only point', () => {
    expect(parseAnalyticsRecord({
      kind: 'playlist', platform: 'APPLE_MUSIC', externalId: `https://music.apple.com/us/playlist/todays-hits/${APPLE_PLAYLIST}`, date: '2025-03-17',
      name: ' Today’s Hits ', artworkUrl: null, placements: [{ isrc: ISRC, position: 7, country: 'us', addedAt: '2025-03-14' }, { isrc: ISRC, position: 3, country: 'GB', addedAt: null }],
    })).toEqual({
      ok: true,
      record: {
        kind: 'playlist',
        snapshot: {
          platform: 'APPLE_MUSIC', externalId: APPLE_PLAYLIST, date: '2025-03-17', name: 'Today’s Hits', artworkUrl: null, followers: undefined,
          placements: [{ isrc: ISRC, position: 7, country: 'US', addedAt: '2025-03-14' }, { isrc: ISRC, position: 3, country: 'GB', addedAt: null }],
        },
      },
    });
    const point = parseAnalyticsRecord({ kind: 'playlist', platform: 'DEEZER', externalId: '3155776842', date: '2025-03-16', followers: 0 });
    expect(point).toEqual({ ok: true, record: { kind: 'playlist', snapshot: { platform: 'DEEZER', externalId: '3155776842', date: '2025-03-16', name: undefined, artworkUrl: undefined, followers: 0 } } });
  });

  it('chart editions: the platform’s only type, daily frequency and default genre filled in; ids as each platform writes them', () => {
    expect(parseAnalyticsRecord({ kind: 'chart', platform: 'APPLE_MUSIC', country: 'us', date: '2025-03-18', entries: [{ position: 1, isrc: ISRC, externalId: '1440650', trackName: 'EVIL J0RDAN', artists: 'Playboi Carti', previousPosition: 66 }] })).toEqual({
      ok: true,
      record: {
        kind: 'chart',
        edition: {
          platform: 'APPLE_MUSIC', country: 'US', type: 'TOP', frequency: 'DAILY', genre: 'All genres', city: '', date: '2025-03-18',
          entries: [{ position: 1, isrc: ISRC, externalId: '1440650', trackName: 'EVIL J0RDAN', artistNames: 'Playboi Carti', streams: null, statedPrevious: 66 }],
        },
      },
    });
    const spotify = parseAnalyticsRecord({ kind: 'chart', platform: 'SPOTIFY', country: 'GLOBAL', type: 'STREAMS', frequency: 'WEEKLY', date: '2025-03-13', entries: [{ position: 6, externalId: 'spotify:track:6iycYUk3oB0NPMdaDUrN1w', streams: 33010245 }] });
    expect(spotify).toMatchObject({ ok: true, record: { edition: { frequency: 'WEEKLY', entries: [{ isrc: null, externalId: '6iycYUk3oB0NPMdaDUrN1w', streams: 33_010_245n }] } } });
    const shazam = parseAnalyticsRecord({ kind: 'chart', platform: 'SHAZAM', country: 'PT', type: 'SHAZAMS', city: 'Lisbon', date: '2025-03-18', entries: [entry] });
    expect(shazam).toMatchObject({ ok: true, record: { edition: { genre: '', city: 'Lisbon' } } });
  });
});

describe('names every bad field', () => {
  it.each([
    ['not an object', [1, 2], ['is not a JSON object']],
    ['no kind', { isrc: ISRC }, ['kind is required']],
    ['an unknown kind', { kind: 'streams' }, ['kind must be one of spotifyStreams, shazams, playlist, chart, got "streams"']],
    ['a bad total record', { kind: 'spotifyStreams', isrc: 'USUM7241486', date: '2025-02-30', total: -1, extra: 1 }, [
      'extra is not a field here (expected kind, isrc, date, total)',
      'isrc "USUM7241486" is not an ISRC: must have 12 characters after normalization, got 11',
      'date must be a date as YYYY-MM-DD, got "2025-02-30"',
      'total must be a whole number of 0 or more, got -1',
    ]],
    ['a total without its fields', { kind: 'shazams' }, ['isrc is required', 'date is required', 'total is required']],
    ['a total past 2^53 as a JSON number', { kind: 'shazams', isrc: ISRC, date: '2025-03-01', total: 2 ** 60 }, [`total ${2 ** 60} is past 2^53 and lost its last digits in JSON; write it as a string of digits`]],
    ['a fractional total', { kind: 'shazams', isrc: ISRC, date: '2025-03-01', total: '12.5' }, ['total must be a whole number of 0 or more, got "12.5"']],
    ['a total past bigint', { kind: 'shazams', isrc: ISRC, date: '2025-03-01', total: '9223372036854775808' }, ['total must be a whole number of 0 or more, got "9223372036854775808"']],
    ['an unknown playlist platform', { kind: 'playlist', platform: 'TIDAL', externalId: 'x', date: '2025-03-01' }, ['platform must be one of SPOTIFY, APPLE_MUSIC, DEEZER, got "TIDAL"']],
    ['bad playlist fields', {
      kind: 'playlist', platform: 'SPOTIFY', externalId: 'nope', date: '2025-3-1', name: 'n'.repeat(501), artworkUrl: 'ftp://x', followers: -3,
      placements: [{ isrc: ISRC, position: 0, country: 'US', added_at: '2025-01-01' }, 'x'],
    }, [
      'externalId is not a SPOTIFY playlist id or link (e.g. 37i9dQZF1DXcBWIGoYBM5M), got "nope"',
      'date must be a date as YYYY-MM-DD, got "2025-3-1"',
      'name is longer than 500 characters',
      'artworkUrl "ftp://x" is not an http(s) URL',
      'followers must be a whole number from 0 to 2147483647, got -3',
      'placements[1] is not a JSON object',
      'placements[0].added_at is not a field here (expected isrc, position, country, addedAt)',
      'placements[0].position must be a whole number from 1 to 2147483647, got 0',
      'placements[0].country is for Apple Music placements only (SPOTIFY has one order for all countries)',
    ]],
    ['Apple placements without their country', { kind: 'playlist', platform: 'APPLE_MUSIC', externalId: APPLE_PLAYLIST, date: '2025-03-01', placements: [{ isrc: ISRC, position: 1 }, { isrc: ISRC, position: 1, country: 'GLOBAL' }] }, [
      'placements[0].country is required',
      'placements[1].country must be an ISO 3166-1 alpha-2 country code (e.g. US, GB), got "GLOBAL"',
    ]],
    ['placements that are not a list', { kind: 'playlist', platform: 'DEEZER', externalId: '1', date: '2025-03-01', placements: {} }, ['placements must be an array']],
    ['a bad country and no entries', { kind: 'chart', platform: 'DEEZER', country: 'XX', date: '2025-03-01', entries: [] }, [
      'country must be an ISO 3166-1 alpha-2 country code or GLOBAL (e.g. US, GB), got "XX"',
      'entries must hold at least 1 item',
    ]],
    ['a chart without entries', { kind: 'chart', platform: 'DEEZER', country: 'FR', date: '2025-03-01' }, ['entries is required']],
    ['a type the platform has not', { kind: 'chart', platform: 'DEEZER', country: 'FR', type: 'STREAMS', date: '2025-03-01', entries: [entry] }, ['type: DEEZER has no STREAMS charts; its types are TOP']],
    ['an unknown type', { kind: 'chart', platform: 'DEEZER', country: 'FR', type: 'HOT', date: '2025-03-01', entries: [entry] }, ['type must be one of STREAMS, VIRAL, TOP, SHAZAMS, DISCOVERY, got "HOT"']],
    ['a frequency the platform has not', { kind: 'chart', platform: 'DEEZER', country: 'FR', frequency: 'WEEKLY', date: '2025-03-01', entries: [entry] }, ['frequency: DEEZER has no WEEKLY charts; its frequencies are DAILY']],
    ['no type where the platform has two', { kind: 'chart', platform: 'SPOTIFY', country: 'FR', date: '2025-03-01', entries: [entry] }, ["type: Name the SPOTIFY chart's type: STREAMS or VIRAL"]],
    ['a weekly Spotify chart not on a Thursday', { kind: 'chart', platform: 'SPOTIFY', country: 'FR', type: 'VIRAL', frequency: 'WEEKLY', date: '2025-03-03', entries: [entry] }, ['date is not a Thursday: weekly Spotify charts are dated Thursdays, and 2025-03-03 is a Monday']],
    ['a genre on a Spotify chart', { kind: 'chart', platform: 'SPOTIFY', country: 'FR', type: 'VIRAL', genre: 'Pop', date: '2025-03-06', entries: [entry] }, ['genre: SPOTIFY charts have no genres']],
    ['a city on an Apple chart', { kind: 'chart', platform: 'APPLE_MUSIC', country: 'FR', city: 'Paris', date: '2025-03-06', entries: [entry] }, ['city: APPLE_MUSIC charts have no cities']],
    ['a Shazam chart with a genre and a city', { kind: 'chart', platform: 'SHAZAM', country: 'FR', type: 'SHAZAMS', genre: 'Pop', city: 'Paris', date: '2025-03-03', entries: [entry] }, ['city cannot go with a genre: a chart has a genre or a city, not both']],
    ['a genre too long', { kind: 'chart', platform: 'SHAZAM', country: 'FR', type: 'SHAZAMS', genre: 'g'.repeat(101), date: '2025-03-03', entries: [entry] }, ['genre is longer than 100 characters']],
    ['bad entries', { kind: 'chart', platform: 'DEEZER', country: 'FR', date: '2025-03-03', entries: [{ position: 1 }, { position: 1, externalId: 'abc', streams: 1.5, previousPosition: 0, trackName: 5, isrc: 'X' }, { isrc: ISRC, rank: 3 }] }, [
      'entries[0] needs its isrc, its externalId, or both',
      'entries[1].isrc "X" is not an ISRC: must have 12 characters after normalization, got 1',
      'entries[1].externalId "abc" is not a Deezer track id (digits)',
      'entries[1].trackName must be a string, got 5',
      'entries[1].streams must be a whole number of 0 or more, got 1.5',
      'entries[1].previousPosition must be a whole number from 1 to 2147483647, got 0',
      'entries[2].rank is not a field here (expected position, isrc, externalId, trackName, artists, streams, previousPosition)',
      'entries[2].position is required',
      'entries[1].position 1 is also the position of entries[0]',
    ]],
    ['a Spotify id of the wrong length', { kind: 'chart', platform: 'SPOTIFY', country: 'FR', type: 'VIRAL', date: '2025-03-03', entries: [{ position: 1, externalId: '6iycYUk3oB0NPMdaDUrN1' }] }, ['entries[0].externalId "6iycYUk3oB0NPMdaDUrN1" is not a 22-character Spotify track id or spotify:track: URI']],
  ])('%s', (_name, value, problems) => {
    expect(parseAnalyticsRecord(value)).toEqual({ ok: false, problems });
  });
});
