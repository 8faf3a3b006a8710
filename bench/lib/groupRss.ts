import { execFileSync } from 'node:child_process';

/**
 * Resident memory, in MiB, of every process in the process group `pgid` (a
 * contender and any workers it forked), from `ps`; NaN when none is left.
 */
export function groupRssMiB(pgid: number): number {
  const lines = execFileSync('ps', ['-e', '-o', 'pgid=,rss='], { encoding: 'utf8' }).trim().split('\n');
  let kib = 0;
  let found = false;
  for (const line of lines) {
    const [group, rss] = line.trim().split(/\s+/).map(Number);
    if (group === pgid) {
      found = true;
      kib += rss ?? 0;
    }
  }
  return found ? kib / 1024 : NaN;
}
