import { parseArgs } from 'node:util';
import { GLOBAL, parseCountry } from '../../../../lib/country.ts';
import { parsePlaylistId } from '../playlists/playlistIds.ts';
import type { DeezerChartSource } from './deezerChartSources.ts';

/** What `npm run collect` was asked to do. */
export type CollectCommand =
  | { what: 'deezer-charts'; markets: string[]; source: DeezerChartSource; dryRun: boolean }
  | { what: 'deezer-playlists' | 'spotify-playlists'; ids: string[]; dryRun: boolean };

/** Bad arguments or missing credentials: exit code 2, with the usage. */
export class CollectUsageError extends Error {}

/** The command line's help. */
export const COLLECT_USAGE = `usage: npm run collect -- <what> [options]
  deezer-charts [--country GLOBAL|<ISO 3166-1 alpha-2>]... [--source playlists|chart]
  deezer-playlists <id or link>...
  spotify-playlists <id or link>...    (needs SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET)
options:
  --dry-run   fetch everything and print what would be written; keep nothing
exit codes: 0 everything written, 1 something failed (the rest is written), 2 bad arguments or missing credentials`;

/** Reads the arguments after `collect --`; CollectUsageError says what is wrong. */
export function parseCollectArgs(argv: string[]): CollectCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { country: { type: 'string', multiple: true }, source: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    });
  } catch (error) {
    throw new CollectUsageError((error as Error).message);
  }
  const { positionals: [what, ...rest], values } = parsed;
  const dryRun = values['dry-run'] ?? false;
  if (what === 'deezer-charts') {
    if (rest.length > 0) throw new CollectUsageError(`deezer-charts takes no ids, got "${rest.join(' ')}"`);
    const source = (values.source ?? 'playlists') as DeezerChartSource;
    if (source !== 'playlists' && source !== 'chart') throw new CollectUsageError(`--source must be playlists or chart, got "${values.source}"`);
    const markets = unique(guard(() => (values.country ?? [GLOBAL]).map((country) => parseCountry(country, '--country'))));
    // Deezer's /chart/0 names no market: it answers for wherever the collector runs, so the operator must say which.
    if (source === 'chart' && (values.country?.length ?? 0) !== 1) throw new CollectUsageError('--source chart needs exactly one --country: the market Deezer serves where this runs');
    return { what, markets, source, dryRun };
  }
  if (what === 'deezer-playlists' || what === 'spotify-playlists') {
    if (values.country || values.source) throw new CollectUsageError(`--country and --source are for deezer-charts only`);
    if (rest.length === 0) throw new CollectUsageError(`${what} needs at least one playlist id or link`);
    const platform = what === 'deezer-playlists' ? 'DEEZER' : 'SPOTIFY';
    return { what, ids: unique(guard(() => rest.map((value) => parsePlaylistId(platform, value, 'playlist')))), dryRun };
  }
  throw new CollectUsageError(what ? `unknown collector "${what}"` : 'say what to collect');
}

function guard<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new CollectUsageError((error as Error).message);
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
