/**
 * Why a client must stay disabled: names the settings in `settings` that are empty,
 * e.g. "SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET are not set"; null when all are set.
 */
export function missingSettings(settings: Record<string, string | null | undefined>): string | null {
  const missing = Object.entries(settings)
    .filter(([, value]) => value === null || value === undefined || value.trim() === '')
    .map(([name]) => name);
  if (missing.length === 0) return null;
  const names = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`;
  return `${names} ${missing.length === 1 ? 'is' : 'are'} not set`;
}
