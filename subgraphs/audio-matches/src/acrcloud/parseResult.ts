import { isrcProblem, normalizeIsrc } from '../../../../lib/isrc/isrc.ts';
import { normalizeUpc, upcProblem } from '../../../../lib/codes/upc.ts';
import { iswcProblem, normalizeIswc } from '../../../../lib/codes/iswc.ts';
import type { MatchInput } from '../store/saveAnalysis.ts';
import { describeStatus, statusKind } from './acrCloudStatus.ts';
import { asList, asNumber, asObject, asText, isCalendarDate, names, unique } from './resultFields.ts';

/** A value of a result that was left out (the field is stored null, the rest of the match kept), and where it was. */
export interface ResultProblem {
  /** Line of a JSON Lines file (1-based); null for a single JSON document. */
  line: number | null;
  /** JSON path inside the response, e.g. `$.metadata.music[0].external_ids.upc`. */
  path: string;
  /** The match field affected (`albumUpc`, `confidenceScore`, …), or `response` for a whole response. */
  field: string;
  /** The value as the result gave it. */
  value: unknown;
  reason: string;
}

/** What one ACRCloud response, or a file of them, holds. */
export interface ParsedResult {
  /** DONE when at least one response was a result (1001 "No result" included), FAILED when none was. */
  status: 'DONE' | 'FAILED';
  /** Why it FAILED: ACRCloud's status, described. */
  error: string | null;
  /** Music results (isCover false) then cover/humming results (isCover true); one per recording, repeats merged. */
  matches: MatchInput[];
  problems: ResultProblem[];
  /** Responses read (lines of a JSON Lines file). */
  responses: number;
}

/** Where a value sits: the line, and the JSON path of its object. */
interface Where {
  line: number | null;
  path: string;
}

/** A code field: its key under `external_ids`, the match field it fills, and its registry's rules. */
interface Code {
  key: string;
  field: 'isrc' | 'albumUpc' | 'iswc';
  name: string;
  normalize: (raw: string) => string;
  problem: (code: string) => string | null;
}
const CODES = {
  isrc: { key: 'isrc', field: 'isrc', name: 'ISRC', normalize: normalizeIsrc, problem: isrcProblem },
  albumUpc: { key: 'upc', field: 'albumUpc', name: 'UPC', normalize: normalizeUpc, problem: upcProblem },
  iswc: { key: 'iswc', field: 'iswc', name: 'ISWC', normalize: normalizeIswc, problem: iswcProblem },
} as const satisfies Record<string, Code>;

/**
 * Reads ACRCloud results: one JSON response, or JSON Lines with one response
 * per line (a bare response, or a scan tool record `{ "result": response, … }`).
 * Throws a SyntaxError when the text is empty, or naming the line when a line is not JSON.
 */
export function parseAcrCloudText(text: string): ParsedResult {
  const trimmed = text.trim();
  if (trimmed === '') throw new SyntaxError('empty: no ACRCloud response in it');
  // A document that parses whole is one response, whatever its layout; otherwise it is JSON Lines.
  const whole = tryParse(trimmed);
  if (whole.ok && asObject(whole.value)) return parseResponses([{ value: whole.value, line: null }]);
  const lines = text.split(/\r?\n/).flatMap((raw, index) => (raw.trim() === '' ? [] : [{ raw, line: index + 1 }]));
  return parseResponses(
    lines.map(({ raw, line }) => {
      const parsed = tryParse(raw);
      if (!parsed.ok) throw new SyntaxError(`line ${line}: not JSON (${parsed.error})`);
      return { value: parsed.value, line };
    }),
  );
}

/** Parses responses already read, merging repeats of one recording (a song heard in several scanned segments). */
export function parseResponses(responses: readonly { value: unknown; line: number | null }[]): ParsedResult {
  const problems: ResultProblem[] = [];
  const merged = new Map<string, MatchInput>();
  let results = 0;
  let lastError: string | null = null;
  for (const { value, line } of responses) {
    const record = asObject(value);
    // The scan tool writes { timestamp, rec_length, result, file } records.
    const inner = asObject(record?.result);
    const response = inner && asObject(inner.status) ? inner : record;
    const path = response === inner ? '$.result' : '$';
    const status = asObject(response?.status);
    const code = asNumber(status?.code);
    if (code === null) {
      problems.push({ line, path: `${path}.status`, field: 'response', value: status ?? null, reason: 'not an ACRCloud response: no status.code' });
      continue;
    }
    if (statusKind(code) !== 'result') {
      lastError = describeStatus(code, asText(status?.msg) ?? undefined);
      problems.push({ line, path: `${path}.status`, field: 'response', value: { code, msg: status?.msg }, reason: lastError });
      continue;
    }
    results++;
    const metadata = asObject(response?.metadata);
    for (const [key, isCover] of [['music', false], ['cover_songs', true], ['humming', true]] as const) {
      asList(metadata?.[key]).forEach((item, index) => {
        const match = parseMatch(item, isCover, { line, path: `${path}.metadata.${key}[${index}]` }, problems);
        if (match) mergeInto(merged, match);
      });
    }
  }
  const status = results > 0 ? 'DONE' : 'FAILED';
  const matches = [...merged.values()].sort((a, b) => Number(a.isCover) - Number(b.isCover));
  return { status, error: status === 'FAILED' ? lastError : null, matches, problems, responses: responses.length };
}

