// One LISTEN connection per channel and process, for caches that a NOTIFY clears (the host cache,
// the API token cache). It connects on the direct URL (PgBouncer in transaction mode cannot
// LISTEN), retries every second while PostgreSQL is away, and calls onChange both on every
// notification and whenever the connection is lost (a cache that may have missed a notice must
// be dropped). The state lives on globalThis: Next bundles a module more than once, and one
// connection per process is enough. The connection never keeps a CLI process alive.
import pg from 'pg';
import { noListen } from '@/lib/config/env';
import { directUrl } from '@/lib/infra/db/pool';
import { log } from '@/lib/infra/log';

export interface CacheListener {
  /** Starts listening unless it already does (or is starting); cheap enough for every lookup. */
  ensure(): void;
  /** True while notifications arrive: a cache may keep entries only then. */
  listening(): boolean;
  stop(): Promise<void>;
}

interface State {
  client: pg.Client | null;
  starting: boolean;
}

export function cacheListener(opts: {
  /** The globalThis key that holds this listener's state. */
  key: string;
  channel: string;
  applicationName: string;
  /** Named in log lines, e.g. "tenancy listener". */
  label: string;
  onChange: () => void;
  /** Whether to listen at all (besides QUORUM_NO_LISTEN); e.g. not when the cache is off. */
  enabled?: () => boolean;
}): CacheListener {
  const g = globalThis as unknown as Record<string, State | undefined>;
  const state = (g[opts.key] ??= { client: null, starting: false });

  function ensure(): void {
    if (state.client || state.starting || noListen() || (opts.enabled && !opts.enabled())) return;
    state.starting = true;
    const client = new pg.Client({ connectionString: directUrl(), application_name: opts.applicationName });
    const retry = () => {
      if (state.client === client) state.client = null;
      opts.onChange();
      setTimeout(ensure, 1000).unref();
    };
    const fail = (what: string) => (err: Error) => {
      log.warn({ err: err.message }, `${opts.label} ${what}; retrying`);
      client.end().catch(() => undefined);
      retry();
    };
    client.on('error', fail('failed'));
    client.on('notification', () => opts.onChange());
    client
      .connect()
      .then(() => client.query(`LISTEN ${opts.channel}`))
      .then(() => {
        state.client = client;
        (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
      })
      .catch(fail('could not start'))
      .finally(() => {
        state.starting = false;
      });
  }

  return {
    ensure,
    listening: () => state.client !== null,
    async stop() {
      const c = state.client;
      state.client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
