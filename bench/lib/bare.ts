// The bare node:http + pg contender (bench/lib/bare-server.mjs): the statements of Quorum's query
// functions for each path it serves, compiled here once (./bare-sql.ts, no database needed) with
// every table named with its schema, so the server sends them as they are, with no tenant context
// and no query builder per request.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { DEFAULT_PAGE_SIZE } from '@/lib/features/polls/page';
import { freePort } from '@/harness/app-server';
import { bareSql } from './bare-sql';

export interface Bare {
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts one of this folder's plain node:http scripts in a process of its own and waits for its
 * "listening" line (the bare contender, the noisy bench's control).
 */
export async function startScript(script: string, port: number, env: Record<string, string>): Promise<Bare> {
  const child = spawn(process.execPath, [path.join(__dirname, script)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { NODE_ENV: 'production', PATH: process.env.PATH ?? '', ...env },
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}): ${out}`)));
  });
  return {
    port,
    child,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

export interface BareOptions {
  databaseUrl: string;
  schema: string;
  poolMax: number;
  workers?: number;
}

/** The environment bare-server.mjs runs with (see its header). */
export async function bareEnv(o: BareOptions & { port: number }): Promise<Record<string, string>> {
  return {
    BARE_PORT: String(o.port),
    BARE_DATABASE_URL: o.databaseUrl,
    BARE_STATEMENTS: JSON.stringify(await bareSql(o.schema)),
    BARE_TENANT: o.schema,
    BARE_LIMIT: String(DEFAULT_PAGE_SIZE),
    BARE_POOL_MAX: String(o.poolMax),
    BARE_WORKERS: String(o.workers ?? 1),
  };
}

export async function startBare(o: BareOptions): Promise<Bare> {
  const port = await freePort();
  return startScript('bare-server.mjs', port, await bareEnv({ ...o, port }));
}
