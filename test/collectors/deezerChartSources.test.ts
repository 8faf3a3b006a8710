import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartPlaylists, marketOfTitle } from '../../subgraphs/analytics/src/collectors/deezerChartSources.ts';
import { DeezerClient } from '../../subgraphs/links/src/providers/DeezerClient.ts';
import type { FakeProviderServer } from '../links/providers/fakes/FakeProviderServer.ts';
import { FAST_HTTP } from '../links/providers/fastHttpOptions.ts';
import { readDeezerFixture, startFakeDeezerCatalog, TOP_FRANCE, TOP_WORLDWIDE } from './fakeDeezerCatalog.ts';

let deezer: FakeProviderServer;
beforeAll(async () => {
  deezer = await startFakeDeezerCatalog();
});
afterAll(() => deezer?.close());

const client = () => new DeezerClient({ apiUrl: deezer.url, http: FAST_HTTP });

describe('the market a Deezer Charts title names', () => {
  it.each([
    ['Top Worldwide', 'GLOBAL'], ['Top France', 'FR'], ['Top USA', 'US'], ['Top UK', 'GB'], ['Top Germany', 'DE'],
    ['Top Côte d\'Ivoire', 'CI'], ['top  south africa', 'ZA'],
  ])('%s is %s', (title, market) => {
    expect(marketOfTitle(title)).toBe(market);
  });

  it.each(['Loved Tracks', 'Top Hits France', 'Top', 'Les titres du moment'])('%s names none', (title) => {
    expect(marketOfTitle(title)).toBeNull();
  });
});

describe('playlist lists', () => {
  it('reads a user\'s playlists as Deezer lists them (the recorded list): none is a chart', async () => {
    const recorded = readDeezerFixture<{ data: { id: number; title: string }[] }>('com.deezer.api_user_359622_playlists.json').data;
    const playlists = await client().userPlaylists('359622');
    expect(playlists?.map((playlist) => [playlist.id, playlist.title])).toEqual(recorded.map((playlist) => [playlist.id, playlist.title]));
    expect(playlists?.filter((playlist) => marketOfTitle(playlist.title))).toEqual([]);
  });

  it('finds the Deezer Charts playlists by market across the pages of the account\'s list', async () => {
    expect(await chartPlaylists(client())).toEqual(new Map([['GLOBAL', TOP_WORLDWIDE], ['FR', TOP_FRANCE]]));
  });

  it('is null for a user or playlist Deezer does not know', async () => {
    expect(await client().userPlaylists('0')).toBeNull();
    expect(await client().playlistTracks('1')).toBeNull();
    expect(await client().playlist('1')).toBeNull();
  });
});
