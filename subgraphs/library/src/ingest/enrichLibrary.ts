import type { MatchStatus, Provider } from '../../../../prisma/library/generated/enums.ts';
import type { LibraryPrisma } from '../db.ts';
import { pickCandidate, type Candidate, type Rejection } from './matchRules.ts';
import { UNKNOWN_ARTIST } from './libraryItem.ts';

/** Sends one GraphQL operation through the gateway and returns its whole `data` (the backfill client's `request` with field `''`). */
export type GatewayRequest = <T>(query: string, variables: Record<string, unknown>, field: string) => Promise<T>;

/** Library tracks per page, and most ISRCs, ids or searches in one links request. */
export const TRACKS_PER_REQUEST = 100;

/** How long a PENDING or ERROR provider waits before enrichment asks links again. */
export const RETRY_AFTER_MS = 24 * 3600 * 1000;

/** Links platforms whose links and status fill the library's providers (TheAudioDB is not one: links does not carry it). */
export const PROVIDER_OF_PLATFORM: Record<string, Provider> = { MUSICBRAINZ: 'MUSICBRAINZ', SPOTIFY: 'SPOTIFY', APPLE_MUSIC: 'ITUNES', DEEZER: 'DEEZER' };
const PLATFORMS = Object.keys(PROVIDER_OF_PLATFORM);
// Links' LinkState → the library's MatchStatus. UNCHECKED (never asked: not configured, no ISRC search) is still to be done.
const STATUS_OF_STATE: Record<string, MatchStatus> = { FOUND: 'MATCHED', NOT_FOUND: 'NOT_FOUND', PENDING: 'PENDING', ERROR: 'ERROR', UNCHECKED: 'PENDING' };

const TRACK_FIELDS = `id isrc title durationSeconds links(sources: [${PLATFORMS.join(', ')}]) { source externalId } linkStatus(sources: [${PLATFORMS.join(', ')}]) { source state }`;

/** A canonical recording as links answers it. */
interface LinksTrack {
  id: string;
  isrc: string;
  title: string;
  durationSeconds: number | null;
  links: { source: string; externalId: string }[];
  linkStatus: { source: string; state: string }[];
}

/** Options for {@link enrichLibrary}. */
export interface EnrichLibraryOptions {
  accountId: string;
  /** Every track, not only those never enriched or with a provider PENDING or in ERROR for {@link retryAfterMs}. @default false */
  all?: boolean;
  /** How long a PENDING or ERROR provider waits before its track is asked again. @default 24 hours */
  retryAfterMs?: number;
  /** Searches per request; halved when the gateway finds a request too complex for the key's plan. @default 100 */
  searchBatch?: number;
  /** Called after each page with the tracks done and the total. */
  onPage?: (done: number, total: number) => void;
}

/** What an enrichment run did. */
export interface EnrichSummary {
  tracks: number;
  /** Tied by their ISRC. */
  byIsrc: number;
  /** Tied through the search. */
  bySearch: number;
  /** With an ISRC links does not know. */
  isrcUnknown: number;
  /** Without ISRC, and no search hit was accepted, by the best hit's reason ('none': no hit). */
  unmatched: Record<Rejection | 'none' | 'no artist', number>;
  /** GraphQL requests sent. */
  requests: number;
  /** Why the run stopped early (what was done before is kept). */
  error?: string;
}

interface Row {
  id: number;
  title: string;
  isrc: string | null;
  durationMs: number | null;
  artist: { name: string };
  album: { title: string };
}

/** The outcome for one library track. */
interface Outcome {
  id: number;
  track: LinksTrack | null;
  method: 'ISRC' | 'SEARCH' | null;
  score: number | null;
  /** For an ISRC links has no recording of: what discovery knows of it per platform (null: nothing). */
  unknownStatus?: { source: string; state: string }[] | null;
}

// Search text as links accepts it: at most 200 characters, with a letter or digit.
const searchable = (text: string) => /[\p{L}\p{N}]/u.test(text);
const cut = (text: string) => [...text].slice(0, 200).join('');

function isTooComplex(error: unknown): boolean {
  return /QUERY_TOO_COMPLEX|DOCUMENT_TOO_LARGE/.test(String((error as Error)?.message));
}

/**
 * Ties library tracks to their canonical recordings through the gateway and
 * fills each provider's enrichment status from links (see
 * docs/library-import.md). Per page of {@link TRACKS_PER_REQUEST} tracks: one
 * request of aliased `searchTracks` for the tracks without ISRC (when there
 * are any), then one request with `tracks(isrcs:)` for those with one and
 * `tracks(ids:)` for the accepted search hits, each list at most 100 long.
 * Each page is written in one transaction before the next is asked, so a
 * gateway failure loses nothing done; it is reported, not thrown.
 */
