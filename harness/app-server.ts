/**
 * The production build of the app, started against the throwaway cluster, for HTTP-level
 * integration tests and benchmarks. Requests go to 127.0.0.1 with a Host header (Node does not
 * resolve *.localhost).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { processGroupStopper } from './process-group';

const ROOT = path.resolve(__dirname, '..');
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
/** The production server (`npm start`, the Dockerfile): tests exercise the same front door. */
const SERVER = path.join(ROOT, 'server.ts');
/** `.next-test` (what `npm test` builds); QUORUM_TEST_DIST_DIR points local runs at another build. */
export const TEST_DIST_DIR = process.env.QUORUM_TEST_DIST_DIR || '.next-test';

/** Builds once per checkout state: set QUORUM_REBUILD=1 to force (scripts/test.ts builds up front). */
export function ensureBuild(distDir = TEST_DIST_DIR): void {
  if (existsSync(path.join(ROOT, distDir, 'BUILD_ID')) && process.env.QUORUM_REBUILD !== '1') return;
  const r = spawnSync(process.execPath, [NEXT_BIN, 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NEXT_DIST_DIR: distDir, NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status})`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface AppServer {
  port: number;
  rootDomain: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export interface HttpResult<T = unknown> {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: T;
  text: string;
}

/** One HTTP request to the app with an explicit Host header. */
export function request<T = unknown>(
  port: number,
  host: string,
  method: string,
  pathname: string,
  opts: {
    json?: unknown;
    body?: string;
    headers?: Record<string, string>;
    token?: string;
    agent?: http.Agent;
    timeoutMs?: number;
    /** Source address of the connection, e.g. 127.0.0.42 (any 127/8 address is local): a distinct client as the server sees it. */
    localAddress?: string;
    /** Connect to this address instead of 127.0.0.1 (e.g. ::1). */
    connectTo?: string;
  } = {},
): Promise<HttpResult<T>> {
  const payload = opts.json !== undefined ? JSON.stringify(opts.json) : opts.body;
  const headers: Record<string, string> = { host, ...(opts.headers ?? {}) };
  if (payload !== undefined) {
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const attempt = (retry: boolean): Promise<HttpResult<T>> =>
    new Promise((resolve, reject) => {
      const target = { host: opts.connectTo ?? '127.0.0.1', port, method, path: pathname, headers, localAddress: opts.localAddress };
      const req = http.request({ ...target, agent: opts.agent ?? keepAlive }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            /* not JSON: keep the text */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: body as T, text });
        });
      });
      const timeoutMs = opts.timeoutMs ?? 30_000;
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`client timeout (${timeoutMs / 1000} s): ${method} ${host}${pathname}`)));
      req.on('error', (err: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed for idleness (its keepAliveTimeout, 5 s) just as
        // this request went out on it: the server read nothing, so send it again on a new socket
        // (what Node's documentation advises for req.reusedSocket).
        if (retry && req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) resolve(attempt(false));
        else reject(err);
      });
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  return attempt(true);
}

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 64 });

export async function startApp(
  env: Record<string, string>,
  /** `root`: another checkout's server.ts (bench ab: an earlier commit's code; its build dir must be there). */
  opts: { distDir?: string; port?: number; root?: string } = {},
): Promise<AppServer> {
  const distDir = opts.distDir ?? TEST_DIST_DIR;
  ensureBuild(distDir);
  const port = opts.port ?? (await freePort());
  const rootDomain = `localhost:${port}`;
  let out = '';
  const root = opts.root ?? ROOT;
  const child = spawn(process.execPath, ['--import', 'tsx', root === ROOT ? SERVER : path.join(root, 'server.ts')], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_DIST_DIR: distDir,
      PORT: String(port),
      HOSTNAME: '', // every interface, IPv4 and IPv6 (tests connect from 127/8 addresses and ::1)
      ROOT_DOMAIN: rootDomain,
      AUTH_SECRET: randomBytes(32).toString('base64url'),
      AUTH_TRUST_HOST: 'true',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      // One server process per test app unless a test asks for more: two per app (the production
      // default on this 2-CPU box) only doubles the start-up and JIT cost of every test server.
      // The workers themselves are tested in lib/entry/workers.test.ts and the benches.
      QUORUM_WORKERS: process.env.QUORUM_WORKERS ?? '1',
      // Tenant files are keyed by tenant id and every test cluster starts ids at 1: a fresh
      // directory per app, so a logo from an earlier run never shows up on a new tenant.
      STORAGE_DIR: path.join(ROOT, '.tmp', `storage-${port}-${Date.now()}`),
      // Issue 23: in production superusers must use two-factor unless set otherwise; suites sign
      // their superusers in with a password alone. The two-factor suite turns it on.
      QUORUM_SUPERUSER_TWO_FACTOR: 'off',
      ...env,
    },
  });
  child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  const stop = processGroupStopper(child, 200);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server.ts exited (${child.exitCode}):\n${out}`);
    try {
      const r = await request(port, rootDomain, 'GET', '/api/health');
      if (r.status === 200) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server.ts did not answer within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return { port, rootDomain, child, output: () => out, stop };
}
