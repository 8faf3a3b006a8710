import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The real recorded responses, copied into test/fixtures/providers with their licences (read only). */
export const FIXTURES_DIR = fileURLToPath(new URL('../../../fixtures/providers/', import.meta.url));

/** A recorded JSON file under the fixtures folder, parsed (e.g. `harmony/com.deezer.api_track_2947516331.json`). */
export function readFixture<T = unknown>(relativePath: string): T {
  return JSON.parse(readFileSync(FIXTURES_DIR + relativePath, 'utf8')) as T;
}

/**
 * The recorded response for a request, if one was recorded. File names are the host reversed,
 * then the path and the query with `/`, `?`, `&` and `:` turned into `_`.
 */
export function recordedResponse(host: string, path: string, query: URLSearchParams): unknown {
  const reversedHost = host.split('.').reverse().join('.');
  const search = query.toString() === '' ? '' : `_${decodeURIComponent(query.toString().replace(/\+/g, ' '))}`;
  const name = `${reversedHost}${path}${search}`.replace(/[/?&:]/g, '_');
  const file = `${FIXTURES_DIR}harmony/${name}.json`;
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown) : undefined;
}
