import fs from 'node:fs';
import path from 'node:path';

/** What e2e/global-setup.ts hands to the specs (written as JSON; path in QUORUM_E2E_ENV). */
export interface E2eEnv {
  port: number;
  /** `localhost:<port>` — the ROOT_DOMAIN of the server under test. */
  rootDomain: string;
  /** `http://localhost:<port>` */
  rootURL: string;
  superuser: { email: string; password: string };
  directUrl: string;
  pooledUrl: string;
  clusterDir: string;
  distDir: string;
}

export const ENV_VAR = 'QUORUM_E2E_ENV';

export function defaultEnvFile(): string {
  return path.resolve(__dirname, '..', '..', '.tmp', 'e2e', `env-${process.pid}.json`);
}

export function writeEnvFile(file: string, env: E2eEnv): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(env, null, 2), { mode: 0o600 });
}

let cached: E2eEnv | undefined;

/** The running e2e environment (throws with a hint when global setup did not run). */
export function readEnvFile(): E2eEnv {
  if (cached) return cached;
  const file = process.env[ENV_VAR];
  if (!file || !fs.existsSync(file)) {
    throw new Error(`${ENV_VAR} is not set or missing: run the specs with \`npx playwright test\` so e2e/global-setup.ts runs first.`);
  }
  cached = JSON.parse(fs.readFileSync(file, 'utf8')) as E2eEnv;
  return cached;
}
