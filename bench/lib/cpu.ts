// CPU time spent by the processes under test (from /proc/<pid>/stat), so that a round can be
// reported as CPU-ms per request: on a shared, busy machine wall-clock throughput swings with the
// neighbours' load, CPU per request much less.
import fs from 'node:fs';
import type { Cluster } from '@/harness/cluster';
import { pgbouncerPid, postgresPid } from '@/harness/cluster';

const TICK_MS = 10; // USER_HZ is 100 on Linux

interface Stat {
  pid: number;
  ppid: number;
  pgrp: number;
  ticks: number;
  /** CPU of reaped children (a postmaster's exited backends). */
  childTicks: number;
}

function readStat(pid: number): Stat | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // fields after comm: state(0) ppid(1) pgrp(2) … utime(11) stime(12)
    return { pid, ppid: Number(f[1]), pgrp: Number(f[2]), ticks: Number(f[11]) + Number(f[12]), childTicks: Number(f[13]) + Number(f[14]) };
  } catch {
    return null;
  }
}

function allStats(): Stat[] {
  const out: Stat[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) out.push(s);
  }
  return out;
}

export interface CpuSnapshot {
  app: number;
  postgres: number;
  pgbouncer: number;
}

/**
 * CPU ms so far of: the app's process group, the postmaster and its children (live ones, plus the
 * backends that already exited and were reaped), PgBouncer.
 */
export function cpuSnapshot(appPgid: number | undefined, cluster: Cluster): CpuSnapshot {
  const stats = allStats();
  const pm = postgresPid(cluster);
  const pb = pgbouncerPid(cluster);
  const sum = (pred: (s: Stat) => boolean) => stats.filter(pred).reduce((a, s) => a + s.ticks, 0) * TICK_MS;
  return {
    app: appPgid ? sum((s) => s.pgrp === appPgid) : 0,
    postgres: pm ? sum((s) => s.pid === pm || s.ppid === pm) + (stats.find((s) => s.pid === pm)?.childTicks ?? 0) * TICK_MS : 0,
    pgbouncer: pb ? sum((s) => s.pid === pb) : 0,
  };
}

export function cpuDelta(a: CpuSnapshot, b: CpuSnapshot): CpuSnapshot {
  return { app: b.app - a.app, postgres: b.postgres - a.postgres, pgbouncer: b.pgbouncer - a.pgbouncer };
}
