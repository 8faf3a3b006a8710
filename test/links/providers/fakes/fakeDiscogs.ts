import { readdirSync } from 'node:fs';
import { FakeProviderServer, type FakeRequest, type FakeResponse } from './FakeProviderServer.ts';
import { FIXTURES_DIR, readFixture, recordedResponse } from './recordedFixtures.ts';

/** Options for {@link startFakeDiscogs}. */
export interface FakeDiscogsOptions {
  /** The personal access token the fake accepts. @default 'test-discogs-token' */
  token?: string;
  /** Releases served besides the recorded ones (e.g. for a platform fake's synthetic UPCs). @default [] */
  extraReleases?: readonly FakeDiscogsRelease[];
}

/** A release the fake serves besides the recorded ones. */
export interface FakeDiscogsRelease {
  id: number;
  artist: string;
  title: string;
  year: number;
  /** UPC/EAN as printed (matched digits only). */
  barcode: string;
}

interface DiscogsRelease {
  id: number;
  title: string;
  year: number;
  country?: string;
  uri: string;
  resource_url: string;
  artists_sort: string;
  master_id?: number;
  thumb: string;
  images?: { uri: string }[];
  genres?: string[];
  styles?: string[];
  labels?: { name: string; catno: string }[];
  formats?: { name: string; descriptions?: string[] }[];
  identifiers?: { type: string; value: string }[];
  community?: { want: number; have: number };
}

/**
 * Starts a fake Discogs API: `GET /database/search?barcode=&type=release` over the recorded
 * releases (each becomes a search hit built from its recorded fields; barcodes match digits only),
 * and `GET /releases/<id>` replayed as recorded. Requires `Authorization: Discogs token=…` and a User-Agent.
 */
export async function startFakeDiscogs(options: FakeDiscogsOptions = {}): Promise<FakeProviderServer> {
  const token = options.token ?? 'test-discogs-token';
  const releases = readdirSync(`${FIXTURES_DIR}harmony`)
    .filter((name) => name.startsWith('com.discogs.api_releases_'))
    .map((name) => readFixture<DiscogsRelease>(`harmony/${name}`))
    .concat((options.extraReleases ?? []).map(toRecordedShape));

  const handle = (request: FakeRequest): FakeResponse => {
    if (!request.headers['user-agent']) return { status: 403, body: { message: 'A User-Agent is required.' } };
    if (request.headers.authorization !== `Discogs token=${token}`) {
      return { status: 401, body: { message: 'You must authenticate to access this resource.' } };
    }
    if (request.path === '/database/search') {
      const barcode = (request.query.get('barcode') ?? '').replace(/\D/g, '');
      const type = request.query.get('type');
      const hits = releases.filter((release) => barcode !== '' && (type === null || type === 'release') && barcodesOf(release).includes(barcode));
      return { body: { pagination: { page: 1, pages: 1, per_page: 50, items: hits.length, urls: {} }, results: hits.map(searchHit) } };
    }
    const replay = recordedResponse('api.discogs.com', request.path, request.query);
    return replay === undefined ? { status: 404, body: { message: 'Release not found.' } } : { body: replay };
  };
  return FakeProviderServer.start({ handle });
}

function toRecordedShape(release: FakeDiscogsRelease): DiscogsRelease {
  return {
    id: release.id,
    title: release.title,
    year: release.year,
    uri: `https://www.discogs.com/release/${release.id}`,
    resource_url: `https://api.discogs.com/releases/${release.id}`,
    artists_sort: release.artist,
    thumb: '',
    identifiers: [{ type: 'Barcode', value: release.barcode }],
  };
}

function barcodesOf(release: DiscogsRelease): string[] {
  return (release.identifiers ?? []).filter((identifier) => identifier.type === 'Barcode').map((identifier) => identifier.value.replace(/\D/g, ''));
}

/** A database search hit, in the documented shape, from a recorded release. */
function searchHit(release: DiscogsRelease): unknown {
  return {
    country: release.country,
    year: release.year ? String(release.year) : undefined,
    format: (release.formats ?? []).flatMap((format) => [format.name, ...(format.descriptions ?? [])]),
    label: (release.labels ?? []).map((label) => label.name),
    type: 'release',
    genre: release.genres ?? [],
    style: release.styles ?? [],
    id: release.id,
    barcode: (release.identifiers ?? []).filter((identifier) => identifier.type === 'Barcode').map((identifier) => identifier.value),
    master_id: release.master_id ?? 0,
    uri: new URL(release.uri).pathname,
    catno: release.labels?.[0]?.catno,
    title: `${release.artists_sort} - ${release.title}`,
    thumb: release.thumb,
    cover_image: release.images?.[0]?.uri ?? 'https://st.discogs.com/images/spacer.gif',
    resource_url: release.resource_url,
    community: release.community ? { want: release.community.want, have: release.community.have } : undefined,
  };
}
