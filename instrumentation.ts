// Runs once when the Next.js server starts: refuse a production start with default secrets.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { productionProblems } = await import('./lib/config/production-check');
  if (process.env.NODE_ENV === 'production') {
    const problems = productionProblems();
    if (problems.length) {
      console.error(`Refusing to start in production: ${problems.join(' ')}`);
      process.exit(1);
    }
  }
}
