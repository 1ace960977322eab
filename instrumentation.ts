// Runs once when the Next.js server starts: refuse a malformed configuration and a production start with default secrets,
// and start traces (issue 25, part 2) when an OTLP endpoint is set — for a bare `next start`/`next dev`; under server.ts
// the process already has its provider (started before Next prepared) and this does nothing.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { checkConfig } = await import('./lib/config/env');
  checkConfig();
  const { refuseUnsafeProductionStart } = await import('./lib/config/production-check');
  refuseUnsafeProductionStart();
  const { startTracing } = await import('./lib/entry/tracing');
  await startTracing();
}
