/**
 * The real CLI (`tsx lib/cli/main.ts`) in a child process, pointed at the test cluster, and the
 * one-line-error check every command's bad input must pass.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';
import { testProcessEnv } from './env';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(...args: string[]): Promise<CliRun> {
  return runCliWith({}, ...args);
}

/** runCli with some variables of its environment replaced (another database, say). */
export function runCliWith(extra: Record<string, string>, ...args: string[]): Promise<CliRun> {
  // A clean environment: only what a developer's shell would have plus the cluster's URLs.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...testProcessEnv(), ...extra } as Record<
    string,
    string
  > as NodeJS.ProcessEnv;
  return new Promise((resolve) => {
    execFile(TSX, ['lib/cli/main.ts', ...args], { cwd: ROOT, env, timeout: 90_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Non-zero exit and exactly one line `error: <reason>` on stderr. */
export function expectOneLineError(r: CliRun, pattern?: RegExp): void {
  expect(r.code, `stdout: ${r.stdout}\nstderr: ${r.stderr}`).not.toBe(0);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: \S/);
  if (pattern) expect(lines[0]).toMatch(pattern);
}
