import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ: 100 on every Linux build that matters here). */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system), in ms, used so far by the processes now in the process group `pgid`
 * (a server piece: npm, node and any workers), from /proc; NaN when /proc cannot be read or none is left.
 * Compare two readings of the same group: a process that exited between them takes its time with it.
 */
export function groupCpuMs(pgid: number): number {
  let ticks = 0;
  let found = false;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return NaN;
  }
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // Gone since the listing.
    }
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== pgid) continue;
    found = true;
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return found ? (ticks * 1000) / TICKS_PER_SECOND : NaN;
}
