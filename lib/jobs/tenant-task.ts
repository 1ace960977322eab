import type { JobHelpers, Task } from 'graphile-worker';
import type { Logger } from 'pino';
import { z } from 'zod';
import { pooledDb } from '@/lib/infra/db/pool';
import { log } from '@/lib/infra/log';
import { withTenant, type TenantDb } from '@/lib/tenancy';
import { findTenantById } from '@/lib/platform';

/** What a job may know about its tenant: never the schema name (that stays in lib/tenancy). */
export interface JobTenant {
  id: number;
  name: string;
  /** The primary domain (links in emails point there); null if the tenant has none. */
  host: string | null;
}

export interface TenantJobContext<P> {
  payload: P;
  tenant: JobTenant;
  /** Runs `fn` in one transaction in this job's tenant (withTenant through the pooled connection). */
  inTenant<T>(fn: (db: TenantDb) => Promise<T>): Promise<T>;
  log: Logger;
  helpers: JobHelpers;
}

const tenantIdPayload = z.object({ tenantId: z.number().int().positive() }).loose();

/**
 * Wraps a job handler so that it runs in the tenant named by its payload and no other. The tenant
 * is looked up when the job runs (not when it was queued): a deleted tenant's job, or a suspended
 * one's, is dropped with a log line (the job completes) instead of failing and being retried.
 */
export function tenantTask<S extends z.ZodType<object>>(
  name: string,
  payloadSchema: S,
  handler: (ctx: TenantJobContext<z.output<S>>) => Promise<void>,
): Task {
  return async (raw, helpers) => {
    const jobLog = log.child({ job: name, jobId: helpers.job.id, attempt: helpers.job.attempts });
    const ids = tenantIdPayload.safeParse(raw);
    const parsed = payloadSchema.safeParse(raw);
    if (!ids.success || !parsed.success) {
      jobLog.error({ payload: raw }, 'job dropped: its payload is not valid');
      return;
    }
    const tenantId = ids.data.tenantId;
    const row = await findTenantById(pooledDb(), tenantId);
    if (!row) {
      jobLog.warn({ tenantId }, 'job dropped: its tenant no longer exists');
      return;
    }
    if (row.status !== 'active') {
      jobLog.warn({ tenantId, tenant: row.schema_name }, 'job dropped: its tenant is suspended');
      return;
    }
    const schema = row.schema_name;
    await handler({
      payload: parsed.data,
      tenant: { id: row.id, name: row.name, host: row.host },
      inTenant: (fn) => withTenant({ schema }, fn),
      log: jobLog.child({ tenant: schema }),
      helpers,
    });
  };
}
