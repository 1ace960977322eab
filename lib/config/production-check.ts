// Secrets that must never reach production: the documented development values and the usual suspects.
const DEFAULT_SECRETS = new Set([
  '',
  'secret',
  'changeme',
  'change-me',
  'development',
  'dev-secret',
  'quorum-dev-secret-change-me',
  'please-change-me',
]);
const DEFAULT_DB_PASSWORDS = new Set(['', 'postgres', 'password', 'quorum', 'changeme', 'quorum-dev-password', 'secret']);

/** The password pg would use from this URL (null if it does not parse), read the way pg-connection-string does. */
function dbPassword(url: string | undefined): string | null {
  if (!url) return null;
  try {
    // pg accepts an empty host (a unix socket named by ?host=), which WHATWG URL rejects; and a
    // ?password= parameter overrides the one in the authority.
    const u = new URL(/^postgres(?:ql)?:\/\/[^@/?#]*@\//i.test(url) ? url.replace('@/', '@localhost/') : url);
    return u.searchParams.get('password') ?? decodeURIComponent(u.password);
  } catch {
    return null;
  }
}

/** Reasons the configuration is unfit for production; empty when it is fine. */
export function productionProblems(env: NodeJS.ProcessEnv = process.env): string[] {
  const problems: string[] = [];
  const secret = env.AUTH_SECRET ?? env.NEXTAUTH_SECRET;
  if (!secret) problems.push('AUTH_SECRET is not set.');
  else if (DEFAULT_SECRETS.has(secret.toLowerCase()) || secret.length < 32) {
    problems.push('AUTH_SECRET is a default or too short (use at least 32 random characters, e.g. `openssl rand -base64 32`).');
  } else if (new Set(secret).size < 8) {
    // 'changemechangeme…', 'xxxxxxxx…': long enough, but a placeholder (random base64 or hex has far more distinct characters).
    problems.push('AUTH_SECRET looks like a placeholder (too few distinct characters); use `openssl rand -base64 32`.');
  }
  for (const name of ['DATABASE_URL', 'DIRECT_DATABASE_URL'] as const) {
    const pw = dbPassword(env[name]);
    if (pw !== null && DEFAULT_DB_PASSWORDS.has(pw)) problems.push(`${name} uses a default database password.`);
  }
  if (env.QUORUM_WEBHOOKS_ALLOW_PRIVATE === '1') {
    problems.push(
      'QUORUM_WEBHOOKS_ALLOW_PRIVATE=1 lets webhooks reach private and loopback addresses (SSRF): it is for tests and development only.',
    );
  }
  return problems;
}

export function assertProductionReady(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV !== 'production') return;
  const problems = productionProblems(env);
  if (problems.length) throw new Error(`Refusing to start in production: ${problems.join(' ')}`);
}

/** Server start hook: prints the reasons and exits when production would run with defaults. */
export function refuseUnsafeProductionStart(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV !== 'production') return;
  const problems = productionProblems(env);
  if (problems.length === 0) return;
  console.error(`Refusing to start in production: ${problems.join(' ')}`);
  process.exit(1);
}
