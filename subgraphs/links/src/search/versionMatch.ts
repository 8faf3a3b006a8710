import { nameSimilarity } from './textMatch.ts';
import type { ParsedVersion, VersionQualifier } from './versionQualifiers.ts';

/**
 * What a version mismatch leaves of a score. A different version is other
 * audio: its score is halved, clearly under any sensible threshold. A
 * remaster is the same performance (see docs/matching.md), so it costs little.
 */
const MISMATCH = 0.5;
const REMASTER_MISMATCH = 0.97;
/** A remix asked for without its remixer, found with one: right kind, less sure which. */
const UNNAMED_REMIXER = 0.95;

function namesAgree(wanted: string[], found: string[]): boolean {
  return wanted.every((name) => found.some((other) => nameSimilarity(name, other) >= 0.8));
}

/** 1 when the versions agree; see the constants for what a disagreement costs. */
export function versionFactor(wanted: ParsedVersion, found: ParsedVersion): number {
  let factor = 1;
  for (const q of new Set<VersionQualifier>([...wanted.qualifiers, ...found.qualifiers])) {
    if (wanted.qualifiers.has(q) !== found.qualifiers.has(q)) factor *= q === 'remaster' ? REMASTER_MISMATCH : MISMATCH;
  }
  if (factor <= MISMATCH) return factor;
  // Same kinds: a named remix or version must name the same remixer or version.
  if (wanted.names.length) return namesAgree(wanted.names, found.names) ? factor : factor * MISMATCH;
  return found.names.length && found.qualifiers.has('remix') ? factor * UNNAMED_REMIXER : factor;
}

/** How far apart two durations may be and still be one recording: 2 s (stored durations are whole seconds), or 2 %. */
export function durationTolerance(ms: number): number {
  return Math.max(2000, 0.02 * ms);
}

/** 1 − up to 0.1 within the tolerance (closer is likelier), 0.6 beyond it (another edit or version); 1 when either is unknown. */
export function durationFactor(wantedMs: number | null, foundSeconds: number | null): number {
  if (wantedMs == null || foundSeconds == null) return 1;
  const diff = Math.abs(wantedMs - foundSeconds * 1000);
  const tolerance = durationTolerance(wantedMs);
  return diff <= tolerance ? 1 - (0.1 * diff) / tolerance : 0.6;
}
