import { readdirSync, readFileSync } from 'node:fs';

/** Parent of each process, read from /proc (Linux). */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name in field 2 may hold spaces and parentheses: the fields after the last ')' are fixed.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      map.set(Number(entry), ppid);
    } catch {
      // Exited while we looked.
    }
  }
  return map;
}

/** `root` and every process below it. */
export function processTree(root: number): number[] {
  const byParent = parents();
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of byParent) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

/** Resident memory of one process in bytes (0 when it is gone). */
function rssOf(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.split(/\s+/)[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU seconds (user + system) one process and its reaped children have used (0 when it is gone). */
function cpuOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime, cutime, cstime (fields 14-17 of stat; index 11-14 after the name), in clock ticks of 1/100 s.
    return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds used by `root` and every process below it: unlike wall time, hardly moved by other load on the machine. */
export function processTreeCpu(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + cpuOf(pid), 0);
}

/** Resident memory of the processes below `root` (the wrapper `root` itself, e.g. npm, left out when `withRoot` is false). */
export function processTreeRss(root: number, withRoot = true): number {
  return processTree(root)
    .filter((pid) => withRoot || pid !== root)
    .reduce((sum, pid) => sum + rssOf(pid), 0);
}
