import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../lib/config.ts';

/** Names of variables that turn a gateway cache or the in-flight deduplication on or off. */
const SWITCH = /^[A-Z0-9_]*(DEDUP|ENTITY_CACHE)[A-Z0-9_]*$/;

/**
 * The environment that turns our gateway's caches and deduplication off, as
 * its README configuration reference documents them: every variable whose
 * name says deduplication or entity cache and whose default is `true` (or
 * `on`, or unset where unset means on), set to `false` (or `off` when the
 * variable takes `on`/`off`). Empty when the gateway has no such switch yet.
 */
export function cacheSwitchesOff(readme = readFileSync(join(ROOT, 'README.md'), 'utf8')): Record<string, string> {
  const off: Record<string, string> = {};
  const reference = readme.slice(readme.indexOf('\n## Configuration'));
  for (const line of reference.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length < 4 || !cells[1]?.startsWith('`')) continue;
    const names = [...cells[1].matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1]!);
    const fallback = cells.at(-2)!.replace(/`/g, '').toLowerCase();
    const description = cells.slice(2, -2).join('|');
    // On by default: `true`/`on`, or unset where the description says unset means on (ENTITY_CACHE).
    if (!/^(true|on)\b/.test(fallback) && !(/^unset\b/.test(fallback) && /unset for on\b/.test(description))) continue;
    // A switch that takes `on`/`off` is turned off with `off`; a boolean one with `false`.
    const value = /`off`/.test(description) ? 'off' : 'false';
    for (const name of names) if (SWITCH.test(name)) off[name] = value;
  }
  return off;
}

/** `A=1,B=2` (or whitespace-separated) as an environment; a TypeError naming the bad pair. */
export function parseEnvList(text: string | undefined, flag: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of (text ?? '').split(/[,\s]+/).filter(Boolean)) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(pair);
    if (!match) throw new TypeError(`${flag} takes NAME=value pairs separated by commas, got "${pair}"`);
    env[match[1]!] = match[2]!;
  }
  return env;
}
