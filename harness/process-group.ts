import type { ChildProcess } from 'node:child_process';

function killGroup(child: ChildProcess, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-child.pid!, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

/**
 * stop() for a child started with `detached: true` (its own process group: the server and its
 * workers): SIGTERM, up to `graceMs` for it to exit, then SIGKILL. Idempotent. The group is also
 * killed if this process exits first, so no server outlives a test or bench run.
 */
export function processGroupStopper(child: ChildProcess, graceMs: number): () => Promise<void> {
  process.once('exit', () => killGroup(child, 'SIGKILL'));
  let stopped = false;
  return async () => {
    if (stopped) return;
    stopped = true;
    if (!killGroup(child, 'SIGTERM')) return;
    for (let waited = 0; waited < graceMs && child.exitCode === null; waited += 100) await new Promise((r) => setTimeout(r, 100));
    killGroup(child, 'SIGKILL');
  };
}
