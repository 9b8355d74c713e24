import { readFileSync } from 'node:fs';

/**
 * CPU time of processes and threads from Linux's /proc, for benchmarks that say what the server
 * paid on the same cores: /proc/<pid>/stat for a process, /proc/<pid>/task/<tid>/stat for a
 * thread.
 */

/** Clock ticks of a stat file: 100 a second on every Linux this runs on (USER_HZ). */
export const TICK_MS = 10;

export type ProcStat = { name: string; group: number; cpuTicks: number };

/** A stat file read, or null when its process or thread has gone meanwhile. */
export const readStat = (path: string): ProcStat | null => {
  let stat: string;
  try {
    stat = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  // After the command name (in parentheses, which may hold spaces): state, ppid, pgrp, …
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
    group: Number(fields[2]),
    cpuTicks: Number(fields[11]) + Number(fields[12]), // utime, stime
  };
};