/** One music or cover result as a match, or null (reported) when it has no title. */
export function parseMatch(item: unknown, isCover: boolean, where: Where, problems: ResultProblem[]): MatchInput | null {
  const m = asObject(item);
  const title = asText(m?.title);
  if (!m || !title) {
    problems.push({ ...where, field: 'title', value: m?.title ?? null, reason: 'a result without a title is skipped' });
    return null;
  }
  const report = (key: string, field: string, value: unknown, reason: string) => problems.push({ line: where.line, path: `${where.path}.${key}`, field, value, reason });
  const ids = asObject(m.external_ids) ?? {};
  const meta = asObject(m.external_metadata) ?? {};
  const artists = names(m.artists);
  const spotify = platform(meta.spotify, artists);
  const deezer = platform(meta.deezer, artists);
  return {
    isCover,
    title,
    albumTitle: asText(asObject(m.album)?.name),
    isrc: code(CODES.isrc, ids, report),
    albumUpc: code(CODES.albumUpc, ids, report),
    iswc: code(CODES.iswc, ids, report),
    label: asText(m.label),
    releaseDate: releaseDate(m.release_date, report),
    youtubeId: asText(asObject(asList(meta.youtube)[0])?.vid),
    spotify: spotify.track,
    appleId: asText(asObject(asObject(asList(meta.applemusic ?? meta.itunes)[0])?.track)?.id),
    deezer: deezer.track,
    confidenceScore: score(m.score, isCover, report),
    externalKey: asText(m.acrid),
    artists,
    // ACRCloud names distributors in `rights_claim` (UGC rights metadata); `label` and `contributors` are not distributors.
    distributors: unique(asList(m.rights_claim).flatMap((claim) => asText(asObject(asObject(claim)?.distributor)?.name) ?? [])),
    timeOffsets: offsets(m),
    spotifyArtists: spotify.artists,
    deezerArtists: deezer.artists,
  };
}

/** The first valid code of a field (one value, or a list in Broadcast Database results); each bad one is reported. */
function code(spec: Code, ids: Record<string, unknown>, report: (key: string, field: string, value: unknown, reason: string) => void): string | null {
  let found: string | null = null;
  asList(ids[spec.key]).forEach((raw, index) => {
    const text = asText(raw);
    if (text === null) return;
    const normalized = spec.normalize(text);
    const problem = spec.problem(normalized);
    const key = Array.isArray(ids[spec.key]) ? `external_ids.${spec.key}[${index}]` : `external_ids.${spec.key}`;
    if (problem) report(key, spec.field, raw, `invalid ${spec.name} "${text}": ${problem}; stored as null`);
    else found ??= normalized;
  });
  return found;
}

function releaseDate(value: unknown, report: (key: string, field: string, value: unknown, reason: string) => void): string | null {
  const text = asText(value);
  if (text === null) return null;
  if (isCalendarDate(text)) return text;
  report('release_date', 'releaseDate', value, `"${text}" is not a YYYY-MM-DD date; stored as null`);
  return null;
}

/** ACRCloud's score: 70–100 for music; cover/humming scores come as a 0–1 fraction (`"0.88"`), read as a percentage. */
function score(value: unknown, isCover: boolean, report: (key: string, field: string, value: unknown, reason: string) => void): number | null {
  if (value === undefined || value === null) return null;
  let n = asNumber(value);
  if (n !== null && isCover && n > 0 && n <= 1) n *= 100;
  if (n !== null) n = Math.round(n);
  if (n !== null && n >= 70 && n <= 100) return n;
  report('score', 'confidenceScore', value, `confidence score ${JSON.stringify(value)} is outside 70–100; stored as null`);
  return null;
}

/** Where the audio matches: in the analysed audio (`sample_*`) and in the matched recording (`db_*`). */
function offsets(m: Record<string, unknown>): MatchInput['timeOffsets'] {
  const [trackStartMs, trackEndMs, matchStartMs, matchEndMs] = ['sample_begin', 'sample_end', 'db_begin', 'db_end'].map((k) => asNumber(m[`${k}_time_offset_ms`]));
  if (trackStartMs == null || trackEndMs == null || matchStartMs == null || matchEndMs == null) return [];
  return [{ trackStartMs: Math.round(trackStartMs), trackEndMs: Math.round(trackEndMs), matchStartMs: Math.round(matchStartMs), matchEndMs: Math.round(matchEndMs) }];
}

/**
 * A platform's track and artists from `external_metadata.<platform>` (the first
 * entry when it is a list). An artist given by id alone takes the name of the
 * result's artist at the same position when both lists are as long; else it is left out.
 */
function platform(value: unknown, artists: string[]): { track: MatchInput['spotify']; artists: { id: string; name: string }[] } {
  const entry = asObject(asList(value)[0]);
  const track = asObject(entry?.track);
  const album = asObject(entry?.album);
  const id = asText(track?.id);
  const listed = asList(entry?.artists).map((a) => asObject(a));
  return {
    track: id ? { id, title: asText(track?.name), albumId: asText(album?.id), albumName: asText(album?.name) } : null,
    artists: listed.flatMap((a, i) => {
      const artistId = asText(a?.id);
      const name = asText(a?.name) ?? (listed.length === artists.length ? artists[i] : null);
      return artistId && name ? [{ id: artistId, name }] : [];
    }),
  };
}

/** Folds a repeat of a recording into the first: its time offsets added, the best score kept. */
function mergeInto(merged: Map<string, MatchInput>, match: MatchInput): void {
  const key = `${match.isCover}:${match.externalKey ?? match.isrc ?? `${match.title}\u0000${match.artists.join('\u0000')}`}`;
  const first = merged.get(key);
  if (!first) return void merged.set(key, match);
  first.timeOffsets.push(...match.timeOffsets);
  if ((match.confidenceScore ?? -1) > (first.confidenceScore ?? -1)) first.confidenceScore = match.confidenceScore;
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