export async function enrichLibrary(prisma: LibraryPrisma, request: GatewayRequest, options: EnrichLibraryOptions): Promise<EnrichSummary> {
  const summary: EnrichSummary = { tracks: 0, byIsrc: 0, bySearch: 0, isrcUnknown: 0, unmatched: { score: 0, version: 0, duration: 0, none: 0, 'no artist': 0 }, requests: 0 };
  let searchBatch = Math.min(options.searchBatch ?? TRACKS_PER_REQUEST, TRACKS_PER_REQUEST);
  const where = {
    accountId: options.accountId,
    ...(options.all
      ? {}
      : { OR: [{ enrichedAt: null }, { externalIds: { some: { matchStatus: { in: ['PENDING', 'ERROR'] as MatchStatus[] }, lastAttempted: { lt: new Date(Date.now() - (options.retryAfterMs ?? RETRY_AFTER_MS)) } } } }] }),
  };
  const total = await prisma.track.count({ where });
  let cursor = 0;
  try {
    for (;;) {
      const rows: Row[] = await prisma.track.findMany({
        where: { ...where, id: { gt: cursor } },
        orderBy: { id: 'asc' },
        take: TRACKS_PER_REQUEST,
        select: { id: true, title: true, isrc: true, durationMs: true, artist: { select: { name: true } }, album: { select: { title: true } } },
      });
      if (!rows.length) break;
      cursor = rows[rows.length - 1]!.id;
      const outcomes = new Map<number, Outcome>(rows.map((r) => [r.id, { id: r.id, track: null, method: null, score: null }]));
      // 1. Searches for the tracks without ISRC.
      const toSearch = rows.filter((r) => !r.isrc);
      const accepted = new Map<number, Candidate>();
      // A title alone matches anyone's song: tracks without a real artist are not searched.
      const toAsk = toSearch.filter((r) => r.artist.name !== UNKNOWN_ARTIST && searchable(r.artist.name) && searchable(r.title));
      summary.unmatched['no artist'] += toSearch.length - toAsk.length;
      for (let start = 0; start < toAsk.length; ) {
        const chunk = toAsk.slice(start, start + searchBatch);
        let hits: Record<string, Candidate[]>;
        try {
          summary.requests++;
          hits = await request<Record<string, Candidate[]>>(searchQuery(chunk.length), Object.fromEntries(chunk.flatMap((r, i) => [[`a${i}`, cut(r.artist.name)], [`t${i}`, cut(r.title)]])), '');
        } catch (error) {
          // A plan that allows fewer root fields: smaller requests, down to 10.
          if (isTooComplex(error) && searchBatch > 10) {
            searchBatch = Math.max(10, Math.floor(searchBatch / 2));
            continue;
          }
          throw error;
        }
        chunk.forEach((r, i) => {
          const { match, rejection } = pickCandidate({ title: r.title, album: r.album.title, durationMs: r.durationMs }, hits[`m${i}`] ?? []);
          if (match) accepted.set(r.id, match);
          else summary.unmatched[rejection ?? 'none']++;
        });
        start += chunk.length;
      }
      // 2. Links and statuses: by ISRC, and by id for the accepted hits.
      const isrcRows = rows.filter((r) => r.isrc);
      const ids = [...accepted.values()].map((c) => c.track.id);
      if (isrcRows.length || ids.length) {
        summary.requests++;
        const data = await request<{ byIsrc?: (LinksTrack | null)[]; byId?: (LinksTrack | null)[] }>(linksQuery(isrcRows.length > 0, ids.length > 0), { isrcs: isrcRows.map((r) => r.isrc!.trim()), ids }, '');
        const unknown: Row[] = [];
        isrcRows.forEach((r, i) => {
          const track = data.byIsrc?.[i] ?? null;
          if (track) {
            Object.assign(outcomes.get(r.id)!, { track, method: 'ISRC' });
            summary.byIsrc++;
          } else unknown.push(r);
        });
        summary.isrcUnknown += unknown.length;
        // An ISRC no platform has found yet may still be PENDING on one (rate-limited, in error):
        // asked after the lookup above, so its discovery has run; NOT_FOUND only where links says so.
        if (unknown.length) {
          summary.requests++;
          const status = await request<Record<string, { source: string; state: string }[] | null>>(linkStatusQuery(unknown.length), Object.fromEntries(unknown.map((r, i) => [`i${i}`, r.isrc!.trim()])), '');
          unknown.forEach((r, i) => void (outcomes.get(r.id)!.unknownStatus = status[`s${i}`] ?? null));
        }
        [...accepted.entries()].forEach(([id, candidate], i) => {
          const track = data.byId?.[i] ?? null;
          if (track) {
            Object.assign(outcomes.get(id)!, { track, method: 'SEARCH', score: candidate.score });
            summary.bySearch++;
          } else summary.unmatched.none++;
        });
      }
      await writeOutcomes(prisma, [...outcomes.values()]);
      summary.tracks += rows.length;
      options.onPage?.(summary.tracks, total);
    }
  } catch (error) {
    summary.error = (error as Error).message;
  }
  return summary;
}

