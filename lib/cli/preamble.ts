// Imported first by main.ts, before any module that reads these variables at load time.
// The CLI is a short-lived process: no LISTEN connection may keep it alive, and log lines
// (pino writes JSON to stdout) must not mix with `list --json` output.
process.env.QUORUM_NO_LISTEN = '1';
process.env.LOG_LEVEL ||= 'error';

export {};
