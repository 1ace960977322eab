import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { directDb } from '@/lib/infra/db/pool';
import { exportTenant } from '@/lib/platform';

/**
 * The operator's download of a tenant export: written to a private temp directory first (so
 * the snapshot transaction never waits on a browser), then handed over with its cleanup.
 */
export async function exportTenantToTempFile(schema: string): Promise<{ file: string; size: number; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'quorum-export-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const file = path.join(dir, `${schema}.qexport`);
  try {
    await exportTenant(directDb(), schema, file);
    return { file, size: (await stat(file)).size, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
