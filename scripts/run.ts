// `npm run dev` / `npm start`: with no DATABASE_URL, starts the embedded PostgreSQL under .data/,
// migrates, creates a superuser and a demo tenant on first run (printing their passwords once),
// then runs Next.js through server.ts (which decides each request's client address from the socket
// and TRUST_PROXY). With DATABASE_URL set it only migrates and runs the server, unless
// QUORUM_BOOTSTRAP=superuser,demo asks for those too.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDatabaseEnv } from '@/lib/infra/db/env';
import { closePools } from '@/lib/infra/db/pool';
import { assertProductionReady } from '@/lib/config/production-check';
import { bootstrapSetting } from '@/lib/config/env';
import { bootstrap, bootstrapWants } from '@/lib/entry/demo-bootstrap';
import { quietWorkerLogs, startWorker } from '@/lib/jobs/worker';

async function startDevWorker() {
  const runner = await startWorker();
  console.log('Job worker running in this process (QUORUM_DEV_WORKER=0 turns it off).');
  return runner;
}

const mode = process.argv[2] === 'start' ? 'start' : 'dev';
const port = process.env.PORT ?? '3000';
process.env.ROOT_DOMAIN ||= `localhost:${port}`;
process.env.QUORUM_NO_LISTEN = '1';
const rootHost = process.env.ROOT_DOMAIN.replace(/:\d+$/, '');

function persistentSecret(): string {
  const file = path.resolve('.data', 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function main() {
  const db = await ensureDatabaseEnv((m) => console.log(m));
  if (db.embedded) {
    // A local embedded setup gets a random secret kept under .data/ (never a fixed default).
    if (!process.env.AUTH_SECRET && !process.env.NEXTAUTH_SECRET) process.env.AUTH_SECRET = persistentSecret();
    process.env.AUTH_TRUST_HOST ??= 'true';
  }
  if (mode === 'start') {
    (process.env as Record<string, string>).NODE_ENV = 'production';
    assertProductionReady();
  } else {
    // `next dev` sets this itself; a custom server's parent must (React picks its build by it).
    (process.env as Record<string, string>).NODE_ENV ??= 'development';
  }
  // The demo tenant and a first superuser: the embedded development database only, unless
  // QUORUM_BOOTSTRAP asks (a production database gets neither by surprise; README).
  const boot = await bootstrap(rootHost, bootstrapWants(bootstrapSetting(), db.embedded));
  await closePools();
  console.log(
    `Database: ${db.embedded ? 'embedded PostgreSQL under .data/' : 'DATABASE_URL'}; tenant migrations applied to ${boot.migratedTenants} schema(s).`,
  );
  if (boot.superuser) {
    console.log(
      `\n  Superuser created — shown only this once:\n    http://${process.env.ROOT_DOMAIN}/login\n    email:    ${boot.superuser.email}\n    password: ${boot.superuser.password}\n  (more: npm run tenants -- create-superuser --email E --password P)`,
    );
  }
  if (boot.demo) {
    console.log(
      `\n  Demo tenant created — shown only this once:\n    http://${boot.demo.host}:${port}/login\n    email:    ${boot.demo.email}\n    password: ${boot.demo.password}\n`,
    );
  }
  if (mode === 'start' && !existsSync(path.join(process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID'))) {
    console.log('No production build yet: running next build ...');
    await run([require.resolve('next/dist/bin/next'), 'build']);
  }
  // Development runs the job worker in this process (production: `npm run worker` beside `npm start`).
  const worker = mode === 'dev' && process.env.QUORUM_DEV_WORKER !== '0' ? await startDevWorker() : null;
  process.env.PORT = port;
  // Ctrl-C reaches every process of the terminal's group at once, the embedded PostgreSQL too: the
  // worker stops at once and quietly (its lost connections are expected), the server drains, and
  // the shutdown is one line, not a screen of connection errors (issue 24, item 25).
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    quietWorkerLogs();
    console.log('\nStopping Quorum ...');
    worker?.stop().catch(() => undefined);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await run(['--import', 'tsx', path.resolve('server.ts'), ...(mode === 'dev' ? ['--dev'] : [])]);
  quietWorkerLogs();
  await worker?.stop().catch(() => undefined);
  await db.stop().catch(() => undefined);
  // A server stopped by Ctrl-C ends as a normal stop, not as a failed npm script (npm's error lines).
  process.exit(stopping ? 0 : code);
}

function run(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    // Not QUORUM_NO_LISTEN (set above for this bootstrap): the server keeps its LISTEN per worker.
    const { QUORUM_NO_LISTEN: _noListen, ...env } = process.env;
    const child = spawn(process.execPath, args, { stdio: 'inherit', env });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? 1);
    });
  });
}

main().catch(async (err) => {
  console.error(`Could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
