import { execFileSync } from 'node:child_process';
import { dirname, join, relative, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../lib/config.ts';

// What a user gets is the repository alone: no file may reach outside it at run time.
const tracked = execFileSync('git', ['ls-files', '*.ts'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
// codegen.ts names paths relative to the files it generates, not to itself.
const RELATIVE_TO_OUTPUT = new Set(['codegen.ts']);

describe('the repository stands alone', () => {
  it('has no relative path that climbs out of the repository', () => {
    const escapes: string[] = [];
    for (const file of tracked.filter((f) => !RELATIVE_TO_OUTPUT.has(f))) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const match of text.matchAll(/['"`]((?:\.\.\/)+)[^'"`]*['"`]/g)) {
        const target = resolve(ROOT, dirname(file), match[1]!);
        if (relative(ROOT, target).startsWith('..')) escapes.push(`${file}: ${match[0]}`);
      }
    }
    expect(escapes).toEqual([]);
  });

  it('names no shared folder of the workplace', () => {
    const named = tracked.filter((file) => /shared\/(fixtures|reference|docs)/.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(named).toEqual([]);
  });
});
