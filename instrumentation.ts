// Runs once when the Next.js server starts: refuse a malformed configuration and a production start with default secrets.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { checkConfig } = await import('./lib/config/env');
  checkConfig();
  const { refuseUnsafeProductionStart } = await import('./lib/config/production-check');
  refuseUnsafeProductionStart();
}
