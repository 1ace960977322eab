import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FullConfig } from '@playwright/test';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { migrateShared } from '../lib/tenancy/migrate/runner';
import { installJobQueue } from '../lib/jobs/worker';
import { createSuperuser } from '@/lib/features/auth/superusers';
import { startCluster } from '../harness/cluster';
import { startApp } from '../harness/app-server';
import { ENV_VAR, defaultEnvFile, writeEnvFile, type E2eEnv } from './support/env-file';

const ROOT = path.resolve(__dirname, '..');

function log(msg: string): void {
  console.log(`[e2e] ${msg}`);
}

/** `next build` into distDir; E2E_SKIP_BUILD=1 reuses an existing build. */
function build(distDir: string): void {
  if (process.env.E2E_SKIP_BUILD === '1' && fs.existsSync(path.join(ROOT, distDir, 'BUILD_ID'))) {
    log(`reusing the build in ${distDir} (E2E_SKIP_BUILD=1)`);
    return;
  }
  const t = Date.now();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NEXT_DIST_DIR: distDir, NODE_ENV: 'production' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    throw new Error(`next build failed (exit ${r.status}):\n${(r.stdout + r.stderr).split('\n').slice(-60).join('\n')}`);
  }
  log(`next build (${distDir}) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

/**
 * Throwaway PostgreSQL + PgBouncer (transaction pooling), migrated, with one superuser; then the
 * production build of the app on a free port, with DATABASE_URL through PgBouncer.
 * Returns the teardown (Playwright calls it after the run).
 */
export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  const t0 = Date.now();
  const distDir = process.env.E2E_DIST_DIR ?? '.next-e2e';
  const cluster = await startCluster({ poolSize: 6, requirePgbouncer: process.env.CI === 'true' });
  const cleanups: Array<() => Promise<void>> = [() => cluster.stop()];
  const teardown = async () => {
    for (const c of cleanups.reverse()) await c().catch((err: Error) => console.error(`[e2e] teardown: ${err.message}`));
  };
  try {
    if (!cluster.pooledUrl) console.warn('[e2e] WARNING: pgbouncer is not installed; the app talks to PostgreSQL directly.');
    const pooledUrl = cluster.pooledUrl ?? cluster.directUrl;
    process.env.DIRECT_DATABASE_URL = cluster.directUrl;
    process.env.DATABASE_URL = pooledUrl;

    await migrateShared(directDb());
    await installJobQueue(); // polls with a closing time enqueue their close_poll job
    const superuser = { email: 'operator@quorum.test', password: randomBytes(12).toString('base64url') };
    await createSuperuser(directDb(), superuser.email, superuser.password);
    await closePools();
    log(`cluster ready in ${Date.now() - t0} ms (${cluster.pooledUrl ? 'through PgBouncer' : 'direct'})`);

    build(distDir);
    const app = await startApp(
      {
        DATABASE_URL: pooledUrl,
        DIRECT_DATABASE_URL: cluster.directUrl,
        LOGIN_LIMIT_PER_ADDRESS: '100000',
        LOGIN_LIMIT_PER_TENANT_ADDRESS: '100000',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        // Test-only (production refuses both otherwise): sso.spec's OpenID provider is
        // http://127.0.0.1, and links (the SSO redirect URI) use the scheme this server answers on.
        QUORUM_SSO_HTTP_LOOPBACK: '1',
        LINK_SCHEME: 'http',
      },
      { distDir },
    );
    cleanups.push(() => app.stop());
    const rootDomain = `localhost:${app.port}`;
    const env: E2eEnv = {
      port: app.port,
      rootDomain,
      rootURL: `http://${rootDomain}`,
      superuser,
      directUrl: cluster.directUrl,
      pooledUrl,
      clusterDir: cluster.dir,
      distDir,
    };
    const file = defaultEnvFile();
    writeEnvFile(file, env);
    cleanups.push(async () => fs.rmSync(file, { force: true }));
    // Workers inherit the runner's environment.
    process.env[ENV_VAR] = file;
    process.env.DIRECT_DATABASE_URL = cluster.directUrl;
    process.env.DATABASE_URL = pooledUrl;
    log(`app on ${env.rootURL} (tenants at http://<sub>.${rootDomain}); setup took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return teardown;
  } catch (err) {
    await teardown();
    throw err;
  }
}
