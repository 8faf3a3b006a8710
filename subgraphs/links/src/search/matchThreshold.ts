/**
 * The score a match must reach to be taken as certain (a `resolveTracks`
 * TRACK_NAME item, a library track enriched by search). Calibrated on the
 * evaluation sets of `npm run eval:matching` (docs/matching.md): at 0.8 every
 * class is right at least 99.5 % of the time it answers.
 */
export const DEFAULT_MATCH_THRESHOLD = 0.8;

/** Lowest and highest accepted values: below 0.5 a different version (scored ≤ 0.5) could be adopted. */
const RANGE = [0.5, 1] as const;

/**
 * `RESOLVE_MATCH_THRESHOLD` from the environment, or the default.
 * @throws TypeError naming the variable when it is not a number from 0.5 to 1
 */
export function resolveThreshold(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.RESOLVE_MATCH_THRESHOLD?.trim();
  if (raw === undefined || raw === '') return DEFAULT_MATCH_THRESHOLD;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < RANGE[0] || value > RANGE[1]) {
    throw new TypeError(`RESOLVE_MATCH_THRESHOLD must be a number from ${RANGE[0]} to ${RANGE[1]}, got "${env.RESOLVE_MATCH_THRESHOLD}"`);
  }
  return value;
}
