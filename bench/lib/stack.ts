// The preamble the database benches share, written once: a throwaway cluster registered with the
// script's cleanup stack (this process's pools and tenancy listener closed before the cluster
// stops), the shared schema migrated; and a tenant with an admin and bench data.
import type { Cluster, StartClusterOptions } from '@/harness/cluster';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { hashPassword } from '@/lib/features/auth/password';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { benchCluster, type Resources } from './env';
import { ensureShared, fillTenant, type DataShape } from './tenants';

export const BENCH_ADMIN = { email: 'admin@bench.test', password: 'bench-password' };

/**
 * Starts the cluster (benchCluster, or `start` for another kind, e.g. Citus), registers its
 * teardown with `res`, and migrates the shared schema unless `migrateShared` is false.
 */
export async function benchStack<C extends Cluster = Cluster>(
  res: Resources,
  opts: StartClusterOptions & { migrateShared?: boolean; start?: () => Promise<C> } = {},
): Promise<C> {
  const { migrateShared = true, start, ...clusterOpts } = opts;
  const cluster = start ? await start() : ((await benchCluster(clusterOpts)) as C);
  res.add('cluster', () => cluster.stop());
  res.add('pools', async () => {
    await stopTenancyListener();
    await closePools();
  });
  if (migrateShared) await ensureShared();
  return cluster;
}

/** A tenant with the bench admin (BENCH_ADMIN) and `data` (fillTenant; every user's password is the admin's). */
export async function benchTenant(
  t: { schema: string; name: string; domain: string },
  data: DataShape,
  passwordHash?: string,
): Promise<void> {
  await provisionTenantWithAdmin(directDb(), { ...t, admin: BENCH_ADMIN });
  await fillTenant(t.schema, data, passwordHash ?? (await hashPassword(BENCH_ADMIN.password)));
}
