import { startEmbedded } from './embedded';

/**
 * Makes sure DATABASE_URL (and DIRECT_DATABASE_URL) are set: with neither given, the embedded
 * PostgreSQL under .data/ is started (or attached to) and used for both.
 */
export async function ensureDatabaseEnv(
  log: (msg: string) => void = () => undefined,
): Promise<{ embedded: boolean; stop(): Promise<void> }> {
  if (!process.env.DATABASE_URL && process.env.DIRECT_DATABASE_URL) process.env.DATABASE_URL = process.env.DIRECT_DATABASE_URL;
  if (process.env.DATABASE_URL) {
    process.env.DIRECT_DATABASE_URL ||= process.env.DATABASE_URL;
    return { embedded: false, stop: async () => undefined };
  }
  const handle = await startEmbedded(log);
  process.env.DATABASE_URL = handle.url;
  process.env.DIRECT_DATABASE_URL = handle.url;
  return { embedded: true, stop: handle.stop };
}
