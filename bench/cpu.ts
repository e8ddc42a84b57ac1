import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/**
 * CPU time of this process and of another one (the Neo4j JVM), so a benchmark on a shared,
 * loaded machine can report the work done next to the wall time it took.
 */

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds of `pid` from /proc, or undefined where /proc does not tell. */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

export const ownCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

export interface CpuSample {
  wall: number;
  own: number;
  other: number | undefined;
}

/** Wall, own CPU and the other process's CPU, all in seconds. */
export function sampleCpu(otherPid: number | undefined): CpuSample {
  return { wall: performance.now() / 1000, own: ownCpuSeconds(), other: processCpuSeconds(otherPid) };
}

export function cpuSince(start: CpuSample, otherPid: number | undefined): CpuSample {
  const end = sampleCpu(otherPid);
  return {
    wall: end.wall - start.wall,
    own: end.own - start.own,
    other: end.other === undefined || start.other === undefined ? undefined : end.other - start.other,
  };
}

/** The 1-minute load average, to print next to every time. */
export const loadAverage = () => Number((loadavg()[0] ?? 0).toFixed(1));
