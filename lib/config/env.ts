// The configuration of Quorum: every environment variable the app reads is read here, typed, and
// nowhere else (README's configuration table is checked against ENV_VARS by env.test.ts). Values
// are read per call, so a test or a bench may change process.env before the code under test runs;
// checkConfig() validates them all once when a server, worker or CLI starts.
// Pure and import-free: also loaded by the edge middleware.

/** The public host (may carry a port); read per call so tests can change the env. */
export function rootDomain(): string {
  return process.env.ROOT_DOMAIN ?? 'localhost:3000';
}
