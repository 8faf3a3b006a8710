import { mentionsLive, parseVersion, type VersionQualifier } from '../../../links/src/search/versionQualifiers.ts';
import { resolveThreshold } from '../../../links/src/search/matchThreshold.ts';

/** The links search's acceptance threshold (`RESOLVE_MATCH_THRESHOLD`, the one `resolveTracks(inputType: TRACK_NAME)` uses). */
export function matchThreshold(env: NodeJS.ProcessEnv = process.env): number {
  return resolveThreshold(env);
}

/** Qualifiers that name the same performance: a remaster may be tied to the original. */
const SAME_PERFORMANCE: ReadonlySet<VersionQualifier> = new Set(['remaster']);

/** A search hit as enrichment sees it. */
export interface Candidate {
  score: number;
  track: { id: string; isrc: string; title: string; durationSeconds: number | null };
}

/** A library track to match. */
export interface MatchSubject {
  title: string;
  album: string | null;
  durationMs: number | null;
}

/** Why a candidate was refused. */
export type Rejection = 'score' | 'version' | 'duration';

/**
 * The version a library track is: the qualifiers of its title, with the
 * links search's rules ("(Live)", "- Radio Edit", "[Remix]"…), remaster
 * aside. A title with none takes `live` from its album ("Live at Wembley"),
 * since live albums often leave it out of their titles.
 */
export function subjectVersion(subject: MatchSubject): Set<VersionQualifier> {
  const own = [...parseVersion(subject.title).qualifiers].filter((q) => !SAME_PERFORMANCE.has(q));
  if (own.length || !subject.album) return new Set(own);
  // "Live Forever" on the single "Live Forever" is not live.
  const sameName = parseVersion(subject.album).base === parseVersion(subject.title).base;
  return mentionsLive(subject.album) && !sameName ? new Set(['live']) : new Set();
}

/** The most two durations may differ and still be one recording: 5 s, or 3 % of the longer. */
export function durationTolerance(ms: number, otherMs: number): number {
  return Math.max(5000, 0.03 * Math.max(ms, otherMs));
}

/**
 * Whether a search hit may be tied to the library track: it scores at least
 * {@link matchThreshold}, it is the same version (a live, remix, edit,
 * acoustic… track is never tied to the studio recording, nor the other way
 * round), and the durations agree within {@link durationTolerance} when both
 * are known. Null when accepted.
 */
export function rejectCandidate(subject: MatchSubject, candidate: Candidate): Rejection | null {
  if (candidate.score < matchThreshold()) return 'score';
  const wanted = subjectVersion(subject);
  const found = new Set([...parseVersion(candidate.track.title).qualifiers].filter((q) => !SAME_PERFORMANCE.has(q)));
  if (wanted.size !== found.size || [...wanted].some((q) => !found.has(q))) return 'version';
  const theirs = candidate.track.durationSeconds;
  if (subject.durationMs && theirs) {
    if (Math.abs(subject.durationMs - theirs * 1000) > durationTolerance(subject.durationMs, theirs * 1000)) return 'duration';
  }
  return null;
}

/** The best accepted candidate (in the search's order), or why the best one was refused. */
export function pickCandidate(subject: MatchSubject, candidates: Candidate[]): { match: Candidate | null; rejection: Rejection | null } {
  let first: Rejection | null = null;
  for (const candidate of candidates) {
    const rejection = rejectCandidate(subject, candidate);
    if (!rejection) return { match: candidate, rejection: null };
    first ??= rejection;
  }
  return { match: null, rejection: first };
}
