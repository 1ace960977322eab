import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { storageDir } from '@/lib/config/env';

/** A stored file's bytes and what to serve them as. */
export interface StoredFile {
  bytes: Buffer;
  contentType: string;
  /** A hash of the content: the HTTP ETag and the cache-busting version in URLs. */
  etag: string;
}

/**
 * Files keyed by tenant. A tenant is named by its id (stable across schema renames), a file by a
 * short fixed-alphabet name chosen by the code (e.g. "logo"), so no input can form a path that
 * leaves the tenant's own directory.
 */
export interface TenantStorage {
  put(tenantId: number, name: string, file: Omit<StoredFile, 'etag'>): Promise<StoredFile>;
  get(tenantId: number, name: string): Promise<StoredFile | null>;
  /** The file's type and version without its bytes (for links), or null. */
  meta(tenantId: number, name: string): Promise<Omit<StoredFile, 'bytes'> | null>;
  remove(tenantId: number, name: string): Promise<void>;
  /** Removes everything the tenant stored (tenant deletion). */
  removeTenant(tenantId: number): Promise<void>;
}

const NAME = /^[a-z][a-z0-9-]{0,62}$/;

function checkKey(tenantId: number, name: string): void {
  if (!Number.isSafeInteger(tenantId) || tenantId <= 0) throw new Error(`storage: bad tenant id ${tenantId}`);
  if (!NAME.test(name)) throw new Error(`storage: bad file name ${JSON.stringify(name)}`);
}

/** The local-directory store: STORAGE_DIR (default .data/storage)/tenants/<id>/<name>{,.json}. */
export function localStorage(root = storageDir() || path.resolve('.data', 'storage')): TenantStorage {
  const base = path.resolve(root, 'tenants');
  const dirOf = (tenantId: number) => path.join(base, String(tenantId));
  const fileOf = (tenantId: number, name: string) => {
    checkKey(tenantId, name);
    return path.join(dirOf(tenantId), name);
  };
  return {
    async put(tenantId, name, file) {
      const target = fileOf(tenantId, name);
      await mkdir(path.dirname(target), { recursive: true });
      const etag = createHash('sha256').update(file.bytes).digest('hex').slice(0, 32);
      const meta = JSON.stringify({ contentType: file.contentType, etag });
      // Write aside, then rename: a reader never sees half a file (meta first, so bytes never outrun it).
      const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(`${tmp}.json`, meta);
      await writeFile(tmp, file.bytes);
      await rename(`${tmp}.json`, `${target}.json`);
      await rename(tmp, target);
      return { ...file, etag };
    },
    async get(tenantId, name) {
      const target = fileOf(tenantId, name);
      try {
        const [bytes, meta] = await Promise.all([readFile(target), readFile(`${target}.json`, 'utf8')]);
        const m = JSON.parse(meta) as { contentType: string; etag: string };
        return { bytes, contentType: m.contentType, etag: m.etag };
      } catch (err) {
        if ((err as { code?: string }).code === 'ENOENT') return null;
        throw err;
      }
    },
    async meta(tenantId, name) {
      try {
        return JSON.parse(await readFile(`${fileOf(tenantId, name)}.json`, 'utf8')) as Omit<StoredFile, 'bytes'>;
      } catch (err) {
        if ((err as { code?: string }).code === 'ENOENT') return null;
        throw err;
      }
    },
    async remove(tenantId, name) {
      const target = fileOf(tenantId, name);
      await rm(target, { force: true });
      await rm(`${target}.json`, { force: true });
    },
    async removeTenant(tenantId) {
      checkKey(tenantId, 'x');
      await rm(dirOf(tenantId), { recursive: true, force: true });
    },
  };
}

/** The configured store (one implementation today: the local directory). */
export function tenantStorage(): TenantStorage {
  return localStorage();
}

/** The one file a tenant has today: its organisation's logo. */
export const LOGO_FILE = 'logo';

/** Copies one tenant's logo to another (a clone with its data); nothing when there is none. */
export async function copyLogo(fromTenantId: number, toTenantId: number): Promise<void> {
  const logo = await tenantStorage().get(fromTenantId, LOGO_FILE);
  if (logo) await tenantStorage().put(toTenantId, LOGO_FILE, { bytes: logo.bytes, contentType: logo.contentType });
}
