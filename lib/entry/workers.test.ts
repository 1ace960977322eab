import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '@/harness/app-server';
import { workerCount } from './workers';

describe('workerCount', () => {
  it('defaults to one per CPU and accepts 1..256', () => {
    expect(workerCount({ NODE_ENV: 'test' })).toBeGreaterThanOrEqual(1);
    expect(workerCount({ NODE_ENV: 'test', QUORUM_WORKERS: '0' })).toBe(workerCount({ NODE_ENV: 'test' }));
    expect(workerCount({ NODE_ENV: 'test', QUORUM_WORKERS: ' 3 ' })).toBe(3);
    for (const bad of ['-1', '1.5', 'two', '257'])
      expect(() => workerCount({ NODE_ENV: 'test', QUORUM_WORKERS: bad })).toThrow(/QUORUM_WORKERS/);
  });
});

const FIXTURE = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'workers-server.ts');
let child: ChildProcess | null = null;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

function get(port: number, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

async function start(env: Record<string, string>, waitForListening = true) {
  const port = await freePort();
  let out = '';
  child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const want = waitForListening ? Number(env.QUORUM_WORKERS ?? 1) : 0;
  for (let i = 0; i < 200 && (out.match(/listening/g) ?? []).length < want; i++) await new Promise((r) => setTimeout(r, 50));
  return { port, out: () => out, proc: child };
}

describe('node:cluster workers', () => {
  it('share the port, replace a worker that dies, and drain in-flight requests on SIGTERM', async () => {
    const s = await start({ QUORUM_WORKERS: '2', DELAY_MS: '300' });
    // Both workers answer on the one port.
    const pids = new Set<string>();
    for (let i = 0; i < 20 && pids.size < 2; i++) pids.add((await get(s.port)).body);
    expect(pids.size).toBe(2);

    // A worker killed hard is replaced.
    const victim = Number([...pids][0]);
    process.kill(victim, 'SIGKILL');
    for (let i = 0; i < 100 && (s.out().match(/listening/g) ?? []).length < 3; i++) await new Promise((r) => setTimeout(r, 50));
    expect(s.out()).toMatch(new RegExp(`worker ${victim} exited`));
    expect((s.out().match(/listening/g) ?? []).length).toBe(3);

    // SIGTERM while requests are in flight: every one of them completes with 200, then exit 0.
    // The requests must have reached a worker before the signal (a connection refused after it is
    // not what is tested): 1.5 s of work each, the signal after 0.5 s.
    const inflight = Array.from({ length: 20 }, () => get(s.port, '/slow'));
    await new Promise((r) => setTimeout(r, 500));
    const exited = new Promise<number | null>((r) => s.proc.once('exit', (code) => r(code)));
    s.proc.kill('SIGTERM');
    const results = await Promise.all(inflight);
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    expect(await exited).toBe(0);
    expect((s.out().match(/cleanup/g) ?? []).length).toBe(2);
  }, 30_000);

  it('one worker: the same drain without a primary', async () => {
    const s = await start({ QUORUM_WORKERS: '1', DELAY_MS: '200' });
    const inflight = Array.from({ length: 5 }, () => get(s.port, '/slow'));
    await new Promise((r) => setTimeout(r, 500));
    const exited = new Promise<number | null>((r) => s.proc.once('exit', (code) => r(code)));
    s.proc.kill('SIGTERM');
    expect((await Promise.all(inflight)).every((r) => r.status === 200)).toBe(true);
    expect(await exited).toBe(0);
  }, 30_000);

  it('a worker that dies before it listens stops the whole start (no fork loop)', async () => {
    const s = await start({ QUORUM_WORKERS: '2', FAIL_AT_START: '1' }, false);
    const code = await new Promise<number | null>((r) =>
      s.proc.exitCode !== null ? r(s.proc.exitCode) : s.proc.once('exit', (c) => r(c)),
    );
    expect(code).toBe(3);
    expect(s.out()).toMatch(/before it listened; stopping/);
  }, 30_000);
});
