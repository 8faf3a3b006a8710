import { describe, expect, it } from 'vitest';
import { CollectUsageError, parseCollectArgs } from '../../subgraphs/analytics/src/collectors/collectArgs.ts';

describe('reads the command line', () => {
  it('deezer-charts: GLOBAL from the Deezer Charts playlists by default; markets upper-cased and once each', () => {
    expect(parseCollectArgs(['deezer-charts'])).toEqual({ what: 'deezer-charts', markets: ['GLOBAL'], source: 'playlists', dryRun: false });
    expect(parseCollectArgs(['deezer-charts', '--country', 'fr', '--country', 'FR', '--country', 'global', '--dry-run'])).toEqual({
      what: 'deezer-charts', markets: ['FR', 'GLOBAL'], source: 'playlists', dryRun: true,
    });
    expect(parseCollectArgs(['deezer-charts', '--source', 'chart', '--country', 'BE'])).toMatchObject({ source: 'chart', markets: ['BE'] });
  });

  it('playlists: ids or links, once each', () => {
    expect(parseCollectArgs(['deezer-playlists', '908622995', 'https://www.deezer.com/en/playlist/908622995', '9200461'])).toEqual({ what: 'deezer-playlists', ids: ['908622995', '9200461'], dryRun: false });
    expect(parseCollectArgs(['spotify-playlists', 'spotify:playlist:1h9q8vXXDl2vHOmwdsuXms'])).toMatchObject({ ids: ['1h9q8vXXDl2vHOmwdsuXms'] });
  });
});

describe('refuses (exit code 2)', () => {
  it.each([
    [[], 'say what to collect'],
    [['apple-charts'], 'unknown collector "apple-charts"'],
    [['deezer-charts', '--country', 'ZZ'], '`--country` must be an ISO 3166-1 alpha-2 country code or GLOBAL'],
    [['deezer-charts', '--source', 'editorial'], '--source must be playlists or chart'],
    // /chart/0 answers for wherever the collector runs: the market must be named, and only one.
    [['deezer-charts', '--source', 'chart'], '--source chart needs exactly one --country'],
    [['deezer-charts', '--source', 'chart', '--country', 'FR', '--country', 'DE'], '--source chart needs exactly one --country'],
    [['deezer-charts', '908622995'], 'deezer-charts takes no ids'],
    [['deezer-playlists'], 'deezer-playlists needs at least one playlist id or link'],
    [['deezer-playlists', 'abc'], '`playlist` is not a DEEZER playlist id or link'],
    [['spotify-playlists', 'x', '--country', 'FR'], '--country and --source are for deezer-charts only'],
    [['deezer-charts', '--since', '2025-01-01'], "Unknown option '--since'"],
  ])('%j', (argv, message) => {
    expect(() => parseCollectArgs(argv)).toThrow(CollectUsageError);
    expect(() => parseCollectArgs(argv)).toThrow(message);
  });
});
