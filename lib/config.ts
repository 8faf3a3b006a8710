import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, for files that are found relative to it (SDL, migrations). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** One subgraph as listed in schema/subgraphs.json. */
export interface SubgraphDescriptor {
  /** Subgraph name, as it appears in the supergraph and in error extensions. */
  name: SubgraphName;
  /** Default port when started. */
  port: number;
  /** URL the checked-in supergraph records; the gateway may override it. */
  url: string;
  /** Path of the SDL file, relative to the repository root. */
  sdl: string;
}

/** The four subgraphs that run as servers of their own. */
export type SubgraphName = 'links' | 'analytics' | 'library' | 'audio-matches';

/** Every subgraph composition reads: the four servers and the gateway's own, which runs inside the gateway. */
export type ComposedSubgraphName = SubgraphName | 'gateway';

/** Every database: one per subgraph, and the gateway's (API keys). */
export type DatabaseName = SubgraphName | 'gateway';

/** An entry of schema/subgraphs.json. */
export interface ComposedSubgraphDescriptor extends Omit<SubgraphDescriptor, 'name' | 'port'> {
  name: ComposedSubgraphName;
  port?: number;
  /** Served inside the gateway process rather than over HTTP. */
  inProcess?: boolean;
}

/** The plain-data list composition reads: every subgraph, the gateway's own included. */
export const COMPOSED_SUBGRAPHS: readonly ComposedSubgraphDescriptor[] = JSON.parse(
  readFileSync(new URL('../schema/subgraphs.json', import.meta.url), 'utf8'),
);

/** The subgraphs that run as servers (start-up, health, ports). */
export const SUBGRAPHS: readonly SubgraphDescriptor[] = COMPOSED_SUBGRAPHS.filter((s) => !s.inProcess) as SubgraphDescriptor[];

/** Every database, in the order they are generated and migrated. */
export const DATABASES: readonly DatabaseName[] = [...SUBGRAPHS.map((s) => s.name), 'gateway'];

/** `audio-matches` → `AUDIO_MATCHES`, the prefix of that subgraph's variables. */
export function envPrefix(name: DatabaseName): string {
  return name.toUpperCase().replace(/-/g, '_');
}

/** A database name, or a TypeError naming the known ones. */
export function databaseName(name: string): DatabaseName {
  if (!(DATABASES as readonly string[]).includes(name)) throw new TypeError(`Unknown database "${name}"; expected one of ${DATABASES.join(', ')}`);
  return name as DatabaseName;
}

/** The subgraph's descriptor, or a TypeError naming the known ones. */
export function subgraph(name: string): SubgraphDescriptor {
  const found = SUBGRAPHS.find((s) => s.name === name);
  if (!found) throw new TypeError(`Unknown subgraph "${name}"; expected one of ${SUBGRAPHS.map((s) => s.name).join(', ')}`);
  return found;
}

/** The subgraph's SDL file, found from ROOT (the same from the sources and from the bundle in dist/). */
export function readSubgraphSdl(name: SubgraphName): string {
  return readFileSync(join(ROOT, subgraph(name).sdl), 'utf8');
}

/** Reads an integer variable, or a TypeError that names it. */
export function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new TypeError(`${name} must be an integer, got "${raw}"`);
  return value;
}

/** Reads a yes/no variable (`true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`), or a TypeError that names it. */
export function boolFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  throw new TypeError(`${name} must be true or false, got "${env[name]}"`);
}

/** Host every server binds to (`HOST`). @default "localhost" */
export function hostFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.HOST || 'localhost';
}

/** Port of a subgraph (`LINKS_PORT`, …), defaulting to schema/subgraphs.json. */
export function subgraphPort(name: SubgraphName, env: NodeJS.ProcessEnv = process.env): number {
  return intFromEnv(env, `${envPrefix(name)}_PORT`, subgraph(name).port);
}

/** URL the gateway calls for a subgraph (`LINKS_URL`, …). @default http://localhost:<port>/graphql */
export function subgraphUrl(name: SubgraphName, env: NodeJS.ProcessEnv = process.env): string {
  return env[`${envPrefix(name)}_URL`] || `http://localhost:${subgraphPort(name, env)}/graphql`;
}

/** The variables that configure ACRCloud identification (`Mutation.requestTrackAnalysis`), all three needed. */
export const ACRCLOUD_VARIABLES = ['ACRCLOUD_HOST', 'ACRCLOUD_ACCESS_KEY', 'ACRCLOUD_ACCESS_SECRET'] as const;

/** How the audio-matches subgraph reaches ACRCloud and fetches the audio it sends. */
export interface AcrCloudSettings {
  /** The project's credentials, or null when a variable of {@link ACRCLOUD_VARIABLES} is unset (`missing` names them). */
  credentials: { host: string; accessKey: string; accessSecret: string } | null;
  missing: string[];
  /** Audio bytes sent at most: the first ones of the file (`ACRCLOUD_MAX_SAMPLE_BYTES`). @default 1000000 */
  maxSampleBytes: number;
  /** Time allowed to download the audio (`ACRCLOUD_AUDIO_TIMEOUT_MS`). @default 10000 */
  audioTimeoutMs: number;
  /** Allow audio URLs on loopback and private addresses (`ACRCLOUD_ALLOW_PRIVATE_AUDIO_URLS`, for tests and local setups). @default false */
  allowPrivateAudioUrls: boolean;
}

/** Reads {@link AcrCloudSettings}; a malformed number or flag is a TypeError naming its variable. */
export function acrCloudSettings(env: NodeJS.ProcessEnv = process.env): AcrCloudSettings {
  const missing = ACRCLOUD_VARIABLES.filter((name) => !env[name]?.trim());
  const maxSampleBytes = intFromEnv(env, 'ACRCLOUD_MAX_SAMPLE_BYTES', 1_000_000);
  // ACRCloud refuses files of 5 MB and more.
  if (maxSampleBytes < 1 || maxSampleBytes > 5_000_000) throw new TypeError(`ACRCLOUD_MAX_SAMPLE_BYTES must be 1 to 5000000, got ${maxSampleBytes}`);
  return {
    credentials: missing.length ? null : { host: env.ACRCLOUD_HOST!.trim(), accessKey: env.ACRCLOUD_ACCESS_KEY!.trim(), accessSecret: env.ACRCLOUD_ACCESS_SECRET!.trim() },
    missing,
    maxSampleBytes,
    audioTimeoutMs: intFromEnv(env, 'ACRCLOUD_AUDIO_TIMEOUT_MS', 10_000),
    allowPrivateAudioUrls: boolFromEnv(env, 'ACRCLOUD_ALLOW_PRIVATE_AUDIO_URLS', false),
  };
}
