import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './config.ts';

/** SHA-256 of each file, by its path relative to ROOT: what a generated artefact was made from. */
export type SourceHashes = Record<string, string>;

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The hashes of `paths` (relative to ROOT), in path order. */
export function hashSources(paths: Iterable<string>): SourceHashes {
  return Object.fromEntries([...new Set(paths)].sort().map((path) => [path, sha256(join(ROOT, path))]));
}

/** The first source that is gone or differs from its recorded hash, or undefined when all are as recorded. */
export function changedSource(sources: SourceHashes): string | undefined {
  for (const [path, hash] of Object.entries(sources)) {
    const file = join(ROOT, path);
    if (!existsSync(file) || sha256(file) !== hash) return path;
  }
  return undefined;
}
