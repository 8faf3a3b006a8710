/**
 * Local fake platform servers for tests (127.0.0.1, ephemeral port). Each `startFakeX` replays
 * the recorded responses in `test/fixtures/providers/`, synthesizes same-shaped answers for the
 * ISRCs it is told exist, checks auth like the real API, and exposes the {@link FakeProviderServer}
 * request log, `latencyMs`, `maxInFlight` and `failNext(fault, times)` for fault injection.
 */
export { FakeProviderServer, type Fault, type FakeRequest, type FakeResponse } from './FakeProviderServer.ts';
export { FakeOAuth, type FakeOAuthOptions } from './fakeOAuth.ts';
export { startFakeSpotify, SPOTIFY_TOKEN_PATH, type FakeSpotify, type FakeSpotifyOptions } from './fakeSpotify.ts';
export { startFakeAppleMusic, APPLE_MAX_ISRCS, type FakeAppleMusic, type FakeAppleMusicOptions } from './fakeAppleMusic.ts';
export { startFakeDeezer, DEEZER_QUOTA_ERROR, DEEZER_NO_DATA, type FakeDeezerOptions } from './fakeDeezer.ts';
export { startFakeTidal, TIDAL_TOKEN_PATH, TIDAL_MAX_FILTER_VALUES, type FakeTidal, type FakeTidalOptions } from './fakeTidal.ts';
export { startFakeMusicBrainz, type FakeMusicBrainzOptions } from './fakeMusicBrainz.ts';
export { startFakeBeatport, BEATPORT_TOKEN_PATH, type FakeBeatport, type FakeBeatportOptions } from './fakeBeatport.ts';
export { startFakeDiscogs, type FakeDiscogsOptions } from './fakeDiscogs.ts';
export { readFixture, recordedResponse, FIXTURES_DIR } from './recordedFixtures.ts';
