// CPU time of whole process trees (a server's master and its workers, a postmaster and its
// backends), for contenders that are not in one process group of ours (django-tenants' gunicorn
// and PostgreSQL, started by the peer's own scripts).
import fs from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

interface Stat {
  pid: number;
  ppid: number;
  ticks: number;
  childTicks: number;
}

function stats(): Map<number, Stat> {
  const out = new Map<number, Stat>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const s = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      out.set(Number(name), {
        pid: Number(name),
        ppid: Number(f[1]),
        ticks: Number(f[11]) + Number(f[12]),
        childTicks: Number(f[13]) + Number(f[14]),
      });
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

/**
 * CPU ms so far of each root and all its live descendants, plus what the root has reaped from
 * exited children (a postmaster's ended backends, a gunicorn master's replaced workers).
 */
export function treeCpuMs(roots: number[]): number {
  const all = stats();
  const children = new Map<number, number[]>();
  for (const s of all.values()) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s.pid]);
  let ticks = 0;
  const seen = new Set<number>();
  const walk = (pid: number) => {
    if (seen.has(pid)) return;
    seen.add(pid);
    const s = all.get(pid);
    if (!s) return;
    ticks += s.ticks;
    for (const c of children.get(pid) ?? []) walk(c);
  };
  for (const r of roots) {
    walk(r);
    ticks += all.get(r)?.childTicks ?? 0;
  }
  return ticks * TICK_MS;
}