/** `n` aliased searches `m0…`, artist `$a<i>` and title `$t<i>`, three hits each. */
export function searchQuery(n: number): string {
  const vars = Array.from({ length: n }, (_, i) => `$a${i}: String, $t${i}: String`).join(', ');
  const fields = Array.from({ length: n }, (_, i) => `m${i}: searchTracks(artist: $a${i}, title: $t${i}, limit: 3) { score track { id isrc title durationSeconds } }`).join('\n  ');
  return `query LibrarySearch(${vars}) {\n  ${fields}\n}`;
}

/** `tracks(isrcs:)` and/or `tracks(ids:)` with links and link status. */
export function linksQuery(byIsrc: boolean, byId: boolean): string {
  const vars = [byIsrc ? '$isrcs: [String!]!' : '', byId ? '$ids: [ID!]!' : ''].filter(Boolean).join(', ');
  const fields = [byIsrc ? `byIsrc: tracks(isrcs: $isrcs) { ${TRACK_FIELDS} }` : '', byId ? `byId: tracks(ids: $ids) { ${TRACK_FIELDS} }` : ''].filter(Boolean).join('\n  ');
  return `query LibraryLinks(${vars}) {\n  ${fields}\n}`;
}

/** `n` aliased `linkStatus(isrc: $i<i>)` as `s<i>`: what discovery knows of ISRCs links has no recording of. */
export function linkStatusQuery(n: number): string {
  const vars = Array.from({ length: n }, (_, i) => `$i${i}: String!`).join(', ');
  const fields = Array.from({ length: n }, (_, i) => `s${i}: linkStatus(isrc: $i${i}, sources: [${PLATFORMS.join(', ')}]) { source state }`).join('\n  ');
  return `query LibraryLinkStatus(${vars}) {\n  ${fields}\n}`;
}

/**
 * One page's outcomes in one transaction: the canonical tie on each track (links' id and ISRC), and
 * per provider its link (MATCHED) or links' status for it; for an ISRC links
 * has no recording of, discovery's status for it (PENDING while a platform is
 * still to answer), else NOT_FOUND. A MATCHED id already stored (from
 * the file's tags or an export) is never replaced by a lesser status.
 */
async function writeOutcomes(prisma: LibraryPrisma, outcomes: Outcome[]): Promise<void> {
  const now = new Date();
  const statuses: { trackId: number; provider: Provider; externalId: string | null; status: MatchStatus }[] = [];
  for (const o of outcomes) {
    for (const platform of PLATFORMS) {
      const link = o.track?.links.find((l) => l.source === platform);
      const state = (o.track?.linkStatus ?? o.unknownStatus)?.find((s) => s.source === platform)?.state;
      // Without a recording, FOUND cannot be (a recording exists once a platform finds the ISRC): only what is still to come counts.
      const known = o.track ? state : state === 'FOUND' ? undefined : state;
      const status: MatchStatus = link ? 'MATCHED' : known ? (STATUS_OF_STATE[known] ?? 'PENDING') : 'NOT_FOUND';
      statuses.push({ trackId: o.id, provider: PROVIDER_OF_PLATFORM[platform]!, externalId: link?.externalId ?? null, status });
    }
  }
  await prisma.$transaction([
    prisma.$executeRaw`
      UPDATE "Track" t SET "canonicalTrackId" = u.cid, "canonicalIsrc" = u.isrc, "matchMethod" = u.method::"TrackMatchMethod", "matchScore" = u.score, "enrichedAt" = ${now}
      FROM unnest(${outcomes.map((o) => o.id)}::int[], ${outcomes.map((o) => o.track?.id ?? null)}::text[], ${outcomes.map((o) => o.track?.isrc ?? null)}::text[],
                  ${outcomes.map((o) => o.method)}::text[], ${outcomes.map((o) => o.score)}::float8[]) AS u(id, cid, isrc, method, score)
      WHERE t."id" = u.id`,
    prisma.$executeRaw`
      INSERT INTO "TrackExternalId" ("trackId", "provider", "externalId", "matchStatus", "lastAttempted")
      SELECT s.track, s.provider::"Provider", s.external, s.status::"MatchStatus", ${now}
      FROM unnest(${statuses.map((s) => s.trackId)}::int[], ${statuses.map((s) => s.provider)}::text[], ${statuses.map((s) => s.externalId)}::text[], ${statuses.map((s) => s.status)}::text[]) AS s(track, provider, external, status)
      ON CONFLICT ("trackId", "provider") DO UPDATE SET
        "externalId" = CASE WHEN "TrackExternalId"."matchStatus" = 'MATCHED' AND EXCLUDED."matchStatus" <> 'MATCHED' THEN "TrackExternalId"."externalId" ELSE EXCLUDED."externalId" END,
        "matchStatus" = CASE WHEN "TrackExternalId"."matchStatus" = 'MATCHED' AND EXCLUDED."matchStatus" <> 'MATCHED' THEN 'MATCHED'::"MatchStatus" ELSE EXCLUDED."matchStatus" END,
        "lastAttempted" = EXCLUDED."lastAttempted"`,
  ]);
}
