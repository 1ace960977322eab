// `npm run tenants -- <command>`: Quorum's tenant management CLI (django-tenants' management
// commands). The preamble must come first: it sets environment read when other modules load.
import './preamble';
import { configProblems } from '@/lib/config/env';
import { main } from './program';

// `tenants list | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const problems = configProblems();
if (problems.length) {
  console.error(`Invalid configuration: ${problems.join(' ')}`);
  process.exit(1);
}

void main().then((code) => {
  process.exitCode = code;
  // Nothing should hold the event loop after the pools are closed; if something does, do not hang.
  setTimeout(() => process.exit(code), 2000).unref();
});
